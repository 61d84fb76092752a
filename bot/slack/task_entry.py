"""Coordinator time entry from Slack: the /baton-log modal and the /baton-tasks summary.

The modal offers only the coordinator's own patients (by chart code) and the catalog's
task types by category; a submission goes through ``tools.tasks.log_task``, and a
refusal is shown next to the field it names, in the tool's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.slack.blocks.limits import truncate
from bot.slack.blocks.tasks import (
    CONFIRM,
    FIELD_BLOCKS,
    MINUTES,
    NOTES,
    PATIENT,
    TASK_DATE,
    TASK_TYPE,
    DueTask,
    PatientChoice,
    task_log_modal,
    tasks_today_blocks,
)
from bot.slack.deps import SlackDeps
from tools.access import Actor, Role
from tools.billing.month import BillingMonth
from tools.errors import AccessDenied, NeedsConfirmation, ToolError
from tools.fields import id_or_name
from tools.panel import patient_panel
from tools.schedules.service import list_scheduled
from tools.tasks.recording import SentForSignOff, TimeToLog, record_time
from tools.tasks.service import LoggedTask, list_tasks
from tools.tasks.types import list_task_types

MAX_ERROR_CHARS = 300


def my_patients(deps: SlackDeps, actor: Actor) -> list[PatientChoice]:
    """The coordinator's active patients, by chart code (what the picker offers)."""
    rows = patient_panel(deps.records, actor, mine_only=True)
    return sorted(
        (PatientChoice(r.patient_id, r.chart_code) for r in rows), key=lambda p: p.chart_code
    )


def log_modal_for(deps: SlackDeps, actor: Actor) -> dict[str, Any]:
    return task_log_modal(
        my_patients(deps, actor),
        list_task_types(deps.records, actor),
        deps.records.clock.today(),
    )


@dataclass(frozen=True)
class Submission:
    patient_id: int | None
    task_type: str | None
    minutes: str | None
    task_date: date | None
    notes: str
    confirmed: bool


def _selected(values: dict[str, Any], block: str) -> dict[str, Any]:
    return (values.get(block) or {}).get(block) or {}


def _option_id(value: object) -> int | None:
    """A picker's value as the patient id it was built from (None if it is not one)."""
    try:
        ref = id_or_name(str(value)) if value else None
    except ToolError:  # digits past any id the store holds
        return None
    return ref if isinstance(ref, int) else None


def read_submission(values: dict[str, Any]) -> Submission:
    """The modal's state (``view.state.values``) as plain values; nothing trusted yet."""
    patient = (_selected(values, PATIENT).get("selected_option") or {}).get("value")
    task_type = (_selected(values, TASK_TYPE).get("selected_option") or {}).get("value")
    day = _selected(values, TASK_DATE).get("selected_date")
    confirm = _selected(values, CONFIRM).get("selected_options") or []
    return Submission(
        patient_id=_option_id(patient),
        task_type=task_type,
        minutes=_selected(values, MINUTES).get("value"),
        task_date=date.fromisoformat(day) if day else None,
        notes=_selected(values, NOTES).get("value") or "",
        confirmed=bool(confirm),
    )


def submit_entry(
    deps: SlackDeps, actor: Actor, submission: Submission
) -> LoggedTask | SentForSignOff | dict[str, str]:
    """Log the entry, or send it for sign-off when the rules ask for one; on refusal,
    ``{block_id: message}`` for Slack to show next to the field."""
    if submission.patient_id is None:
        return {PATIENT: "Choose one of your patients."}
    if not submission.task_type:
        return {TASK_TYPE: "Choose a task type."}
    try:
        minutes = int(str(submission.minutes).strip())
    except ValueError:
        return {MINUTES: "Minutes must be a whole number."}
    entry = TimeToLog(
        coordinator_id=actor.staff_id or 0,
        patient=submission.patient_id,
        task_type=submission.task_type,
        minutes=minutes,
        task_date=submission.task_date,
        notes=submission.notes,
    )
    try:
        return record_time(deps.records, actor, entry, confirm=submission.confirmed)
    except NeedsConfirmation as needed:
        return {CONFIRM: truncate(f"{needed}: tick the box to save it.", MAX_ERROR_CHARS)}
    except AccessDenied as denied:
        return {PATIENT: truncate(str(denied), MAX_ERROR_CHARS)}
    except ToolError as refused:
        block = FIELD_BLOCKS.get(refused.field or "", MINUTES)
        return {block: truncate(str(refused), MAX_ERROR_CHARS)}


def tasks_summary(deps: SlackDeps, actor: Actor) -> list[dict[str, Any]]:
    """/baton-tasks: open tasks due today or overdue, today's and this month's minutes.

    Coordinators see their own; supervisors their team; admins everyone (the tools scope
    what each may see).
    """
    today = deps.records.clock.today()
    mine = actor.staff_id if actor.role is Role.COORDINATOR else None
    scheduled = list_scheduled(deps.records, actor, due_on_or_before=today, coordinator_id=mine)
    month = BillingMonth.of(today)
    entries = list_tasks(deps.records, actor, start=month.first_day, end=today, coordinator_id=mine)
    todays = [e for e in entries if e.task_date == today]
    return tasks_today_blocks(
        today,
        [DueTask(t.due_date, t.chart_code, t.task_type) for t in scheduled],
        minutes_today=sum(e.minutes for e in todays),
        entries_today=len(todays),
        minutes_month=sum(e.minutes for e in entries),
        whose="your"
        if mine is not None
        else "your team"
        if actor.role is Role.SUPERVISOR
        else "everyone",
    )
