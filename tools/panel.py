"""The coordinator's patient panel (PCC design Tab 1) and coordinator metrics (§6.3).

Visit status: overdue when the next visit (last visit + the patient's interval) is
before today, due soon when it falls within 30 days, current otherwise; a patient with
no visit on record is overdue. Monthly task progress counts the month's generated tasks
(the monthly set plus weekly tasks due in the month) done out of all. Minutes are this
month's logged minutes. Aggregates are single grouped queries, never a query per patient.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select

from tools.access import Actor, Role, require_role
from tools.billing.month import BillingMonth
from tools.context import ToolContext
from tools.errors import ToolError
from tools.metrics import completion_pct, coverage_pct
from tools.patients import find_visible_patient, require_coordinator_filter, visible_patients
from tools.store.models import CareGap, Patient, ScheduledTask, Staff, TaskLogEntry

DUE_SOON_DAYS = 30
VISIT_STATUSES = ("overdue", "due_soon", "current")
COMPLETION_BUCKETS = ("low", "medium", "high")  # <50%, 50-80%, >80%


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def visit_status(
    last_visit: date | None, interval_months: int, today: date
) -> tuple[str, date | None]:
    if last_visit is None:
        return "overdue", None
    due = add_months(last_visit, interval_months)
    if due < today:
        return "overdue", due
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon", due
    return "current", due


def completion_bucket(done: int, total: int) -> str | None:
    if total == 0:
        return None
    share = done / total
    return "low" if share < 0.5 else "medium" if share <= 0.8 else "high"


@dataclass(frozen=True)
class PanelRow:
    patient_id: int
    name: str
    chart_code: str
    status: str
    coordinator_id: int | None
    provider: str | None
    facility: str | None
    program: str | None
    last_visit: date | None
    next_visit_due: date | None
    visit_status: str
    open_care_gaps: int
    monthly_tasks_done: int
    monthly_tasks_total: int
    minutes_this_month: int
    last_activity: date | None
    monthly_tasks_overdue: int = 0  # the month's tasks past their due date, not done

    @property
    def completion(self) -> str | None:
        return completion_bucket(self.monthly_tasks_done, self.monthly_tasks_total)


def patient_panel(
    ctx: ToolContext,
    actor: Actor,
    *,
    mine_only: bool = True,
    status: str | None = "active",
    visit: str | None = None,
    care_gaps: str | None = None,
    facility: str | None = None,
    provider_id: int | None = None,
    completion: str | None = None,
    patient: int | str | None = None,
) -> list[PanelRow]:
    """Panel rows the actor may see, filtered as in the seed (§1.2); ``patient`` (an id
    or chart code) narrows it to one patient, refused if the actor may not see them."""
    for value, allowed, name in [
        (visit, VISIT_STATUSES, "visit"),
        (completion, COMPLETION_BUCKETS, "completion"),
        (care_gaps, ("open", "pending", "closed"), "care_gaps"),
    ]:
        if value is not None and value not in allowed:
            raise ToolError(f"{name} must be one of {', '.join(allowed)}", rule=name, field=name)
    today = ctx.clock.today()
    month = BillingMonth.of(today)
    with ctx.read(actor, "panel.view", "patient") as call:
        require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what="the panel")
        query = visible_patients(actor)
        if patient is not None:
            query = query.where(Patient.id == find_visible_patient(call.session, actor, patient).id)
        if mine_only and actor.role is Role.COORDINATOR:
            query = query.where(Patient.coordinator_id == actor.staff_id)
        if status:
            query = query.where(Patient.status == status)
        if facility:
            query = query.where(Patient.facility == facility)
        if provider_id is not None:
            query = query.where(Patient.provider_id == provider_id)
        if care_gaps:
            with_gap = select(CareGap.patient_id).where(CareGap.status == care_gaps)
            query = query.where(Patient.id.in_(with_gap))
        patients = list(call.session.scalars(query.order_by(Patient.name)))
        ids = [p.id for p in patients]
        gaps = _grouped(
            call.session,
            select(CareGap.patient_id, func.count())
            .where(CareGap.status == "open")
            .group_by(CareGap.patient_id),
            ids,
        )
        minutes, last_activity = _minutes_and_activity(call.session, month, ids)
        tasks = _task_progress(call.session, month, ids, today)
        rows = []
        for p in patients:
            state, due = visit_status(p.last_visit, p.visit_interval_months, today)
            done, total, late = tasks.get(p.id, (0, 0, 0))
            row = PanelRow(
                patient_id=p.id,
                name=p.name,
                chart_code=p.chart_code,
                status=p.status,
                coordinator_id=p.coordinator_id,
                provider=p.provider.name if p.provider else None,
                facility=p.facility,
                program=p.program,
                last_visit=p.last_visit,
                next_visit_due=due,
                visit_status=state,
                open_care_gaps=gaps.get(p.id, 0),
                monthly_tasks_done=done,
                monthly_tasks_total=total,
                minutes_this_month=minutes.get(p.id, 0),
                last_activity=last_activity.get(p.id),
                monthly_tasks_overdue=late,
            )
            if visit and row.visit_status != visit:
                continue
            if completion and row.completion != completion:
                continue
            rows.append(row)
        call.audit(detail=f"{len(rows)} patients")
        return rows


def _grouped(session, query, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return {pid: int(n) for pid, n in session.execute(query)}


def _minutes_and_activity(session, month: BillingMonth, ids: list[int]):
    if not ids:
        return {}, {}
    in_month = (TaskLogEntry.task_date >= month.first_day) & (
        TaskLogEntry.task_date <= month.last_day
    )
    query = (
        select(
            TaskLogEntry.patient_id,
            func.coalesce(func.sum(case((in_month, TaskLogEntry.minutes), else_=0)), 0),
            func.max(TaskLogEntry.task_date),
        )
        .where(TaskLogEntry.deleted_at.is_(None), TaskLogEntry.patient_id.in_(ids))
        .group_by(TaskLogEntry.patient_id)
    )
    minutes, last = {}, {}
    for pid, total, latest in session.execute(query):
        minutes[pid] = int(total)
        last[pid] = latest
    return minutes, last


def _task_progress(
    session, month: BillingMonth, ids: list[int], today: date
) -> dict[int, tuple[int, int, int]]:
    """Per patient: the month's tasks done, all of them, and those past due not done."""
    if not ids:
        return {}
    done = ScheduledTask.status == "done"
    late = (ScheduledTask.due_date < today) & ~done
    query = (
        select(
            ScheduledTask.patient_id,
            func.sum(case((done, 1), else_=0)),
            func.count(),
            func.sum(case((late, 1), else_=0)),
        )
        .where(
            or_(
                ScheduledTask.period == str(month),
                (ScheduledTask.frequency == "weekly")
                & (ScheduledTask.due_date >= month.first_day)
                & (ScheduledTask.due_date <= month.last_day),
            )
        )
        .where(ScheduledTask.patient_id.in_(ids))
        .group_by(ScheduledTask.patient_id)
    )
    return {
        pid: (int(n_done), int(total), int(n_late))
        for pid, n_done, total, n_late in session.execute(query)
    }


