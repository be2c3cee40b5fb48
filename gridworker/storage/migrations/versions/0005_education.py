"""residents' 文化程度 (education, GB/T 4658 codes)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:30:00

One column; existing residents have none recorded (blank), which every form shows as
未填写. A field of the one schema (``gridrules.schema``): synced, merged like any roster field.
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


def downgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("education")
