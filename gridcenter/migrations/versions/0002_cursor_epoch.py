"""The cursor epoch: a ``meta`` table with one random ``cursor_epoch`` value, carried in every
pull cursor. Generated here, so every database (a new one, or an existing one upgraded) starts
with its own; ``gridcenter admin new-cursor-epoch`` replaces it after a restore.

Cursors signed before this revision carry no epoch and are answered ``cursor_invalid`` (each
client pulls once from the beginning after the upgrade; see gridcenter/cursor.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = op.create_table(
        "meta",
        sa.Column("name", sa.String(40)),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_meta"),
    )
    op.bulk_insert(meta, [{"name": "cursor_epoch", "value": secrets.token_hex(8)}])


def downgrade() -> None:
    op.drop_table("meta")
