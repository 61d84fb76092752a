"""Recording a coordinator's time: the one use case every surface and the chat graph call.

"Log the time, and if it needs a sign-off, send it for one" is a single decision: the
rules say when an entry counts at once and when the team supervisor must approve it first
(tools.tasks.signoff), so no surface decides that for itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from tools.access import Actor
from tools.context import ToolContext
from tools.decision_requests.records import DecisionView
from tools.errors import NeedsSignOff
from tools.tasks.service import LoggedTask, log_task
from tools.tasks.signoff import request_time_entry_signoff


@dataclass(frozen=True)
class TimeToLog:
    """An entry as a person asked for it; nothing in it is trusted yet."""

    coordinator_id: int
    patient: int | str  # patient id, or chart code
    task_type: str
    minutes: int
    task_date: date | None = None  # today in the practice's clock
    notes: str = ""  # free text: redacted by the tool layer before it is stored


@dataclass(frozen=True)
class SentForSignOff:
    """A confirmed entry over twice the task's average went to the team supervisor;
    nothing is logged until they approve it."""

    decision: DecisionView

    @property
    def message(self) -> str:
        return (
            f"Over twice the usual time: sent to the {self.decision.owner_role} for sign-off "
            f"as decision request #{self.decision.id}. Nothing is logged until they approve it."
        )


def record_time(
    ctx: ToolContext,
    actor: Actor,
    entry: TimeToLog,
    *,
    confirm: bool,
    thread_id: str | None = None,
) -> LoggedTask | SentForSignOff:
    """Log ``entry``, or send it for sign-off when the rules ask for one.

    Refusals are the tools' own (``ToolError`` and subclasses, e.g. ``NeedsConfirmation``
    for an unconfirmed entry over twice the average). ``thread_id`` is the conversation
    that waits for the sign-off, if any.
    """
    fields = asdict(entry)
    try:
        return log_task(ctx, actor, **fields, confirm=confirm)
    except NeedsSignOff:
        asked = request_time_entry_signoff(ctx, actor, **fields, thread_id=thread_id)
        return SentForSignOff(asked)


def logged_message(logged: LoggedTask) -> str:
    """How every surface tells a person their time was logged."""
    return (
        f"Logged {logged.minutes} min of '{logged.task_type}' for {logged.chart_code} on "
        f"{logged.task_date.isoformat()} (entry {logged.id}); {logged.minutes_that_day} min "
        "logged that day."
    )
