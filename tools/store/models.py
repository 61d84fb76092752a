"""The system of record: SQLAlchemy 2 models for staff, patients, tasks, billing and audit.

The schema is created and changed only by the Alembic migrations next to this module;
``tests/tools/test_store.py`` checks that the migrations and these models agree.

Patient names live here and nowhere else: every other record refers to a patient by id or
chart code, and every free-text column (notes, comments, titles, reasons, activities) holds
what the tool layer's PHI guard returned (``ToolContext.free_text``), never the text as
typed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tools.store.types import UtcDateTime

# Stable constraint names so migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("coordinator", "supervisor", "admin", "auditor")
PATIENT_STATUSES = ("active", "inactive", "deceased")
PROGRAMS = ("CCM", "PCM")
CARE_GAP_STATUSES = ("open", "pending", "closed")
SCHEDULE_STATUSES = ("pending", "done")
DECISION_STATUSES = ("pending", "approved", "rejected", "edited", "responded", "cancelled")
HANDOFF_STATUSES = ("open", "accepted", "done", "stalled", "escalated", "cancelled")
PRIORITIES = ("normal", "high")
CASE_STATUSES = ("open", "closed", "cancelled")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(100))
    slack_user_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Provider(Base):
    """A billing practitioner (physician or other qualified health professional)."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    npi: Mapped[str | None] = mapped_column(String(10))


class Patient(Base):
    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint(_one_of("status", PATIENT_STATUSES), name="status"),
        CheckConstraint(f"program IS NULL OR {_one_of('program', PROGRAMS)}", name="program"),
        CheckConstraint("chronic_conditions >= 0", name="chronic_conditions"),
        CheckConstraint("visit_interval_months BETWEEN 1 AND 24", name="visit_interval"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chart_code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))  # "LAST, FIRST", as in the roster
    status: Mapped[str] = mapped_column(String(20), default="active")
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    facility: Mapped[str | None] = mapped_column(String(100))
    program: Mapped[str | None] = mapped_column(String(3))
    chronic_conditions: Mapped[int] = mapped_column(Integer, default=0)
    consent_date: Mapped[date | None] = mapped_column(Date)
    visit_interval_months: Mapped[int] = mapped_column(Integer, default=6)
    last_visit: Mapped[date | None] = mapped_column(Date)

    coordinator: Mapped[Staff | None] = relationship(lazy="joined")
    provider: Mapped[Provider | None] = relationship(lazy="joined")


