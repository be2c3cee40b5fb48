"""residents' 文化程度; redactions; quarantine (the rulebook's one schema)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:30:00

- ``residents.education``: 文化程度, GB/T 4658 codes; existing residents have none recorded
  (blank), which every form shows as 未填写. A field of the one schema (``gridrules.schema``):
  synced, merged like any roster field.
- ``redactions``: when the centre's administrator redacts an append-only record, pulls bring
  its tombstone (state ``redacted``): the client removes the content as it removes a deleted
  row and keeps here that it existed, when and why it was redacted.
- ``quarantine``: a row of a pull page that this client cannot convert (an unknown entity, a
  missing id, a value of the wrong type…) is kept here instead of failing the page
  (``gridworker.sync.quarantine``): the rest of the page applies and the cursor moves on. The
  entry goes when a later version of the row converts, or the row is deleted or leaves the
  worker's scope. ``raw`` is the row as sent, cut at ``raw_truncated`` size; ``reason_code``
  and ``reason`` never hold a field's value.

- ``journal.error_details``: for a refusal ``invalid``, the field and the rule the centre
  named, so the refused change says which field in the worker's language.

All are additions: existing data is kept as is.
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
    op.add_column("journal", sa.Column("error_details", sa.JSON(), nullable=True))
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
    with op.batch_alter_table("journal") as batch:
        batch.drop_column("error_details")
    op.drop_index("ix_redactions_household_id", table_name="redactions")
    op.drop_table("redactions")
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("education")
