"""A coordinator's time entry over twice the average, signed off by the team supervisor.

PCC workflow design §7.3 asks for confirmation of such entries; Baton also has the
coordinator's supervisor sign them off before they count (and bill). The coordinator's
confirmed entry becomes a decision request for the "<team> team supervisor" role; nothing
is logged until the supervisor approves it (or edits it, e.g. fewer minutes), and then
the entry is logged in the same transaction as the answer.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from tools.access import Actor
from tools.context import Call, ToolContext
from tools.decision_requests.records import DecisionView, insert_request, view_of
from tools.errors import NeedsSignOff, ToolError, refusal_from_validation
from tools.tasks.service import add_entry, check_new_entry, require_signoff_if_above_average

KIND = "time_entry.over_average"
SIGNOFF_DUE = timedelta(hours=24)
EDITABLE = frozenset({"minutes", "task_type", "task_date", "notes"})
FREE_TEXT = frozenset({"notes"})


class TimeEntryArguments(BaseModel):
    """What the supervisor approves: the entry exactly as it will be logged."""

    model_config = ConfigDict(extra="forbid")

    coordinator_id: int
    patient_id: int
    task_type: str
    minutes: int
    task_date: date
    notes: str = ""


def request_time_entry_signoff(
    ctx: ToolContext,
    actor: Actor,
    *,
    coordinator_id: int,
    patient: int | str,
    task_type: str,
    minutes: int,
    task_date: date | None = None,
    notes: str = "",
    thread_id: str | None = None,
) -> DecisionView:
    """Check the entry against every rule, then ask the team supervisor to sign it off.

    Refused (``not_above_average``) when the entry needs no sign-off: log it directly.
    """
    with ctx.write(actor, "task.signoff_request", "decision_request") as call:
        checked = check_new_entry(
            call,
            coordinator_id=coordinator_id,
            patient=patient,
            task_type=task_type,
            minutes=minutes,
            task_date=task_date,
            notes=notes,
            confirm=True,
        )
        try:
            require_signoff_if_above_average(
                actor, checked.coordinator, minutes, checked.kind.average_minutes
            )
        except NeedsSignOff as needed:
            owner_role = needed.owner_role
        else:
            raise ToolError(
                "this entry needs no sign-off; log it directly", rule="not_above_average"
            )
        arguments = TimeEntryArguments(
            coordinator_id=checked.coordinator.id,
            patient_id=checked.patient.id,
            task_type=checked.kind.name,
            minutes=minutes,
            task_date=checked.day,
            notes=checked.notes,
        )
        row = insert_request(
            call,
            kind=KIND,
            question=signoff_question(
                minutes, checked.kind.name, checked.coordinator.name, checked.kind.average_minutes
            ),
            owner_role=owner_role,
            due_in=SIGNOFF_DUE,
            options=("approve", "reject", "edit"),
            evidence=(
                f"{checked.already} min already logged that day; the entry was confirmed by "
                "the coordinator. Notes are kept with the entry."
            ),
            arguments=arguments.model_dump(mode="json"),
            thread_id=thread_id,
            patient_id=checked.patient.id,
        )
        call.audit(object_id=row.id, patient_id=checked.patient.id, detail=f"{minutes} min")
        return view_of(row, ctx.clock.now())


def signoff_question(minutes: int, task_type: str, coordinator: str, average: int) -> str:
    """The stored question: no patient and no date of service (PHI, 45 CFR
    164.514(b)(2)); each viewer reads those in ``tools.decision_requests.wording``, the
    chart code only where their access allows. A coordinator's name is not PHI."""
    return (
        f"Approve {minutes} min of '{task_type}' logged by {coordinator} (care coordinator)? "
        f"That is over twice the task's usual {average} min."
    )


def apply_time_entry(call: Call, arguments: dict[str, Any]) -> dict[str, Any]:
    """Log the approved entry as the deciding supervisor (inside the answer's call)."""
    try:
        entry = TimeEntryArguments.model_validate(arguments)
    except ValidationError as error:
        raise refusal_from_validation(error, "edit_invalid") from None
    logged = add_entry(
        call,
        coordinator_id=entry.coordinator_id,
        patient=entry.patient_id,
        task_type=entry.task_type,
        minutes=entry.minutes,
        task_date=entry.task_date,
        notes=entry.notes,
        confirm=True,
    )
    return {"task_log_id": logged.id, "minutes": logged.minutes}