@dataclass(frozen=True)
class CoordinatorMetrics:
    coordinator_id: int
    name: str
    month: str
    total_tasks: int
    total_minutes: int
    average_task_minutes: float
    patients_served: int
    total_patients: int
    patient_coverage_pct: float
    task_completion_pct: float | None


def coordinator_metrics(
    ctx: ToolContext, actor: Actor, month: BillingMonth, coordinator_id: int | None = None
) -> list[CoordinatorMetrics]:
    """Per coordinator: tasks, minutes, average, active panel patients reached (served),
    coverage and task completion, as ``tools.metrics`` defines them."""
    with ctx.read(actor, "metrics.view", "staff") as call:
        require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what="metrics")
        s = call.session
        staff_query = select(Staff).where(Staff.role == "coordinator", Staff.active.is_(True))
        if actor.role is Role.COORDINATOR:
            staff_query = staff_query.where(Staff.id == actor.staff_id)
        elif actor.role is Role.SUPERVISOR:
            staff_query = staff_query.where(Staff.team == actor.team)
        if coordinator_id is not None:
            require_coordinator_filter(s, actor, coordinator_id)
            staff_query = staff_query.where(Staff.id == coordinator_id)
        coordinators = list(s.scalars(staff_query.order_by(Staff.id)))
        in_month = (TaskLogEntry.task_date >= month.first_day) & (
            TaskLogEntry.task_date <= month.last_day
        )
        logs = {
            cid: (int(n), int(m))
            for cid, n, m in s.execute(
                select(TaskLogEntry.coordinator_id, func.count(), func.sum(TaskLogEntry.minutes))
                .where(TaskLogEntry.deleted_at.is_(None), in_month)
                .group_by(TaskLogEntry.coordinator_id)
            )
        }
        # Coverage counts the active patients on each panel and, of them, those with
        # time logged this month: both over the same set, so never above 100%.
        active_panel = (Patient.status == "active") & Patient.coordinator_id.is_not(None)
        panel_sizes = dict(
            s.execute(
                select(Patient.coordinator_id, func.count())
                .where(active_panel)
                .group_by(Patient.coordinator_id)
            ).all()
        )
        reached = dict(
            s.execute(
                select(Patient.coordinator_id, func.count(Patient.id.distinct()))
                .join(TaskLogEntry, TaskLogEntry.patient_id == Patient.id)
                .where(active_panel, TaskLogEntry.deleted_at.is_(None), in_month)
                .group_by(Patient.coordinator_id)
            ).all()
        )
        through = min(month.last_day, ctx.clock.today())
        due_so_far = ScheduledTask.due_date <= through
        is_done = ScheduledTask.status == "done"
        completion = {
            cid: (int(done_of_due), int(due), int(done_later))
            for cid, done_of_due, due, done_later in s.execute(
                select(
                    ScheduledTask.coordinator_id,
                    func.sum(case((due_so_far & is_done, 1), else_=0)),
                    func.sum(case((due_so_far, 1), else_=0)),
                    func.sum(case((~due_so_far & is_done, 1), else_=0)),
                )
                .where(
                    ScheduledTask.due_date >= month.first_day,
                    ScheduledTask.due_date <= month.last_day,
                )
                .group_by(ScheduledTask.coordinator_id)
            )
        }
        result = []
        for c in coordinators:
            tasks, minutes = logs.get(c.id, (0, 0))
            total_patients = int(panel_sizes.get(c.id, 0))
            served = int(reached.get(c.id, 0))
            result.append(
                CoordinatorMetrics(
                    coordinator_id=c.id,
                    name=c.name,
                    month=str(month),
                    total_tasks=tasks,
                    total_minutes=minutes,
                    average_task_minutes=round(minutes / tasks, 1) if tasks else 0.0,
                    patients_served=served,
                    total_patients=total_patients,
                    patient_coverage_pct=coverage_pct(served, total_patients),
                    task_completion_pct=completion_pct(*completion.get(c.id, (0, 0, 0))),
                )
            )
        call.audit(detail=f"{len(result)} coordinators, {month}")
        return result
