"""feedback on answers and routing corrections

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("chosen_agent", sa.String(length=80), nullable=True),
        sa.Column("workflow", sa.String(length=80), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("corrected_agent", sa.String(length=80), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_answer_feedback_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_feedback")),
    )
    with op.batch_alter_table("answer_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_feedback_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_answer_feedback_chosen_agent"), ["chosen_agent"], unique=False
        )
    op.create_table(
        "routing_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agent", sa.String(length=80), nullable=False),
        sa.Column("from_agent", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'rejected')",
            name=op.f("ck_routing_corrections_status"),
        ),
        sa.CheckConstraint(
            "source IN ('feedback', 'cli', 'import')", name=op.f("ck_routing_corrections_source")
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["answer_feedback.id"],
            name=op.f("fk_routing_corrections_feedback_id_answer_feedback"),
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["staff.id"], name=op.f("fk_routing_corrections_proposed_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["staff.id"], name=op.f("fk_routing_corrections_reviewed_by_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_corrections")),
    )
    with op.batch_alter_table("routing_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_corrections_status"), ["status"], unique=False)
    version = op.create_table(
        "routing_corrections_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_corrections_version")),
    )
    op.bulk_insert(version, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("routing_corrections_version")
    with op.batch_alter_table("routing_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_corrections_status"))
    op.drop_table("routing_corrections")
    with op.batch_alter_table("answer_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_feedback_chosen_agent"))
        batch_op.drop_index(batch_op.f("ix_answer_feedback_at"))
    op.drop_table("answer_feedback")
