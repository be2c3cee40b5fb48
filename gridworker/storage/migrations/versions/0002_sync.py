"""sync: journal answers, conflicts, sync flags, photo transfer state, purge guard

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00

Only ADD COLUMN and new tables: existing data is kept as is (journal entries stay pending,
photos count as on disk and not yet uploaded).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NO_DELETE = "visits are append-only: record an amendment"


def upgrade() -> None:
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("error_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("error_message", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("server_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolves", sa.JSON(), nullable=True))

    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uploaded", sa.Boolean(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("local", sa.Boolean(), server_default=sa.text("1"), nullable=False)
        )

    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=True),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("mine", sa.JSON(), nullable=True),
        sa.Column("theirs", sa.JSON(), nullable=True),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=50), nullable=True),
        sa.Column("choice", sa.String(length=20), nullable=True),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_conflicts_state", ["state"], unique=False)
        batch_op.create_index("ix_conflicts_row", ["entity", "row_id"], unique=False)

    op.create_table(
        "sync_flags",
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("flag", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id", "flag"),
    )
    op.create_table(
        "purge_guard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Visits stay append-only, except inside the sync transaction that removes a household
    # which left my scope (it fills purge_guard, deletes, and empties it before committing).
    op.execute("DROP TRIGGER visits_no_delete")
    op.execute(
        "CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits "
        "WHEN NOT EXISTS (SELECT 1 FROM purge_guard) "
        f"BEGIN SELECT RAISE(ABORT, '{_NO_DELETE}'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER visits_no_delete")
    op.execute(
        "CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits "
        f"BEGIN SELECT RAISE(ABORT, '{_NO_DELETE}'); END"
    )
    op.drop_table("purge_guard")
    op.drop_table("sync_flags")
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_conflicts_row")
        batch_op.drop_index("ix_conflicts_state")
    op.drop_table("conflicts")
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_column("local")
        batch_op.drop_column("uploaded")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_column("resolves")
        batch_op.drop_column("server_version")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("error_message")
        batch_op.drop_column("error_code")
        batch_op.drop_column("status")
