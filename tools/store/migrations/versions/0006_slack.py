"""slack thread links, decision notices and seen events

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_threads",
        sa.Column("thread_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("channel_id", sa.String(length=20), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=40), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_slack_threads_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_slack_threads")),
    )
    op.create_table(
        "slack_decision_notices",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision_requests.id"],
            name=op.f("fk_slack_decision_notices_decision_id_decision_requests"),
        ),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_slack_decision_notices")),
    )
    op.create_table(
        "slack_seen_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_seen_events")),
    )
    op.create_index(
        op.f("ix_slack_seen_events_seen_at"), "slack_seen_events", ["seen_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_slack_seen_events_seen_at"), table_name="slack_seen_events")
    op.drop_table("slack_seen_events")
    op.drop_table("slack_decision_notices")
    op.drop_table("slack_threads")
