"""residents' 文化程度; redactions (and the rulebook's one schema)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:30:00

- ``residents.education``: 文化程度, GB/T 4658 codes; existing residents have none recorded
  (blank), which every form shows as 未填写. A field of the one schema (``gridrules.schema``):
  synced, merged like any roster field.
- ``redactions``: when the centre's administrator redacts an append-only record, pulls bring
  its tombstone (state ``redacted``): the client removes the content as it removes a deleted
  row and keeps here that it existed, when and why it was redacted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "residents",
        sa.Column("education", sa.String(length=4), nullable=False, server_default=""),
    )
    op.create_table(
        "redactions",
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("redacted_at", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id"),
    )
    op.create_index("ix_redactions_household_id", "redactions", ["household_id"])


def downgrade() -> None:
    op.drop_index("ix_redactions_household_id", table_name="redactions")
    op.drop_table("redactions")
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("education")
