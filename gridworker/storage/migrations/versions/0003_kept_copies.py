"""kept copies of rejected changes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:30:00

A new table only: existing data is kept as is. A worker who sets a rejected change aside
may keep a read-only copy of it (``services/rejections.py``); the copies are never synced and
the database refuses to edit them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_copies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("row_label", sa.Text(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("error_code", sa.String(length=40), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=True),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.Column("kept_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mutation_id"),
    )
    op.execute(
        "CREATE TRIGGER kept_copies_no_update BEFORE UPDATE ON kept_copies "
        "BEGIN SELECT RAISE(ABORT, 'kept copies are read-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER kept_copies_no_update")
    op.drop_table("kept_copies")
