"""the billing month's minutes from one partial covering index on the task log

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

The month run sums the live, billable entries of a month per patient. The index holds
exactly those rows' columns (date, patient, type, minutes; deleted_at because SQLite
counts a partial index as covering only when it holds every column the query names), so
the database reads the month from the index without visiting the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_log_month_minutes",
            ["task_date", "patient_id", "task_type_id", "minutes", "deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("task_log", schema=None) as batch_op:
        batch_op.drop_index("ix_task_log_month_minutes")