class CareGap(Base):
    __tablename__ = "care_gaps"
    __table_args__ = (CheckConstraint(_one_of("status", CARE_GAP_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    measure: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="open")


class TaskType(Base):
    """One entry of the task-type catalog; seeded by the first migration."""

    __tablename__ = "task_types"
    __table_args__ = (
        CheckConstraint(f"program IS NULL OR {_one_of('program', PROGRAMS)}", name="program"),
        CheckConstraint("average_minutes > 0", name="average_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    category: Mapped[str] = mapped_column(String(50))
    billable: Mapped[bool] = mapped_column(Boolean)
    average_minutes: Mapped[int] = mapped_column(Integer)
    program: Mapped[str | None] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TaskLogEntry(Base):
    """Time a coordinator spent on one task for one patient.

    Never physically deleted: ``deleted_at`` hides it, and every change is kept as a
    ``TaskLogRevision``, so a month's minutes can be reconstructed as they stood.
    """

    __tablename__ = "task_log"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 5 AND 120", name="minutes"),
        Index("ix_task_log_patient_date", "patient_id", "task_date"),
        Index("ix_task_log_coordinator_date", "coordinator_id", "task_date"),
        # The billing month's minutes readable from the index alone (a covering index on
        # SQLite, an index-only scan on PostgreSQL where the planner finds it cheaper than
        # the table): live entries of a date range, with the columns the month query sums
        # and filters. deleted_at is a key column although always NULL here, because
        # SQLite uses a partial index as covering only when it holds every column the
        # query names.
        Index(
            "ix_task_log_month_minutes",
            "task_date",
            "patient_id",
            "task_type_id",
            "minutes",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    task_type_id: Mapped[int] = mapped_column(ForeignKey("task_types.id"))
    minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    task_date: Mapped[date] = mapped_column(Date)
    logged_at: Mapped[datetime] = mapped_column(UtcDateTime)
    scheduled_task_id: Mapped[int | None] = mapped_column(ForeignKey("scheduled_tasks.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    task_type: Mapped[TaskType] = relationship(lazy="joined")


class TaskLogRevision(Base):
    __tablename__ = "task_log_revisions"
    __table_args__ = (UniqueConstraint("task_log_id", "version", name="uq_revision_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_log_id: Mapped[int] = mapped_column(ForeignKey("task_log.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(10))  # created | edited | deleted
    task_type_id: Mapped[int] = mapped_column(ForeignKey("task_types.id"))
    minutes: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    task_date: Mapped[date] = mapped_column(Date)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ScheduledTask(Base):
    """A task the schedule generated for a patient in a period (a month or an ISO week)."""

    __tablename__ = "scheduled_tasks"
    __table_args__ = (
        UniqueConstraint("patient_id", "task_type_id", "period", name="uq_scheduled_once"),
        CheckConstraint(_one_of("status", SCHEDULE_STATUSES), name="status"),
        Index("ix_scheduled_coordinator_due", "coordinator_id", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    task_type_id: Mapped[int] = mapped_column(ForeignKey("task_types.id"))
    frequency: Mapped[str] = mapped_column(String(10))  # monthly | weekly
    period: Mapped[str] = mapped_column(String(10))  # 2026-10 | 2026-W43
    due_date: Mapped[date] = mapped_column(Date)
    estimated_minutes: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    task_type: Mapped[TaskType] = relationship(lazy="joined")


class ComplexityDetermination(Base):
    """The practitioner's recorded finding that a patient-month is complex CCM."""

    __tablename__ = "complexity_determinations"
    __table_args__ = (UniqueConstraint("patient_id", "month", name="uq_determination_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    month: Mapped[str] = mapped_column(String(7))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PractitionerTime(Base):
    """Care-management minutes the billing practitioner spent personally (99491/99437,
    99424/99425): a separate track from clinical-staff time, never mixed with it."""

    __tablename__ = "practitioner_time"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes"),
        Index("ix_practitioner_time_month", "service_date", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    minutes: Mapped[int] = mapped_column(Integer)
    service_date: Mapped[date] = mapped_column(Date)
    activity: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class OwnerRole(Base):
    """A human decision role of the handoff map ("Privacy officer") and who fills it."""

    __tablename__ = "owner_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(100), unique=True)
    primary_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    backup_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OwnerEscalation(Base):
    """One step of a role's escalation chain, in order (position 1 first)."""

    __tablename__ = "owner_escalations"
    __table_args__ = (
        UniqueConstraint("role_id", "position", name="uq_owner_escalation_position"),
        CheckConstraint("position >= 1", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("owner_roles.id"))
    position: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class DecisionRequest(Base):
    """A final decision Baton prepared and a named human owns. Texts are redacted."""

    __tablename__ = "decision_requests"
    __table_args__ = (
        CheckConstraint(_one_of("status", DECISION_STATUSES), name="status"),
        Index("ix_decision_requests_owner_status", "owner_role", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)  # JSON list
    evidence: Mapped[str] = mapped_column(Text)
    arguments: Mapped[str] = mapped_column(Text)  # JSON object: what "approve" would do
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    owner_role: Mapped[str] = mapped_column(String(100))
    owner_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    status: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    edited_arguments: Mapped[str | None] = mapped_column(Text)  # JSON object
    # What carrying out the approved action produced (JSON object of ids), if any.
    result: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # How far up the role's chain the request has moved, and the due time last nudged for.
    escalation_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    nudged_for_due: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the conversation that waited for this decision was resumed with the answer,
    # and when a worker claimed that resume (``claim_thread_resume``).
    thread_resumed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resume_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Case(Base):
    """One run of a tracked workflow (a closed-loop referral, a PCP change), whose steps
    are handoffs. ``data`` holds codes and flags only (JSON), never free text or names."""

    __tablename__ = "cases"
    __table_args__ = (CheckConstraint(_one_of("status", CASE_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workflow: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    data: Mapped[str] = mapped_column(Text, default="{}")
    flags: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, e.g. ["open_loop"]
    outcome: Mapped[str | None] = mapped_column(String(200))
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Handoff(Base):
    """A tracked handoff: one boundary of a plan or one step of a case, with an owner
    role, the person holding it now, a clock and an escalation path."""

    __tablename__ = "handoffs"
    __table_args__ = (
        CheckConstraint(_one_of("status", HANDOFF_STATUSES), name="status"),
        CheckConstraint(_one_of("priority", PRIORITIES), name="priority"),
        CheckConstraint("escalate_after_hours > 0", name="escalate_after"),
        Index("ix_handoffs_status_due", "status", "due_at"),
        Index("ix_handoffs_holder_status", "holder_staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(Text)  # redacted
    owner_role: Mapped[str] = mapped_column(String(100))
    escalate_to_role: Mapped[str | None] = mapped_column(String(100))
    holder_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    entry_conditions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    waiting_on: Mapped[str] = mapped_column(Text, default="")
    outcome_target: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(Text)  # what "done" recorded (redacted)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    thread_id: Mapped[str | None] = mapped_column(String(64))
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status_since: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    escalate_after_hours: Mapped[int] = mapped_column(Integer)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    nudged_for_due: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HandoffTransition(Base):
    """One change of a handoff's state, for the history every party can see."""

    __tablename__ = "handoff_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    holder_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: Baton's job
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class Notification(Base):
    """The outbox: a message for one staff member, written in the same transaction as the
    change it reports and delivered afterwards (log, Slack DM) by ``tools.notify``."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_undelivered", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # ids and placeholders, never PHI
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class PcpAssignment(Base):
    """Which primary care provider a member is attributed to, and since when. One open
    (``end_date`` empty) assignment per member; a change closes it and opens the next."""

    __tablename__ = "pcp_assignments"
    __table_args__ = (
        Index(
            "uq_pcp_assignments_open",
            "patient_id",
            unique=True,
            sqlite_where=text("end_date IS NULL"),
            postgresql_where=text("end_date IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(30))  # initial | member_choice | reassignment
    reason_code: Mapped[str | None] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FeeEntry(Base):
    """One code of the admin's fee schedule (third-party amounts; see
    ``tools.billing.fee_schedule``). Empty until an admin first edits a fee."""

    __tablename__ = "fee_schedule"
    __table_args__ = (CheckConstraint("amount_usd >= 0", name="amount"),)

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    amount_usd: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BillingAdjustment(Base):
    """A write-off against a patient-month, recorded only when its decision is approved."""

    __tablename__ = "billing_adjustments"
    __table_args__ = (CheckConstraint("amount_usd > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    month: Mapped[str] = mapped_column(String(7), index=True)
    amount_usd: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    reason_code: Mapped[str] = mapped_column(String(40))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision_requests.id"), unique=True)
    approved_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class JobRun(Base):
    """A once-per-period job that has run (e.g. the monthly task set for 2026-11): the
    unique key lets exactly one of several workers claim it."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20))
    ran_at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[str] = mapped_column(String(200), default="")


class BillingSummaryRow(Base):
    """A saved patient-month outcome of ``baton billing month --save``."""

    __tablename__ = "billing_summaries"
    __table_args__ = (
        UniqueConstraint("month", "patient_id", "provider_id", name="uq_billing_patient_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    staff_minutes: Mapped[int] = mapped_column(Integer)
    codes: Mapped[str] = mapped_column(String(200))
    amount_usd: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    billed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(300))
    generated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEvent(Base):
    """One audited action, hash-chained to the event before it (see tools/audit)."""

    __tablename__ = "audit_events"
    # Ids are never handed out again after a delete (SQLite reuses them without it;
    # PostgreSQL's sequence never does). Migration 0008.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(60))
    patient_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(10))  # allowed | denied | failed
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row holding the newest event's hash; locking it serializes appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


# --- API tokens (migration 0005) ------------------------------------------------------


class ApiToken(Base):
    """A bearer token for the HTTP API and web pages, held by one staff member.

    Only the SHA-256 of the secret is stored; the secret is shown once when issued.
    ``prefix`` (the first characters of the secret) lets people tell tokens apart.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# -- Slack front door (bot/slack) ---------------------------------------------------
# Ids only: Slack team, channel, user and message timestamps are not PHI, and no text
# from Slack is ever stored here.


class SlackThreadLink(Base):
    """Which Slack thread a conversation thread of the graph lives in.

    A decision answered later (by another person, on another surface) is posted back
    into the requester's thread through this link.
    """

    __tablename__ = "slack_threads"

    thread_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(20))
    thread_ts: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(40))  # who started the thread
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    private: Mapped[bool] = mapped_column(Boolean)  # a DM: only the requester reads it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlackDecisionNotice(Base):
    """A decision whose outcome was posted in its requester's Slack thread: inserted if
    absent before posting, so the thread is told once whichever worker, click or outbox
    delivery gets there first."""

    __tablename__ = "slack_decision_notices"

    decision_id: Mapped[int] = mapped_column(ForeignKey("decision_requests.id"), primary_key=True)
    told_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SlackSeenEvent(Base):
    """An Events API delivery already taken on; its unique key makes retries no-ops.

    Inserted if absent by whichever worker gets it first (SQLite and PostgreSQL alike),
    so a retried event is answered once however many workers receive it.
    """

    __tablename__ = "slack_seen_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


# -- Chat model usage (migration 0007) -----------------------------------------------------

MODEL_ROLES = ("router", "specialist")


class ModelUsage(Base):
    """One turn's use of the chat model by one role: counts and timings, never text."""

    __tablename__ = "model_usage"
    __table_args__ = (
        CheckConstraint(_one_of("role", MODEL_ROLES), name="role"),
        CheckConstraint(
            "calls >= 0 AND tokens_in >= 0 AND tokens_out >= 0 AND latency_ms >= 0",
            name="counts",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    thread_id: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(100))
    calls: Mapped[int] = mapped_column(Integer)
    tokens_in: Mapped[int] = mapped_column(Integer)
    tokens_out: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(40))  # ok, or the reason for falling back


# -- Feedback on answers and routing corrections (migration 0011) -------------------------
# Texts here are the PHI guard's output only: the turn's redacted request, and comments
# through the tool layer's guard.

CORRECTION_STATUSES = ("pending", "accepted", "rejected")
CORRECTION_SOURCES = ("feedback", "cli", "import")


class AnswerFeedback(Base):
    """One person's verdict on one answer: helpful or not, and maybe the right specialist."""

    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    role: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    thread_id: Mapped[str] = mapped_column(String(64))
    request: Mapped[str] = mapped_column(Text)  # the turn's redacted request
    chosen_agent: Mapped[str | None] = mapped_column(String(80), index=True)
    workflow: Mapped[str | None] = mapped_column(String(80))
    helpful: Mapped[bool] = mapped_column(Boolean)
    corrected_agent: Mapped[str | None] = mapped_column(String(80))
    comment: Mapped[str] = mapped_column(Text, default="")


class RoutingCorrection(Base):
    """A labelled example for the router: this request belongs to ``agent``.

    Pending until a supervisor or admin accepts it; only accepted ones route.
    """

    __tablename__ = "routing_corrections"
    __table_args__ = (
        CheckConstraint(_one_of("status", CORRECTION_STATUSES), name="status"),
        CheckConstraint(_one_of("source", CORRECTION_SOURCES), name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text)  # redacted
    agent: Mapped[str] = mapped_column(String(80))
    from_agent: Mapped[str | None] = mapped_column(String(80))  # what Baton chose, if known
    status: Mapped[str] = mapped_column(String(10), index=True)
    source: Mapped[str] = mapped_column(String(10))
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("answer_feedback.id"))
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RoutingCorrectionsVersion(Base):
    """One row counting changes to the accepted corrections.

    Every worker reads it before routing (one primary-key read) and reloads its
    correction vectors only when it moved, so a correction accepted anywhere routes
    everywhere from the next request on.
    """

    __tablename__ = "routing_corrections_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
