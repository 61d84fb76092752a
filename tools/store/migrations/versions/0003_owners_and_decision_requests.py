"""owners and decision requests

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owner_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("primary_staff_id", sa.Integer(), nullable=True),
        sa.Column("backup_staff_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["backup_staff_id"], ["staff.id"], name=op.f("fk_owner_roles_backup_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["primary_staff_id"], ["staff.id"], name=op.f("fk_owner_roles_primary_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owner_roles")),
        sa.UniqueConstraint("role", name=op.f("uq_owner_roles_role")),
    )
    op.create_table(
        "decision_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("owner_role", sa.String(length=100), nullable=False),
        sa.Column("owner_staff_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("edited_arguments", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'edited', 'responded', 'cancelled')",
            name=op.f("ck_decision_requests_status"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["staff.id"], name=op.f("fk_decision_requests_decided_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["owner_staff_id"], ["staff.id"], name=op.f("fk_decision_requests_owner_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_decision_requests_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["staff.id"], name=op.f("fk_decision_requests_requester_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_requests")),
    )
    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_decision_requests_owner_status", ["owner_role", "status"], unique=False
        )

    op.create_table(
        "owner_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_owner_escalations_position")),
        sa.ForeignKeyConstraint(
            ["role_id"], ["owner_roles.id"], name=op.f("fk_owner_escalations_role_id_owner_roles")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_owner_escalations_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owner_escalations")),
        sa.UniqueConstraint("role_id", "position", name="uq_owner_escalation_position"),
    )


def downgrade() -> None:
    op.drop_table("owner_escalations")
    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_requests_owner_status")

    op.drop_table("decision_requests")
    op.drop_table("owner_roles")
