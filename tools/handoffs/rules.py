"""The life of a tracked handoff, as pure functions.

open → accepted → done, or, when the clock runs out, → stalled → escalated (to the next
person up the owner's ladder), and from there accepted/done again. Every step of a
workflow has an owner, a time frame, a measurable outcome and an escalation path
(workflow-design FAQ); every boundary an exception path with a trigger and a timeout
(process-orchestration article). Here: the time frame is ``due_at``; when it passes the
handoff is stalled (the exception path starts) and, if still stalled after the timeout
(``escalate_after``), it moves up one rung. The holder is nudged once per clock, shortly
before it runs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tools.deadlines import nudge_at
from tools.errors import ToolError


class Status(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DONE = "done"
    STALLED = "stalled"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"


PRIORITIES = ("normal", "high")
ACTIVE = frozenset({Status.OPEN, Status.ACCEPTED, Status.STALLED, Status.ESCALATED})
ALLOWED: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset(
        {Status.ACCEPTED, Status.DONE, Status.STALLED, Status.ESCALATED, Status.CANCELLED}
    ),
    Status.ACCEPTED: frozenset({Status.DONE, Status.STALLED, Status.ESCALATED, Status.CANCELLED}),
    Status.STALLED: frozenset({Status.ACCEPTED, Status.DONE, Status.ESCALATED, Status.CANCELLED}),
    # Escalated again when the next person lets it stall too (or leaves).
    Status.ESCALATED: frozenset(
        {Status.ACCEPTED, Status.DONE, Status.STALLED, Status.ESCALATED, Status.CANCELLED}
    ),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset(),
}

DUE_SOON = timedelta(hours=4)


def check_transition(current: str, target: Status) -> None:
    status = Status(current)
    if target not in ALLOWED[status]:
        if status in (Status.DONE, Status.CANCELLED):
            message = f"the handoff is already {status}"
        else:
            message = f"a handoff that is {status} cannot become {target}"
        raise ToolError(message, rule="handoff_transition", field="status")


class Due(StrEnum):
    NUDGE = "nudge"
    STALL = "stall"
    ESCALATE = "escalate"
    REASSIGN = "reassign"  # the holder left: the work moves to whoever covers


@dataclass(frozen=True)
class Clock:
    """What ``due_action`` needs to know about one handoff."""

    status: str
    since: datetime
    due_at: datetime
    escalate_after: timedelta
    nudged_for_due: datetime | None
    holder_active: bool


def due_action(clock: Clock, now: datetime) -> Due | None:
    """What the run-due job must do with this handoff now, if anything."""
    status = Status(clock.status)
    if status not in ACTIVE:
        return None
    if not clock.holder_active:
        return Due.REASSIGN
    if status is Status.STALLED:
        return Due.ESCALATE if now >= clock.due_at + clock.escalate_after else None
    if now >= clock.due_at:
        return Due.STALL
    if now >= nudge_at(clock.since, clock.due_at) and clock.nudged_for_due != clock.due_at:
        return Due.NUDGE
    return None


def next_rung(ladder: Sequence[int], level: int, holder: int | None) -> tuple[int | None, int]:
    """The first person above ``level`` on the ladder who is not the holder, and their
    level; (None, level) at the top."""
    for index in range(level + 1, len(ladder)):
        if ladder[index] != holder:
            return ladder[index], index
    return None, level


def cover_for(ladder: Sequence[int], level: int, holder: int | None) -> tuple[int | None, int]:
    """Who takes over from a holder who left: the first person at ``level`` or above
    (the ladder lists only active staff, so the backup covers an owner who left, and the
    chain covers when there is no backup)."""
    for index in range(max(level, 0), len(ladder)):
        if ladder[index] != holder:
            return ladder[index], index
    return None, level


def urgency(status: str, due_at: datetime, now: datetime) -> str:
    """overdue / due_soon / on_time for active handoffs; the status otherwise."""
    if Status(status) not in ACTIVE:
        return status
    if now >= due_at:
        return "overdue"
    if due_at - now <= DUE_SOON:
        return "due_soon"
    return "on_time"
