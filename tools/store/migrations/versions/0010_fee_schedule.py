"""the admin's fee schedule, editable in the store

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05

Empty until an admin first changes a fee: until then the bundled (or
``BATON_FEE_SCHEDULE``) file is the schedule; from then on these rows are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_schedule",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("amount_usd", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_usd >= 0", name=op.f("ck_fee_schedule_amount")),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["staff.id"], name=op.f("fk_fee_schedule_updated_by_staff")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_fee_schedule")),
    )


def downgrade() -> None:
    op.drop_table("fee_schedule")
