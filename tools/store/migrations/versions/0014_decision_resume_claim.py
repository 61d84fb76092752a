"""who is resuming a decision's waiting conversation, and since when

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

Several workers (and, in one worker, several live streams) can see the same answer
recorded at once. Each resumes the waiting conversation only after claiming it here, so
the outcome is written once; a claim older than its lease is taken over, so a worker
that died half-way does not leave the conversation waiting for ever.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("resume_claimed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.drop_column("resume_claimed_at")
