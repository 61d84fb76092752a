"""tracked handoffs, cases, notifications outbox, PCP assignments, write-offs, job runs

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "period", name="uq_job_runs_period"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_staff_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_staff_id"],
            ["staff.id"],
            name=op.f("fk_notifications_recipient_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_undelivered", ["delivered_at", "id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("flags", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=True),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'closed', 'cancelled')", name=op.f("ck_cases_status")
        ),
        sa.ForeignKeyConstraint(["opened_by"], ["staff.id"], name=op.f("fk_cases_opened_by_staff")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_cases_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=60), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner_role", sa.String(length=100), nullable=False),
        sa.Column("escalate_to_role", sa.String(length=100), nullable=True),
        sa.Column("holder_staff_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("entry_conditions", sa.Text(), nullable=False),
        sa.Column("waiting_on", sa.Text(), nullable=False),
        sa.Column("outcome_target", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalate_after_hours", sa.Integer(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("nudged_for_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("priority IN ('normal', 'high')", name=op.f("ck_handoffs_priority")),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'done', 'stalled', 'escalated', 'cancelled')",
            name=op.f("ck_handoffs_status"),
        ),
        sa.CheckConstraint("escalate_after_hours > 0", name=op.f("ck_handoffs_escalate_after")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_handoffs_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["holder_staff_id"], ["staff.id"], name=op.f("fk_handoffs_holder_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["staff.id"], name=op.f("fk_handoffs_opened_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_handoffs_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoffs_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_handoffs_holder_status", ["holder_staff_id", "status"], unique=False
        )
        batch_op.create_index("ix_handoffs_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "pcp_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_pcp_assignments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["staff.id"], name=op.f("fk_pcp_assignments_changed_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_pcp_assignments_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_pcp_assignments_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pcp_assignments")),
    )
    with op.batch_alter_table("pcp_assignments", schema=None) as batch_op:
        batch_op.create_index(
            "uq_pcp_assignments_open",
            ["patient_id"],
            unique=True,
            sqlite_where=sa.text("end_date IS NULL"),
            postgresql_where=sa.text("end_date IS NULL"),
        )

    op.create_table(
        "billing_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount_usd", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_usd > 0", name=op.f("ck_billing_adjustments_amount")),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["staff.id"], name=op.f("fk_billing_adjustments_approved_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision_requests.id"],
            name=op.f("fk_billing_adjustments_decision_id_decision_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_billing_adjustments_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_adjustments")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_billing_adjustments_decision_id")),
    )
    with op.batch_alter_table("billing_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billing_adjustments_month"), ["month"], unique=False)

    op.create_table(
        "handoff_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("holder_staff_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff.id"], name=op.f("fk_handoff_transitions_actor_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["handoff_id"], ["handoffs.id"], name=op.f("fk_handoff_transitions_handoff_id_handoffs")
        ),
        sa.ForeignKeyConstraint(
            ["holder_staff_id"],
            ["staff.id"],
            name=op.f("fk_handoff_transitions_holder_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_transitions")),
    )
    with op.batch_alter_table("handoff_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_transitions_handoff_id"), ["handoff_id"], unique=False
        )

    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("escalation_level", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("nudged_for_due", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_requests_case_id_cases"), "cases", ["case_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_decision_requests_case_id_cases"), type_="foreignkey"
        )
        batch_op.drop_column("nudged_for_due")
        batch_op.drop_column("escalation_level")
        batch_op.drop_column("case_id")
        batch_op.drop_column("result")

    with op.batch_alter_table("handoff_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_transitions_handoff_id"))

    op.drop_table("handoff_transitions")
    with op.batch_alter_table("billing_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_adjustments_month"))

    op.drop_table("billing_adjustments")
    with op.batch_alter_table("pcp_assignments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_pcp_assignments_open",
            sqlite_where=sa.text("end_date IS NULL"),
            postgresql_where=sa.text("end_date IS NULL"),
        )

    op.drop_table("pcp_assignments")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index("ix_handoffs_status_due")
        batch_op.drop_index("ix_handoffs_holder_status")
        batch_op.drop_index(batch_op.f("ix_handoffs_case_id"))

    op.drop_table("handoffs")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_patient_id"))

    op.drop_table("cases")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_undelivered")

    op.drop_table("notifications")
    op.drop_table("job_runs")
