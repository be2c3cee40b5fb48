"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 05:40:48.907884
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "drafts",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "grids",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("village", sa.String(length=100), nullable=False),
        sa.Column("township", sa.String(length=100), nullable=False),
        sa.Column("county", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "journal",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("mutation_id"),
    )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journal_row_id"), ["row_id"], unique=False)
        batch_op.create_index("ix_journal_state", ["state", "seq"], unique=False)

    op.create_table(
        "photos",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "households",
        sa.Column("grid_id", sa.String(length=36), nullable=False),
        sa.Column("group_name", sa.String(length=50), nullable=False),
        sa.Column("door_number", sa.String(length=50), nullable=False),
        sa.Column("address_detail", sa.String(length=200), nullable=False),
        sa.Column("dwelling_type", sa.String(length=20), nullable=False),
        sa.Column("head_resident_id", sa.String(length=36), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["grids.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_households_grid_id"), ["grid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_households_status"), ["status"], unique=False)

    op.create_table(
        "residents",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("former_name", sa.String(length=50), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("ethnicity", sa.String(length=4), nullable=False),
        sa.Column("citizen_id", sa.String(length=18), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("population_type", sa.String(length=20), nullable=False),
        sa.Column("residence_status", sa.String(length=20), nullable=False),
        sa.Column("care_categories", sa.JSON(), nullable=False),
        sa.Column("management_categories", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_residents_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_residents_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("visitor", sa.String(length=50), nullable=False),
        sa.Column("visit_type", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("people_met", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("resolved_on_spot", sa.Boolean(), nullable=False),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visits_household_started", ["household_id", "started_at"], unique=False
        )

    op.create_table(
        "visit_amendments",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("author", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("visit_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_amendments_visit_id"), ["visit_id"], unique=False
        )

    op.create_table(
        "visit_photos",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["photos.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
        ),
        sa.PrimaryKeyConstraint("visit_id", "sha256"),
    )

    # Search: FTS5 over prepared tokens (names, pinyin full and initials, ID and phone
    # suffixes, door numbers); see gridworker.storage.search for how tokens are built.
    # ``head`` holds whole values and ``tail`` their suffixes, so a column filter can rank
    # "starts with" above "contains"; ``ref`` holds record/household keys so one entry is
    # replaced by an index seek rather than a scan.
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "head, tail, ref, kind UNINDEXED, ref_id UNINDEXED, household_id UNINDEXED, "
        "prefix='1 2 3', tokenize='unicode61 remove_diacritics 0')"
    )
    # Evidence and audit records are append-only: the database itself refuses edits.
    op.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER visits_no_edit BEFORE UPDATE OF household_id, visitor, visit_type, "
        "started_at, ended_at, people_met, summary, findings, resolved_on_spot, "
        "follow_up_date ON visits "
        "BEGIN SELECT RAISE(ABORT, 'visits are append-only: record an amendment'); END"
    )
    op.execute(
        "CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits "
        "BEGIN SELECT RAISE(ABORT, 'visits are append-only: record an amendment'); END"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_table("visit_photos")
    with op.batch_alter_table("visit_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_amendments_visit_id"))

    op.drop_table("visit_amendments")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_household_started")

    op.drop_table("visits")
    with op.batch_alter_table("residents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_residents_household_id"))
        batch_op.drop_index(batch_op.f("ix_residents_citizen_id"))

    op.drop_table("residents")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_status"))
        batch_op.drop_index(batch_op.f("ix_households_grid_id"))

    op.drop_table("households")
    op.drop_table("settings")
    op.drop_table("photos")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_state")
        batch_op.drop_index(batch_op.f("ix_journal_row_id"))

    op.drop_table("journal")
    op.drop_table("grids")
    op.drop_table("drafts")
    op.drop_table("audit_events")
