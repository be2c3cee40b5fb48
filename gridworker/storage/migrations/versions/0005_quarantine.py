"""pulled rows the client cannot read, kept raw with the reason (quarantine)

Revision ID: 0005_quarantine
Revises: 0004
Create Date: 2026-12-02 00:30:00

A new table only: existing data is kept as is. A row of a pull page that this client cannot
convert (an unknown entity, a missing id, a value of the wrong type…) is kept here instead of
failing the page (``gridworker.sync.quarantine``): the rest of the page applies and the cursor
moves on. The entry goes when a later version of the row converts, or the row is deleted or
leaves the worker's scope. ``raw`` is the row as sent, cut at ``raw_truncated`` size;
``reason_code`` and ``reason`` never hold a field's value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_quarantine"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("raw_truncated", sa.Boolean(), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id"),
    )


def downgrade() -> None:
    op.drop_table("quarantine")
