"""Decision requests over the store: open one for a role, answer it, list the queue.

Texts (question, evidence, comment) must arrive redacted: the graph passes them through
the PHI guard first. Only the role's owner, backup or escalation chain may answer; every
answer and every refusal is audited. A request is answered by a person, never by Baton.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from tools.access import Actor, Role
from tools.context import ToolContext
from tools.decisions.rules import STATUS_AFTER, Answer, check_answer, parse_answer, urgency
from tools.errors import AccessDenied, NotFound, ToolError
from tools.owners import find_owner, load_directory
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
    status: str
    urgency: str
    due_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    comment: str
    edited_arguments: dict[str, Any] | None

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def final_arguments(self) -> dict[str, Any]:
        """What to carry out once approved: the arguments with the owner's edits."""
        return {**self.arguments, **(self.edited_arguments or {})}


def open_decision(
    ctx: ToolContext,
    actor: Actor,
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
) -> DecisionView:
    """Ask the person who fills ``owner_role``; refuse if nobody does (never skip it)."""
    for name, text in (("question", question), ("evidence", evidence)):
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            raise ToolError(f"{name} must be text up to {MAX_TEXT_CHARS} characters", field=name)
    if not question.strip():
        raise ToolError("a decision request needs a question", field="question")
    if due_in <= timedelta(0):
        raise ToolError("the due time must be in the future", rule="due", field="due_in")
    with ctx.write(actor, "decision.open", "decision_request") as call:
        owner = find_owner(call.session, owner_role)
        deciders = owner.deciders() if owner else ()
        if not deciders:
            raise ToolError(
                f"nobody fills the role {owner_role!r}; an admin must name an owner "
                "(baton owners set)",
                rule="owner_unfilled",
                field="owner_role",
            )
        now = ctx.clock.now()
        row = DecisionRequest(
            thread_id=thread_id,
            kind=kind,
            question=question,
            options=json.dumps(list(options)),
            evidence=evidence,
            arguments=json.dumps(dict(arguments or {}), sort_keys=True, default=str),
            requester_id=actor.staff_id,
            owner_role=owner.role if owner else owner_role,
            owner_staff_id=deciders[0],
            patient_id=patient_id,
            status="pending",
            due_at=now + due_in,
            created_at=now,
            comment="",
        )
        call.session.add(row)
        call.session.flush()
        call.audit(object_id=row.id, patient_id=patient_id, detail=f"{kind} for {row.owner_role}")
        return _view(row, now)


def answer_decision(
    ctx: ToolContext,
    actor: Actor,
    decision_id: int,
    answer: str,
    *,
    comment: str = "",
    edited: Mapping[str, Any] | None = None,
) -> DecisionView:
    """The owner's (or backup's, or chain's) answer. Anyone else is refused and audited."""
    chosen = parse_answer(answer)
    with ctx.write(actor, f"decision.{chosen.value}", "decision_request") as call:
        row = call.session.get(DecisionRequest, decision_id)
        if row is None:
            raise NotFound(f"no decision request {decision_id}", field="decision")
        owner = find_owner(call.session, row.owner_role)
        deciders = owner.deciders() if owner else ()
        if actor.staff_id not in deciders:
            raise AccessDenied(
                f"decision {decision_id} belongs to the {row.owner_role}; "
                f"{actor.name} is not its owner, backup or escalation chain",
                rule="not_owner",
            )
        if actor.staff_id == row.requester_id and chosen is not Answer.RESPOND:
            raise AccessDenied(
                "the person who asked for a decision does not decide it", rule="own_request"
            )
        if row.status not in OPEN_STATUSES:
            raise ToolError(
                f"decision {decision_id} is already {row.status}", rule="already_decided"
            )
        check_answer(chosen, comment, edited, json.loads(row.arguments))
        now = ctx.clock.now()
        row.status = STATUS_AFTER[chosen]
        row.comment = comment.strip()
        row.decided_by = actor.staff_id
        row.decided_at = now
        if edited:
            row.edited_arguments = json.dumps(dict(edited), sort_keys=True, default=str)
        call.audit(object_id=row.id, patient_id=row.patient_id, detail=row.status)
        return _view(row, now)


def get_decision(ctx: ToolContext, actor: Actor, decision_id: int) -> DecisionView:
    with ctx.read(actor, "decision.view", "decision_request") as call:
        row = call.session.get(DecisionRequest, decision_id)
        if row is None or not _may_see(call.session, actor, row):
            raise NotFound(f"no decision request {decision_id}", field="decision")
        call.audit(object_id=row.id, patient_id=row.patient_id)
        return _view(row, ctx.clock.now())


def list_decisions(ctx: ToolContext, actor: Actor, *, open_only: bool = True) -> list[DecisionView]:
    """The actor's queue: requests they may decide or asked for (admins: all), due first."""
    with ctx.read(actor, "decision.list", "decision_request") as call:
        query = select(DecisionRequest).order_by(DecisionRequest.due_at, DecisionRequest.id)
        if open_only:
            query = query.where(DecisionRequest.status.in_(OPEN_STATUSES))
        if actor.role is not Role.ADMIN:
            roles = [
                entry.role
                for entry in load_directory(call.session)
                if actor.staff_id in entry.deciders()
            ]
            query = query.where(
                or_(
                    DecisionRequest.owner_role.in_(roles),
                    DecisionRequest.requester_id == actor.staff_id,
                )
            )
        now = ctx.clock.now()
        views = [_view(row, now) for row in call.session.scalars(query)]
        call.audit(detail=f"{len(views)} decision requests")
        return views


def _may_see(session: Any, actor: Actor, row: DecisionRequest) -> bool:
    if actor.role is Role.ADMIN or actor.staff_id == row.requester_id:
        return True
    owner = find_owner(session, row.owner_role)
    return owner is not None and actor.staff_id in owner.deciders()


def _view(row: DecisionRequest, now: datetime) -> DecisionView:
    due_at = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=now.tzinfo)
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
        status=row.status,
        urgency=urgency(due_at, now) if row.status in OPEN_STATUSES else row.status,
        due_at=due_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        comment=row.comment,
        edited_arguments=json.loads(row.edited_arguments) if row.edited_arguments else None,
    )
