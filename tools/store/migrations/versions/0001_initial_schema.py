"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=60), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    # The audit chain starts from one head row; appends lock it (tools/audit/trail.py).
    op.bulk_insert(
        sa.table(
            "audit_head",
            sa.column("id", sa.Integer),
            sa.column("last_id", sa.Integer),
            sa.column("last_hash", sa.String),
        ),
        [{"id": 1, "last_id": 0, "last_hash": "0" * 64}],
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("name", name=op.f("uq_providers_name")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=True),
        sa.Column("slack_user_id", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('coordinator', 'supervisor', 'admin', 'auditor')", name=op.f("ck_staff_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("slack_user_id", name=op.f("uq_staff_slack_user_id")),
    )
    op.create_table(
        "task_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        sa.Column("average_minutes", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(length=3), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "program IS NULL OR program IN ('CCM', 'PCM')", name=op.f("ck_task_types_program")
        ),
        sa.CheckConstraint("average_minutes > 0", name=op.f("ck_task_types_average_minutes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_types")),
        sa.UniqueConstraint("name", name=op.f("uq_task_types_name")),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chart_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("facility", sa.String(length=100), nullable=True),
        sa.Column("program", sa.String(length=3), nullable=True),
        sa.Column("chronic_conditions", sa.Integer(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("visit_interval_months", sa.Integer(), nullable=False),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "program IS NULL OR program IN ('CCM', 'PCM')", name=op.f("ck_patients_program")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'inactive', 'deceased')", name=op.f("ck_patients_status")
        ),
        sa.CheckConstraint("chronic_conditions >= 0", name=op.f("ck_patients_chronic_conditions")),
        sa.CheckConstraint(
            "visit_interval_months BETWEEN 1 AND 24", name=op.f("ck_patients_visit_interval")
        ),
        sa.ForeignKeyConstraint(
            ["coordinator_id"], ["staff.id"], name=op.f("fk_patients_coordinator_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_patients_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("chart_code", name=op.f("uq_patients_chart_code")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patients_coordinator_id"), ["coordinator_id"], unique=False
        )

    op.create_table(
        "billing_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("coordinator_id", sa.Integer(), nullable=True),
        sa.Column("staff_minutes", sa.Integer(), nullable=False),
        sa.Column("codes", sa.String(length=200), nullable=False),
        sa.Column("amount_usd", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("billed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coordinator_id"], ["staff.id"], name=op.f("fk_billing_summaries_coordinator_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_billing_summaries_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_billing_summaries_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_summaries")),
        sa.UniqueConstraint("month", "patient_id", "provider_id", name="uq_billing_patient_month"),
    )
    with op.batch_alter_table("billing_summaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billing_summaries_month"), ["month"], unique=False)

    op.create_table(
        "care_gaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'pending', 'closed')", name=op.f("ck_care_gaps_status")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_care_gaps_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_gaps")),
    )
    with op.batch_alter_table("care_gaps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_gaps_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "complexity_determinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_complexity_determinations_patient_id_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
            name=op.f("fk_complexity_determinations_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["staff.id"],
            name=op.f("fk_complexity_determinations_recorded_by_staff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complexity_determinations")),
        sa.UniqueConstraint("patient_id", "month", name="uq_determination_month"),
    )
    op.create_table(
        "scheduled_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("task_type_id", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("estimated_minutes", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'done')", name=op.f("ck_scheduled_tasks_status")),
        sa.ForeignKeyConstraint(
            ["coordinator_id"], ["staff.id"], name=op.f("fk_scheduled_tasks_coordinator_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_scheduled_tasks_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["task_type_id"],
            ["task_types.id"],
            name=op.f("fk_scheduled_tasks_task_type_id_task_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_tasks")),
        sa.UniqueConstraint("patient_id", "task_type_id", "period", name="uq_scheduled_once"),
    )
    with op.batch_alter_table("scheduled_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scheduled_coordinator_due", ["coordinator_id", "due_date"], unique=False
        )

    op.create_table(
        "task_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("task_type_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("task_date", sa.Date(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_task_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("minutes BETWEEN 5 AND 120", name=op.f("ck_task_log_minutes")),
        sa.ForeignKeyConstraint(
            ["coordinator_id"], ["staff.id"], name=op.f("fk_task_log_coordinator_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_task_log_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_task_id"],
            ["scheduled_tasks.id"],
            name=op.f("fk_task_log_scheduled_task_id_scheduled_tasks"),
        ),
        sa.ForeignKeyConstraint(
            ["task_type_id"], ["task_types.id"], name=op.f("fk_task_log_task_type_id_task_types")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_log")),
    )
    with op.batch_alter_table("task_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_task_log_coordinator_date", ["coordinator_id", "task_date"], unique=False
        )
        batch_op.create_index("ix_task_log_patient_date", ["patient_id", "task_date"], unique=False)

    op.create_table(
        "task_log_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_log_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=10), nullable=False),
        sa.Column("task_type_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("task_date", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["staff.id"], name=op.f("fk_task_log_revisions_changed_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["task_log_id"],
            ["task_log.id"],
            name=op.f("fk_task_log_revisions_task_log_id_task_log"),
        ),
        sa.ForeignKeyConstraint(
            ["task_type_id"],
            ["task_types.id"],
            name=op.f("fk_task_log_revisions_task_type_id_task_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_log_revisions")),
        sa.UniqueConstraint("task_log_id", "version", name="uq_revision_version"),
    )
    with op.batch_alter_table("task_log_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_task_log_revisions_task_log_id"), ["task_log_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("task_log_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_log_revisions_task_log_id"))

    op.drop_table("task_log_revisions")
    with op.batch_alter_table("task_log", schema=None) as batch_op:
        batch_op.drop_index("ix_task_log_patient_date")
        batch_op.drop_index("ix_task_log_coordinator_date")

    op.drop_table("task_log")
    with op.batch_alter_table("scheduled_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_coordinator_due")

    op.drop_table("scheduled_tasks")
    op.drop_table("complexity_determinations")
    with op.batch_alter_table("care_gaps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_gaps_patient_id"))

    op.drop_table("care_gaps")
    with op.batch_alter_table("billing_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_summaries_month"))

    op.drop_table("billing_summaries")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_coordinator_id"))

    op.drop_table("patients")
    op.drop_table("task_types")
    op.drop_table("staff")
    op.drop_table("providers")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))

    op.drop_table("audit_events")
