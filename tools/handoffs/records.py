"""Handoffs as rows: opening one inside a tool call, moving it, locking it, its view.

``tools.handoffs.service`` has the public operations; ``tools.cases`` opens the steps
of a case through ``insert_handoff`` in its own transaction. Every move writes a
transition (the history all parties see), an audit event and the notifications, in the
caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.context import Call
from tools.errors import NotFound, ToolError
from tools.fields import MAX_CLOCK_HOURS
from tools.free_text import FreeTextGuard
from tools.handoffs.rules import PRIORITIES, Status, check_transition, urgency
from tools.notify import queue_notification
from tools.owners import escalation_ladder, find_owner
from tools.store.models import Handoff, HandoffTransition, Staff

MAX_TITLE_CHARS = 500
MAX_TEXT_CHARS = 4000
MAX_CONDITIONS = 20
MAX_HOURS = MAX_CLOCK_HOURS


@dataclass(frozen=True)
class HandoffSpec:
    """What a tracked handoff needs: the boundary's owner, clock and exception path."""

    title: str
    owner_role: str
    due_in: timedelta
    escalate_after: timedelta
    escalate_to_role: str | None = None
    entry_conditions: tuple[str, ...] = ()
    waiting_on: str = ""
    outcome_target: str = ""
    priority: str = "normal"
    step: str | None = None

    def check(self) -> None:
        """Refuse a spec a person could not act on, naming the field."""
        if not self.title.strip() or len(self.title) > MAX_TITLE_CHARS:
            raise ToolError(
                f"a handoff needs a title of 1 to {MAX_TITLE_CHARS} characters",
                rule="text",
                field="title",
            )
        for name, value in (("waiting_on", self.waiting_on), ("outcome", self.outcome_target)):
            if len(value) > MAX_TEXT_CHARS:
                raise ToolError(f"{name} is longer than {MAX_TEXT_CHARS}", rule="text", field=name)
        if len(self.entry_conditions) > MAX_CONDITIONS or any(
            len(c) > MAX_TEXT_CHARS for c in self.entry_conditions
        ):
            raise ToolError(
                "too many or too long entry conditions", rule="text", field="entry_conditions"
            )
        for name, span in (("due_in", self.due_in), ("escalate_after", self.escalate_after)):
            if not timedelta(minutes=1) <= span <= timedelta(hours=MAX_HOURS):
                raise ToolError(
                    f"{name} must be between 1 minute and {MAX_HOURS // 24} days",
                    rule="clock",
                    field=name,
                )
        if self.priority not in PRIORITIES:
            raise ToolError(
                f"priority must be one of {', '.join(PRIORITIES)}",
                rule="priority",
                field="priority",
            )

    def redacted(self, guard: FreeTextGuard) -> HandoffSpec:
        """The spec with its free texts (title, entry conditions, what it waits on, the
        outcome) through the PHI guard; roles, clocks and the step are typed."""
        return replace(
            self,
            title=guard.redact_text(self.title),
            entry_conditions=tuple(guard.redact_text(c) for c in self.entry_conditions),
            waiting_on=guard.redact_text(self.waiting_on),
            outcome_target=guard.redact_text(self.outcome_target),
        )


@dataclass(frozen=True)
class Transition:
    from_status: str | None
    to_status: str
    holder_staff_id: int | None
    actor_id: int | None
    at: datetime
    note: str


@dataclass(frozen=True)
class HandoffView:
    id: int
    case_id: int | None
    step: str | None
    title: str
    status: str
    priority: str
    owner_role: str
    escalate_to_role: str | None
    holder_staff_id: int | None
    holder_name: str | None
    since: datetime
    due_at: datetime
    urgency: str
    waiting_on: str
    entry_conditions: tuple[str, ...]
    outcome_target: str
    result: str | None
    escalation_level: int
    patient_id: int | None
    thread_id: str | None
    opened_by: int | None
    opened_at: datetime
    history: tuple[Transition, ...] = ()

    @property
    def open(self) -> bool:
        return self.status not in (Status.DONE, Status.CANCELLED)

    def status_line(self, now: datetime) -> str:
        """Who has it, since when, and what it is waiting on."""
        who = self.holder_name or "nobody"
        clock = _span(self.due_at - now)
        when = f"due in {clock}" if self.due_at > now else f"overdue by {_span(now - self.due_at)}"
        if not self.open:
            when = f"{self.status}"
        return (
            f"#{self.id} {self.status}: {who} ({self.owner_role}) has it since "
            f"{self.since:%Y-%m-%d %H:%M} UTC, {when}; waiting on {self.waiting_on or '-'}"
        )


