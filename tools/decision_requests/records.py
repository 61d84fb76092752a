"""Decision requests as rows: opening one inside a tool call, locking, and the view.

The public operations are in ``tools.decision_requests.service``; this module is what the tools
that need a sign-off (a time entry, a write-off, a panel removal) use to open a request
inside their own transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.access import require_decision_requests
from tools.context import Call
from tools.decision_requests.rules import urgency
from tools.errors import NotFound, ToolError
from tools.notify import queue_notification
from tools.owners import active_deciders, find_owner
from tools.store.models import DecisionRequest

OPEN_STATUSES = ("pending", "responded")
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class DecisionView:
    id: int
    thread_id: str | None
    kind: str
    question: str
    options: tuple[str, ...]
    evidence: str
    arguments: dict[str, Any]
    owner_role: str
    owner_staff_id: int | None
    requester_id: int | None
    patient_id: int | None
    case_id: int | None
    status: str
    urgency: str
    due_at: datetime
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    comment: str
    edited_arguments: dict[str, Any] | None
    result: dict[str, Any] | None
    escalation_level: int

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def final_arguments(self) -> dict[str, Any]:
        """What to carry out once approved: the arguments with the owner's edits."""
        return {**self.arguments, **(self.edited_arguments or {})}


def insert_request(
    call: Call,
    *,
    kind: str,
    question: str,
    owner_role: str,
    due_in: timedelta,
    options: Sequence[str] = ("approve", "reject"),
    evidence: str = "",
    arguments: Mapping[str, Any] | None = None,
    thread_id: str | None = None,
    patient_id: int | None = None,
    case_id: int | None = None,
) -> DecisionRequest:
    """Open a request for whoever fills ``owner_role``, in ``call``'s transaction, and
    tell them. Refused if nobody active fills the role: it is reported, never skipped.
    Refused (and audited, by ``call``) for a role that may not ask for decisions, so no
    surface and no path through a turn opens one for it."""
    require_decision_requests(call.actor)
    for name, text in (("question", question), ("evidence", evidence)):
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            raise ToolError(
                f"{name} must be text up to {MAX_TEXT_CHARS} characters", field=name, rule="text"
            )
    if not question.strip():
        raise ToolError("a decision request needs a question", field="question", rule="text")
    if due_in <= timedelta(0):
        raise ToolError("the due time must be in the future", rule="due", field="due_in")
    session = call.session
    deciders = active_deciders(session, owner_role)
    if not deciders:
        raise ToolError(
            f"nobody active fills the role {owner_role!r}; an admin must name an owner "
            "(baton owners set)",
            rule="owner_unfilled",
            field="owner_role",
        )
    entry = find_owner(session, owner_role)
    now = call.context.clock.now()
    row = DecisionRequest(
        thread_id=thread_id,
        kind=kind,
        question=question,
        options=json.dumps(list(options)),
        evidence=evidence,
        arguments=json.dumps(dict(arguments or {}), sort_keys=True, default=str),
        requester_id=call.actor.staff_id,
        owner_role=entry.role if entry else owner_role,
        owner_staff_id=deciders[0],
        patient_id=patient_id,
        case_id=case_id,
        status="pending",
        due_at=now + due_in,
        created_at=now,
        comment="",
        escalation_level=0,
    )
    session.add(row)
    session.flush()
    queue_notification(
        session,
        recipient_staff_id=row.owner_staff_id,
        kind="decision.requested",
        subject_type="decision",
        subject_id=row.id,
        text=f"Decision request #{row.id} for the {row.owner_role}: {_headline(question)} "
        f"(due {row.due_at:%Y-%m-%d %H:%M} UTC)",
        now=now,
    )
    return row


def lock_request(session: Session, decision_id: int) -> DecisionRequest:
    """The row, locked until the transaction ends (PostgreSQL ``FOR UPDATE``; SQLite write
    transactions are already exclusive), so two answers cannot both see it open."""
    row = session.scalar(
        select(DecisionRequest).where(DecisionRequest.id == decision_id).with_for_update()
    )
    if row is None:
        raise NotFound(f"no decision request {decision_id}", field="decision")
    return row


def view_of(row: DecisionRequest, now: datetime) -> DecisionView:
    due_at = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=now.tzinfo)
    created_at = (
        row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=now.tzinfo)
    )
    return DecisionView(
        id=row.id,
        thread_id=row.thread_id,
        kind=row.kind,
        question=row.question,
        options=tuple(json.loads(row.options)),
        evidence=row.evidence,
        arguments=json.loads(row.arguments),
        owner_role=row.owner_role,
        owner_staff_id=row.owner_staff_id,
        requester_id=row.requester_id,
        patient_id=row.patient_id,
        case_id=row.case_id,
        status=row.status,
        urgency=urgency(due_at, now) if row.status in OPEN_STATUSES else row.status,
        due_at=due_at,
        created_at=created_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        comment=row.comment,
        edited_arguments=json.loads(row.edited_arguments) if row.edited_arguments else None,
        result=json.loads(row.result) if row.result else None,
        escalation_level=row.escalation_level or 0,
    )


def _headline(question: str, limit: int = 200) -> str:
    line = " ".join(question.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
