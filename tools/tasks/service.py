"""Logging, editing, deleting and listing coordinator time: the task-log tools.

Each call validates with ``tools.tasks.rules``, checks access with ``tools.access``, writes
its record, its revision and its audit event in one transaction, and names the rule it
refuses on. Entries are never physically removed: a delete marks the entry and keeps its
revisions, so history survives edits and deletes. Notes are free text: they pass the PHI
guard before they are stored, whichever surface sent them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.access import Actor, Role, can_act_for
from tools.context import Call, ToolContext
from tools.errors import AccessDenied, NeedsConfirmation, NeedsSignOff, NotFound, ToolError
from tools.owners import team_supervisor_role
from tools.patients import find_visible_patient, require_coordinator_filter, visible_patients
from tools.store.models import Patient, Staff, TaskLogEntry, TaskLogRevision, TaskType
from tools.tasks.catalog import close_task_types, match_task_type
from tools.tasks.rules import TimeEntry, above_average_limit, check_time_entry

MAX_NOTES_CHARS = 4000


@dataclass(frozen=True)
class LoggedTask:
    id: int
    coordinator_id: int
    patient_id: int
    chart_code: str
    task_type: str
    category: str
    minutes: int
    task_date: date
    notes: str
    version: int
    minutes_that_day: int

    @classmethod
    def of(cls, entry: TaskLogEntry, chart_code: str, minutes_that_day: int) -> LoggedTask:
        return cls(
            id=entry.id,
            coordinator_id=entry.coordinator_id,
            patient_id=entry.patient_id,
            chart_code=chart_code,
            task_type=entry.task_type.name,
            category=entry.task_type.category,
            minutes=entry.minutes,
            task_date=entry.task_date,
            notes=entry.notes,
            version=entry.version,
            minutes_that_day=minutes_that_day,
        )


def find_task_type(session: Session, name: str) -> TaskType:
    wanted = " ".join(str(name).split()).casefold()
    types = session.scalars(select(TaskType).where(TaskType.active.is_(True))).all()
    for task_type in types:
        if task_type.name.casefold() == wanted:
            return task_type
    close = difflib.get_close_matches(wanted, [t.name.casefold() for t in types], n=3, cutoff=0.5)
    by_folded = {t.name.casefold(): t.name for t in types}
    names = [by_folded[folded] for folded in close]  # most similar first
    hint = f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""
    # The catalog's names only, never the words typed: they may hold PHI.
    raise NotFound(f"no such task type{hint}", field="task_type")


def log_task(
    ctx: ToolContext,
    actor: Actor,
    *,
    coordinator_id: int,
    patient: int | str,
    task_type: str,
    minutes: int,
    task_date: date | None = None,
    notes: str = "",
    confirm: bool = False,
    scheduled_task_id: int | None = None,
) -> LoggedTask:
    with ctx.write(actor, "task.log", "task_log") as call:
        return add_entry(
            call,
            coordinator_id=coordinator_id,
            patient=patient,
            task_type=task_type,
            minutes=minutes,
            task_date=task_date,
            notes=notes,
            confirm=confirm,
            scheduled_task_id=scheduled_task_id,
        )


@dataclass(frozen=True)
class LogPreview:
    """What ``log_task`` would save, checked against every rule but not written."""

    patient_id: int
    chart_code: str
    program: str | None
    task_type: str
    minutes: int
    task_date: date
    needs_confirmation: str | None  # the rule's words when the entry must be confirmed
    signoff_role: str | None = None  # who must sign the entry off before it is logged


@dataclass(frozen=True)
class CheckedEntry:
    coordinator: Staff
    patient: Patient
    kind: TaskType
    day: date
    notes: str
    already: int


def check_new_entry(
    call: Call,
    *,
    coordinator_id: int,
    patient: int | str,
    task_type: str,
    minutes: int,
    task_date: date | None,
    notes: str,
    confirm: bool,
) -> CheckedEntry:
    """Every rule of a new entry, in the order a coordinator would fix them."""
    session, actor, clock = call.session, call.actor, call.context.clock
    coordinator = _coordinator(session, actor, coordinator_id)
    record = find_visible_patient(session, actor, patient)
    if record.coordinator_id != coordinator.id:
        raise ToolError(
            f"patient {record.chart_code} is not assigned to coordinator {coordinator.id}",
            rule="patient_not_assigned",
            field="patient",
        )
    kind = find_task_type(session, task_type)
    _check_program(kind, record)
    day = task_date or clock.today()
    notes = call.free_text(_clean_notes(notes))
    already = _minutes_on(session, coordinator.id, day)
    check_time_entry(TimeEntry(minutes, day, kind.average_minutes, already, confirm), clock.today())
    duplicate = session.scalar(
        select(TaskLogEntry.id).where(
            TaskLogEntry.coordinator_id == coordinator.id,
            TaskLogEntry.patient_id == record.id,
            TaskLogEntry.task_type_id == kind.id,
            TaskLogEntry.task_date == day,
            TaskLogEntry.minutes == minutes,
            TaskLogEntry.notes == notes,
            TaskLogEntry.deleted_at.is_(None),
        )
    )
    if duplicate is not None:
        raise ToolError(
            f"the same entry is already logged (entry {duplicate}); edit it instead",
            rule="duplicate",
        )
    return CheckedEntry(coordinator, record, kind, day, notes, already)


def task_type_for_phrase(ctx: ToolContext, actor: Actor, phrase: str, patient: int | str) -> str:
    """The active task type a coordinator's words name, for this patient's program.

    Refuses, naming the closest types, when the words fit none or several equally.
    """
    with ctx.read(actor, "task.match_type", "task_type") as call:
        record = find_visible_patient(call.session, actor, patient)
        names = list(call.session.scalars(select(TaskType.name).where(TaskType.active.is_(True))))
        chosen = match_task_type(phrase, names, record.program)
        if chosen is None:
            close = close_task_types(phrase, names, record.program)
            hint = f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
            raise ToolError(
                f"no single task type matches those words{hint}",
                rule="task_type_unclear",
                field="task_type",
            )
        call.audit(patient_id=record.id, detail=chosen)
        return chosen


def preview_log_task(
    ctx: ToolContext,
    actor: Actor,
    *,
    coordinator_id: int,
    patient: int | str,
    task_type: str,
    minutes: int,
    task_date: date | None = None,
    notes: str = "",
) -> LogPreview:
    """Check an entry against every rule without saving it (for "confirm before writing").

    Refusals raise as in ``log_task``; an entry that only needs confirmation comes back
    with ``needs_confirmation`` set, so the confirmation question can say why.
    """
    check = partial(
        check_new_entry,
        coordinator_id=coordinator_id,
        patient=patient,
        task_type=task_type,
        minutes=minutes,
        task_date=task_date,
        notes=notes,
    )
    with ctx.read(actor, "task.preview", "task_log") as call:
        reason = None
        try:
            checked = check(call, confirm=False)
        except NeedsConfirmation as needed:
            reason = str(needed)
            checked = check(call, confirm=True)
        signoff_role = None
        try:
            require_signoff_if_above_average(
                actor, checked.coordinator, minutes, checked.kind.average_minutes
            )
        except NeedsSignOff as needed:
            signoff_role = needed.owner_role
        call.audit(patient_id=checked.patient.id, detail=f"{minutes} min, {checked.kind.name}")
        return LogPreview(
            patient_id=checked.patient.id,
            chart_code=checked.patient.chart_code,
            program=checked.patient.program,
            task_type=checked.kind.name,
            minutes=minutes,
            task_date=checked.day,
            needs_confirmation=reason,
            signoff_role=signoff_role,
        )


def add_entry(
    call: Call,
    *,
    coordinator_id: int,
    patient: int | str,
    task_type: str,
    minutes: int,
    task_date: date | None,
    notes: str,
    confirm: bool,
    scheduled_task_id: int | None = None,
) -> LoggedTask:
    """Validate and add one entry inside an open tool call (shared with schedule completion)."""
    checked = check_new_entry(
        call,
        coordinator_id=coordinator_id,
        patient=patient,
        task_type=task_type,
        minutes=minutes,
        task_date=task_date,
        notes=notes,
        confirm=confirm,
    )
    require_signoff_if_above_average(
        call.actor, checked.coordinator, minutes, checked.kind.average_minutes
    )
    session, now = call.session, call.context.clock.now()
    entry = TaskLogEntry(
        coordinator_id=checked.coordinator.id,
        patient_id=checked.patient.id,
        task_type_id=checked.kind.id,
        minutes=minutes,
        notes=checked.notes,
        task_date=checked.day,
        logged_at=now,
        scheduled_task_id=scheduled_task_id,
        version=1,
    )
    session.add(entry)
    session.flush()
    _revision(session, entry, "created", call.actor, now)
    detail = f"{minutes} min, {checked.kind.name}"
    call.audit(object_id=entry.id, patient_id=checked.patient.id, detail=detail)
    return LoggedTask.of(entry, checked.patient.chart_code, checked.already + minutes)


def edit_task(
    ctx: ToolContext,
    actor: Actor,
    entry_id: int,
    *,
    minutes: int | None = None,
    task_type: str | None = None,
    task_date: date | None = None,
    notes: str | None = None,
    confirm: bool = False,
) -> LoggedTask:
    with ctx.write(actor, "task.edit", "task_log") as call:
        session = call.session
        entry, record = _entry_for_change(session, actor, entry_id)
        kind = find_task_type(session, task_type) if task_type else entry.task_type
        _check_program(kind, record)
        new_minutes = entry.minutes if minutes is None else minutes
        day = task_date or entry.task_date
        others = _minutes_on(session, entry.coordinator_id, day, excluding=entry.id)
        check_time_entry(
            TimeEntry(new_minutes, day, kind.average_minutes, others, confirm), ctx.clock.today()
        )
        coordinator = session.get(Staff, entry.coordinator_id)
        if coordinator is not None and new_minutes != entry.minutes:
            require_signoff_if_above_average(actor, coordinator, new_minutes, kind.average_minutes)
        entry.minutes, entry.task_type, entry.task_date = new_minutes, kind, day
        if notes is not None:
            entry.notes = call.free_text(_clean_notes(notes))
        entry.version += 1
        now = ctx.clock.now()
        _revision(session, entry, "edited", actor, now)
        call.audit(object_id=entry.id, patient_id=record.id, detail=f"version {entry.version}")
        session.flush()
        return LoggedTask.of(entry, record.chart_code, others + new_minutes)


def delete_task(ctx: ToolContext, actor: Actor, entry_id: int) -> None:
    with ctx.write(actor, "task.delete", "task_log") as call:
        entry, record = _entry_for_change(call.session, actor, entry_id)
        now = ctx.clock.now()
        entry.deleted_at = now
        entry.version += 1
        _revision(call.session, entry, "deleted", actor, now)
        call.audit(object_id=entry.id, patient_id=record.id)


def task_history(ctx: ToolContext, actor: Actor, entry_id: int) -> list[TaskLogRevision]:
    with ctx.read(actor, "task.history", "task_log") as call:
        entry = call.session.get(TaskLogEntry, entry_id)
        if entry is None:
            raise NotFound(f"no task log entry {entry_id}", field="entry_id")
        find_visible_patient(call.session, actor, entry.patient_id)
        call.audit(object_id=entry_id, patient_id=entry.patient_id)
        return list(
            call.session.scalars(
                select(TaskLogRevision)
                .where(TaskLogRevision.task_log_id == entry_id)
                .order_by(TaskLogRevision.version)
            )
        )


def list_tasks(
    ctx: ToolContext,
    actor: Actor,
    *,
    day: date | None = None,
    start: date | None = None,
    end: date | None = None,
    coordinator_id: int | None = None,
    patient: int | str | None = None,
    task_type: str | None = None,
) -> list[LoggedTask]:
    """Entries the actor may see, newest first; ``day`` or a ``start``..``end`` range."""
    with ctx.read(actor, "task.list", "task_log") as call:
        if actor.role is Role.AUDITOR:
            raise AccessDenied("auditors read the audit trail, not task logs", rule="role")
        session = call.session
        visible = visible_patients(actor).with_only_columns(Patient.id)
        query = (
            select(TaskLogEntry, Patient.chart_code)
            .join(Patient, Patient.id == TaskLogEntry.patient_id)
            .where(TaskLogEntry.deleted_at.is_(None), TaskLogEntry.patient_id.in_(visible))
        )
        if day is not None:
            query = query.where(TaskLogEntry.task_date == day)
        if start is not None:
            query = query.where(TaskLogEntry.task_date >= start)
        if end is not None:
            query = query.where(TaskLogEntry.task_date <= end)
        if coordinator_id is not None:
            require_coordinator_filter(session, actor, coordinator_id)
            query = query.where(TaskLogEntry.coordinator_id == coordinator_id)
        if patient is not None:
            query = query.where(
                TaskLogEntry.patient_id == find_visible_patient(session, actor, patient).id
            )
        if task_type:
            query = query.where(TaskLogEntry.task_type_id == find_task_type(session, task_type).id)
        rows = session.execute(
            query.order_by(TaskLogEntry.task_date.desc(), TaskLogEntry.id.desc())
        )
        result = [LoggedTask.of(entry, chart, 0) for entry, chart in rows]
        call.audit(detail=f"{len(result)} entries")
        return result


def require_signoff_if_above_average(
    actor: Actor, coordinator: Staff, minutes: int, average_minutes: int
) -> None:
    """A coordinator's own entry over twice the average, once confirmed, still needs the
    team supervisor's sign-off (``tools.tasks.signoff``); supervisors and admins are the
    sign-off, so their confirmation is enough."""
    if actor.role is not Role.COORDINATOR or minutes <= above_average_limit(average_minutes):
        return
    owner_role = team_supervisor_role(coordinator.team or "")
    raise NeedsSignOff(
        f"{minutes} minutes is more than twice this task's average of {average_minutes}; "
        f"it needs the sign-off of the {owner_role} before it is logged",
        rule="supervisor_signoff",
        owner_role=owner_role,
    )


def _coordinator(session: Session, actor: Actor, coordinator_id: int) -> Staff:
    coordinator = session.get(Staff, coordinator_id)
    if coordinator is None or coordinator.role != "coordinator" or not coordinator.active:
        raise NotFound(f"no active coordinator with id {coordinator_id}", field="coordinator")
    if not can_act_for(actor, coordinator.id, coordinator.team):
        raise AccessDenied(
            f"{actor.role} {actor.name} may not log time for coordinator {coordinator.id}",
            rule="other_coordinator",
        )
    return coordinator


def _entry_for_change(
    session: Session, actor: Actor, entry_id: int
) -> tuple[TaskLogEntry, Patient]:
    entry = session.get(TaskLogEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise NotFound(f"no task log entry {entry_id}", field="entry_id")
    record = find_visible_patient(session, actor, entry.patient_id)
    coordinator = session.get(Staff, entry.coordinator_id)
    if not can_act_for(actor, entry.coordinator_id, coordinator.team if coordinator else None):
        raise AccessDenied(
            f"{actor.role} {actor.name} may not change entry {entry_id}",
            rule="other_coordinator",
            object_id=str(entry_id),
        )
    return entry, record


def _check_program(kind: TaskType, patient: Patient) -> None:
    if kind.program and kind.program != patient.program:
        enrolled = f"is in {patient.program}" if patient.program else "is in neither CCM nor PCM"
        raise ToolError(
            f"task type {kind.name!r} is for {kind.program} patients; "
            f"patient {patient.chart_code} {enrolled}",
            rule="program_mismatch",
            field="task_type",
        )


def _clean_notes(notes: str) -> str:
    if not isinstance(notes, str):
        raise ToolError("notes must be text", rule="notes_type", field="notes")
    notes = notes.strip()
    if len(notes) > MAX_NOTES_CHARS:
        raise ToolError(
            f"notes are limited to {MAX_NOTES_CHARS} characters, got {len(notes)}",
            rule="notes_length",
            field="notes",
        )
    if "\x00" in notes:
        raise ToolError("notes contain a NUL character", rule="notes_binary", field="notes")
    return notes


def _minutes_on(
    session: Session, coordinator_id: int, day: date, excluding: int | None = None
) -> int:
    query = select(func.coalesce(func.sum(TaskLogEntry.minutes), 0)).where(
        TaskLogEntry.coordinator_id == coordinator_id,
        TaskLogEntry.task_date == day,
        TaskLogEntry.deleted_at.is_(None),
    )
    if excluding is not None:
        query = query.where(TaskLogEntry.id != excluding)
    return int(session.scalar(query) or 0)


def _revision(
    session: Session, entry: TaskLogEntry, change: str, actor: Actor, at: datetime
) -> None:
    session.add(
        TaskLogRevision(
            task_log_id=entry.id,
            version=entry.version,
            change=change,
            task_type_id=entry.task_type.id,  # the relationship: an edit may have just changed it
            minutes=entry.minutes,
            notes=entry.notes,
            task_date=entry.task_date,
            changed_by=actor.staff_id,
            changed_at=at,
        )
    )