def insert_handoff(
    call: Call,
    spec: HandoffSpec,
    *,
    patient_id: int | None = None,
    thread_id: str | None = None,
    case_id: int | None = None,
    due_at: datetime | None = None,
) -> Handoff:
    """Open a handoff for whoever holds ``spec.owner_role`` now, and tell them.

    Refused when nobody active fills the role or its escalation role: reported, never
    skipped."""
    spec.check()
    session = call.session
    ladder = escalation_ladder(session, spec.owner_role, spec.escalate_to_role)
    if not ladder:
        raise ToolError(
            f"nobody active fills {_role_named(session, spec.owner_role)}"
            + (
                f" or {_role_named(session, spec.escalate_to_role)}"
                if spec.escalate_to_role
                else ""
            )
            + "; an admin must name an owner (baton owners set)",
            rule="owner_unfilled",
            field="owner_role",
        )
    now = call.context.clock.now()
    row = Handoff(
        case_id=case_id,
        step=spec.step,
        title=spec.title.strip(),
        owner_role=spec.owner_role,
        escalate_to_role=spec.escalate_to_role,
        holder_staff_id=ladder[0],
        status=Status.OPEN.value,
        priority=spec.priority,
        entry_conditions=json.dumps(list(spec.entry_conditions)),
        waiting_on=spec.waiting_on,
        outcome_target=spec.outcome_target,
        patient_id=patient_id,
        thread_id=thread_id,
        opened_by=call.actor.staff_id,
        opened_at=now,
        status_since=now,
        due_at=due_at or now + spec.due_in,
        escalate_after_hours=max(1, round(spec.escalate_after.total_seconds() / 3600)),
        escalation_level=0,
    )
    session.add(row)
    session.flush()
    _record(session, row, None, row.status, call.actor.staff_id, now, "opened")
    notify(
        session,
        row,
        row.holder_staff_id,
        "handoff.assigned",
        f"{label(row)} is yours ({row.owner_role}), due {row.due_at:%Y-%m-%d %H:%M} UTC",
        now,
    )
    return row


def move(
    session: Session,
    row: Handoff,
    target: Status,
    *,
    actor_id: int | None,
    now: datetime,
    note: str = "",
    reassign_to: int | None = None,
) -> None:
    """Change the status (and the holder, when ``reassign_to`` names someone), checking
    the transition is allowed."""
    check_transition(row.status, target)
    previous = row.status
    row.status = target.value
    row.status_since = now
    if reassign_to is not None:
        row.holder_staff_id = reassign_to
    if target in (Status.DONE, Status.CANCELLED):
        row.closed_at = now
    _record(session, row, previous, target.value, actor_id, now, note)


def lock_handoff(session: Session, handoff_id: int) -> Handoff:
    row = session.scalar(select(Handoff).where(Handoff.id == handoff_id).with_for_update())
    if row is None:
        raise NotFound(f"no handoff {handoff_id}", field="handoff")
    return row


def notify(
    session: Session, row: Handoff, recipient: int | None, kind: str, text: str, now: datetime
) -> None:
    queue_notification(
        session,
        recipient_staff_id=recipient,
        kind=kind,
        subject_type="handoff",
        subject_id=row.id,
        text=text,
        now=now,
    )


def view_of(
    session: Session, row: Handoff, now: datetime, *, with_history: bool = False
) -> HandoffView:
    holder = session.get(Staff, row.holder_staff_id) if row.holder_staff_id else None
    history: Sequence[HandoffTransition] = ()
    if with_history:
        history = session.scalars(
            select(HandoffTransition)
            .where(HandoffTransition.handoff_id == row.id)
            .order_by(HandoffTransition.id)
        ).all()
    due_at = row.due_at
    return HandoffView(
        id=row.id,
        case_id=row.case_id,
        step=row.step,
        title=row.title,
        status=row.status,
        priority=row.priority,
        owner_role=row.owner_role,
        escalate_to_role=row.escalate_to_role,
        holder_staff_id=row.holder_staff_id,
        holder_name=holder.name if holder else None,
        since=row.status_since,
        due_at=due_at,
        urgency=urgency(row.status, due_at, now),
        waiting_on=row.waiting_on,
        entry_conditions=tuple(json.loads(row.entry_conditions)),
        outcome_target=row.outcome_target,
        result=row.result,
        escalation_level=row.escalation_level,
        patient_id=row.patient_id,
        thread_id=row.thread_id,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        history=tuple(
            Transition(t.from_status, t.to_status, t.holder_staff_id, t.actor_id, t.at, t.note)
            for t in history
        ),
    )


def label(row: Handoff) -> str:
    title = " ".join(row.title.split())
    title = title if len(title) <= 120 else title[:119] + "…"
    return f"Handoff #{row.id} '{title}'"


def _record(
    session: Session,
    row: Handoff,
    previous: str | None,
    target: str,
    actor_id: int | None,
    now: datetime,
    note: str,
) -> None:
    session.add(
        HandoffTransition(
            handoff_id=row.id,
            from_status=previous,
            to_status=target,
            holder_staff_id=row.holder_staff_id,
            actor_id=actor_id,
            at=now,
            note=note,
        )
    )


def _role_named(session: Session, role: str) -> str:
    """A role of the owner directory by its name; any other words as "that role": a role
    typed by hand may be anything, a name included."""
    return f"the role {role!r}" if find_owner(session, role) is not None else "that role"


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"
