"""Generating and completing automated tasks in the store.

Generation is idempotent: one task per patient, type and period is enforced by a unique
constraint and inserted with ON CONFLICT DO NOTHING, so running it twice, or in two
processes at once, creates nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tools.access import Actor, Role, require_role
from tools.billing.month import BillingMonth
from tools.context import Call, ToolContext
from tools.errors import NotFound, ToolError
from tools.patients import find_visible_patient, require_coordinator_filter, visible_patients
from tools.schedules.rules import (
    MONTHLY,
    WEEKLY,
    ScheduleRule,
    monthly_due,
    rules_for,
    week_key,
    week_start,
    weekly_due,
)
from tools.store.models import Patient, ScheduledTask, TaskType
from tools.tasks.service import LoggedTask, add_entry


@dataclass(frozen=True)
class GenerationResult:
    period: str
    created: int
    already_there: int


def generate_month(ctx: ToolContext, actor: Actor, month: BillingMonth) -> GenerationResult:
    with ctx.write(actor, "schedule.generate_month", "scheduled_task") as call:
        require_role(actor, Role.ADMIN, what="generating scheduled tasks")
        return generate_month_in(call, month)


def generate_week(ctx: ToolContext, actor: Actor, day: date) -> GenerationResult:
    with ctx.write(actor, "schedule.generate_week", "scheduled_task") as call:
        require_role(actor, Role.ADMIN, what="generating scheduled tasks")
        return generate_week_in(call, day)


def generate_month_in(call: Call, month: BillingMonth) -> GenerationResult:
    """The month's task set, inside an open tool call (also used by the run-due job)."""
    period = str(month)
    result = _generate(
        call.session, call.context, MONTHLY, period, lambda rule: monthly_due(rule, month)
    )
    call.audit(object_id=period, detail=f"{result.created} created")
    return result


def generate_week_in(call: Call, day: date) -> GenerationResult:
    """The task set of ``day``'s ISO week, inside an open tool call."""
    monday = week_start(day)
    period = week_key(monday)
    result = _generate(
        call.session, call.context, WEEKLY, period, lambda rule: weekly_due(rule, monday)
    )
    call.audit(object_id=period, detail=f"{result.created} created")
    return result


def _generate(
    session: Session,
    ctx: ToolContext,
    rules: tuple[ScheduleRule, ...],
    period: str,
    due: Callable[[ScheduleRule], date],
) -> GenerationResult:
    type_ids = dict(
        session.execute(
            select(TaskType.name, TaskType.id).where(
                TaskType.name.in_([rule.task_type for rule in rules])
            )
        ).all()
    )
    missing = [rule.task_type for rule in rules if rule.task_type not in type_ids]
    if missing:
        raise ToolError(
            f"task types missing from the catalog: {', '.join(missing)}", rule="catalog"
        )
    patients = session.execute(
        select(Patient.id, Patient.coordinator_id, Patient.program).where(
            Patient.status == "active", Patient.coordinator_id.is_not(None)
        )
    ).all()
    now = ctx.clock.now()
    rows = [
        {
            "patient_id": patient_id,
            "coordinator_id": coordinator_id,
            "task_type_id": type_ids[rule.task_type],
            "frequency": rule.frequency,
            "period": period,
            "due_date": due(rule),
            "estimated_minutes": rule.estimated_minutes,
            "priority": rule.priority,
            "status": "pending",
            "created_at": now,
        }
        for patient_id, coordinator_id, program in patients
        for rule in rules_for(rules, program)
    ]
    before = _count(session, period)
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    if rows:
        # One executemany: SQLAlchemy batches it into multi-row INSERTs with a cached
        # statement, far cheaper than compiling a fresh VALUES list per chunk.
        session.execute(dialect.insert(ScheduledTask).on_conflict_do_nothing(), rows)
    created = _count(session, period) - before
    return GenerationResult(period, created, len(rows) - created)


def _count(session: Session, period: str) -> int:
    return int(session.scalar(select(func.count()).where(ScheduledTask.period == period)) or 0)


@dataclass(frozen=True)
class ScheduledView:
    id: int
    patient_id: int
    chart_code: str
    coordinator_id: int
    task_type: str
    period: str
    due_date: date
    estimated_minutes: int
    priority: str
    status: str


def list_scheduled(
    ctx: ToolContext,
    actor: Actor,
    *,
    due_on_or_before: date | None = None,
    status: str | None = "pending",
    coordinator_id: int | None = None,
    patient: int | str | None = None,
) -> list[ScheduledView]:
    with ctx.read(actor, "schedule.list", "scheduled_task") as call:
        require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what="task lists")
        visible = visible_patients(actor).with_only_columns(Patient.id)
        query = (
            select(ScheduledTask, Patient.chart_code)
            .join(Patient, Patient.id == ScheduledTask.patient_id)
            .where(ScheduledTask.patient_id.in_(visible))
        )
        if status:
            query = query.where(ScheduledTask.status == status)
        if due_on_or_before:
            query = query.where(ScheduledTask.due_date <= due_on_or_before)
        if coordinator_id is not None:
            require_coordinator_filter(call.session, actor, coordinator_id)
            query = query.where(ScheduledTask.coordinator_id == coordinator_id)
        if patient is not None:
            record = find_visible_patient(call.session, actor, patient)
            query = query.where(ScheduledTask.patient_id == record.id)
        query = query.order_by(ScheduledTask.due_date, Patient.chart_code, ScheduledTask.id)
        views = [_view(task, chart) for task, chart in call.session.execute(query)]
        call.audit(detail=f"{len(views)} scheduled tasks")
        return views


def complete_scheduled(
    ctx: ToolContext,
    actor: Actor,
    scheduled_id: int,
    *,
    minutes: int,
    notes: str = "",
    task_date: date | None = None,
    confirm: bool = False,
) -> LoggedTask:
    """Mark a generated task done by logging the time it took (minutes and notes)."""
    with ctx.write(actor, "schedule.complete", "scheduled_task") as call:
        task = call.session.get(ScheduledTask, scheduled_id, with_for_update={"of": ScheduledTask})
        if task is None:
            raise NotFound(f"no scheduled task {scheduled_id}", field="scheduled_task")
        find_visible_patient(call.session, actor, task.patient_id)
        if task.status == "done":
            raise ToolError(f"scheduled task {scheduled_id} is already done", rule="already_done")
        logged = add_entry(
            call,
            coordinator_id=task.coordinator_id,
            patient=task.patient_id,
            task_type=task.task_type.name,
            minutes=minutes,
            task_date=task_date,
            notes=notes,
            confirm=confirm,
            scheduled_task_id=task.id,
        )
        task.status = "done"
        return logged


def _view(task: ScheduledTask, chart_code: str) -> ScheduledView:
    return ScheduledView(
        id=task.id,
        patient_id=task.patient_id,
        chart_code=chart_code,
        coordinator_id=task.coordinator_id,
        task_type=task.task_type.name,
        period=task.period,
        due_date=task.due_date,
        estimated_minutes=task.estimated_minutes,
        priority=task.priority,
        status=task.status,
    )
