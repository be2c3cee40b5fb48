"""rows a pull from the beginning has mentioned (the sweep after cursor_invalid)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 10:30:00

A new table only: existing data is kept as is. When gridcenter answers ``cursor_invalid``,
the client pulls everything again from the beginning; rows the server removed meanwhile may
come without a tombstone. While such a pull runs (``settings`` key ``sync.sweep_since_reset``),
each page's transaction records here the rows it mentions; the last page's transaction
removes every local row not recorded, as a ``gone`` marker would (``gridworker.sync.sweep``),
and empties the table. Kept in the database, not in memory, so a pull interrupted half way
still sweeps when it ends in a later run.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sweep_seen",
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id"),
    )


def downgrade() -> None:
    op.drop_table("sweep_seen")
