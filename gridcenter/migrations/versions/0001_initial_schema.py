"""Initial gridcenter schema: users, areas, grids, assignments, tokens, the generic records
table with its change log (seq counter, gone markers), mutations, conflicts, blobs and the
append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(36)
STAMP = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", STAMP, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("parent_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_areas"),
        sa.UniqueConstraint("code", name="uq_areas_code"),
        sa.ForeignKeyConstraint(["parent_id"], ["areas.id"], name="fk_areas_parent_id_areas"),
    )
    op.create_table(
        "grids",
        sa.Column("id", ID),
        sa.Column("no", sa.Integer, nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("village_id", sa.Integer, nullable=True),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_grids"),
        sa.UniqueConstraint("no", name="uq_grids_no"),
        sa.UniqueConstraint("code", name="uq_grids_code"),
        sa.ForeignKeyConstraint(["village_id"], ["areas.id"], name="fk_grids_village_id_areas"),
    )
    op.create_table(
        "assignments",
        sa.Column("user_id", ID),
        sa.Column("grid_id", ID),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "grid_id", name="pk_assignments"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_assignments_user_id_users"),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name="fk_assignments_grid_id_grids"),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(64)),
        sa.Column("family_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("device", sa.String(100), nullable=False),
        sa.Column("issued_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("spent_at", STAMP, nullable=True),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_refresh_tokens"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_refresh_tokens_user_id_users"
        ),
    )
    op.create_index("ix_refresh_tokens_family_id", "refresh_tokens", ["family_id"])
    op.create_table(
        "records",
        sa.Column("id", ID),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("grid_id", ID, nullable=False),
        sa.Column("parent_id", ID, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("updated_by", sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
    )
    op.create_index("ix_records_grid_seq", "records", ["grid_id", "seq", "entity"])
    op.create_index("ix_records_seq", "records", ["seq"])
    op.create_index("ix_records_parent", "records", ["parent_id"])
    op.create_table(
        "gone",
        sa.Column("seq", sa.BigInteger, autoincrement=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("row_id", ID, nullable=False),
        sa.Column("grid_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_gone"),
    )
    op.create_index("ix_gone_grid_seq", "gone", ["grid_id", "seq", "entity"])
    op.create_table(
        "mutations",
        sa.Column("mutation_id", ID),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("mutation_id", name="pk_mutations"),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", ID),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("row_id", ID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("field", sa.String(50), nullable=True),
        sa.Column("base", sa.Text, nullable=True),
        sa.Column("mine", sa.Text, nullable=True),
        sa.Column("theirs", sa.Text, nullable=True),
        sa.Column("mutation_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("resolved_by", sa.String(50), nullable=True),
        sa.Column("resolved_at", STAMP, nullable=True),
        sa.Column("choice", sa.String(20), nullable=True),
        sa.Column("value", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
    )
    op.create_index("ix_conflicts_user_id", "conflicts", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, autoincrement=True),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("username", sa.String(50), nullable=True),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64)),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("uploaded_by", ID, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )
    op.create_table(
        "blob_uploaders",
        sa.Column("sha256", sa.String(64)),
        sa.Column("user_id", ID),
        sa.PrimaryKeyConstraint("sha256", "user_id", name="pk_blob_uploaders"),
    )
    op.create_table(
        "visit_media",
        sa.Column("sha256", sa.String(64)),
        sa.Column("visit_id", ID),
        sa.PrimaryKeyConstraint("sha256", "visit_id", name="pk_visit_media"),
    )
    op.create_table(
        "counters",
        sa.Column("name", sa.String(20)),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_counters"),
    )
    op.execute("INSERT INTO counters (name, value) VALUES ('seq', 0)")
    _protect_audit_log()


def _protect_audit_log() -> None:
    """The audit log is append-only: the database itself refuses UPDATE and DELETE."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{action.lower()} BEFORE {action} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "counters", "visit_media", "blob_uploaders", "blobs", "audit_log", "conflicts",
        "mutations", "gone", "records", "refresh_tokens", "assignments", "grids", "areas",
        "users",
    ):
        op.drop_table(table)
