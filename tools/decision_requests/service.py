"""Decision requests: open one for a role, answer it, list the queue, escalate it.

Free texts (question, evidence, comment, schema-less arguments and edits) pass the PHI
guard here before they are stored, whichever surface sent them. Only the role's active
owner, backup or escalation chain may answer, never the person who asked; every answer
and every refusal is audited. An approved sign-off's action runs in the answer's
transaction (``tools.decision_requests.actions``). A request is answered by a person, never by
Baton.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.access import Actor, Role
from tools.context import ToolContext
from tools.decision_requests.actions import SignOffAction, action_for
from tools.decision_requests.records import (
    OPEN_STATUSES,
    DecisionView,
    insert_request,
    lock_request,
    view_of,
)
from tools.decision_requests.rules import STATUS_AFTER, Answer, check_answer, is_final, parse_answer
from tools.errors import AccessDenied, NotFound, ToolError
from tools.free_text import redact_values
from tools.notify import queue_notification
from tools.owners import active_deciders, find_owner
from tools.store.models import DecisionRequest

__all__ = [
    "DecisionView",
    "answer_decision",
    "decision_answered",
    "decisions_awaiting_resume",
    "escalate_decision",
    "get_decision",
    "list_decisions",
    "mark_thread_resumed",
    "open_decision",
]


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
    """Ask the person who fills ``owner_role``; refuse if nobody does (never skip it).

    The question, the evidence and every text among the arguments are free text here
    (a plan's decision has no schema saying which arguments are typed)."""
    with ctx.write(actor, "decision.open", "decision_request") as call:
        row = insert_request(
            call,
            kind=kind,
            question=call.free_text(question) if isinstance(question, str) else question,
            owner_role=owner_role,
            due_in=due_in,
            options=options,
            evidence=call.free_text(evidence) if isinstance(evidence, str) else evidence,
            arguments=redact_values(ctx.guard, dict(arguments or {})),
            thread_id=thread_id,
            patient_id=patient_id,
        )
        call.audit(object_id=row.id, patient_id=patient_id, detail=f"{kind} for {row.owner_role}")
        return view_of(row, ctx.clock.now())


def answer_decision(
    ctx: ToolContext,
    actor: Actor,
    decision_id: int,
    answer: str,
    *,
    comment: str = "",
    edited: Mapping[str, Any] | None = None,
) -> DecisionView:
    """The owner's (or backup's, or chain's) answer. Anyone else is refused and audited.

    The row is locked first, so of two owners answering at once exactly one decides and
    the other is told it is already decided."""
    chosen = parse_answer(answer)
    with ctx.write(actor, f"decision.{chosen.value}", "decision_request") as call:
        session = call.session
        row = lock_request(session, decision_id)
        if actor.staff_id not in active_deciders(session, row.owner_role):
            raise AccessDenied(
                f"decision {decision_id} belongs to the {row.owner_role}; "
                f"{actor.name} is not its owner, backup or escalation chain",
                rule="not_owner",
                object_id=str(decision_id),
                patient_id=row.patient_id,
            )
        if actor.staff_id == row.requester_id and chosen is not Answer.RESPOND:
            raise AccessDenied(
                "the person who asked for a decision does not decide it",
                rule="own_request",
                object_id=str(decision_id),
            )
        if row.status not in OPEN_STATUSES:
            raise ToolError(
                f"decision {decision_id} is already {row.status}", rule="already_decided"
            )
        arguments = json.loads(row.arguments)
        check_answer(chosen, comment, edited, arguments)
        action = action_for(row.kind)
        if edited and action is not None:
            frozen = sorted(set(edited) - action.editable)
            if frozen:
                raise ToolError(
                    f"cannot edit {', '.join(frozen)} of this request (editable: "
                    f"{', '.join(sorted(action.editable)) or 'nothing'})",
                    rule="edit_unknown",
                    field="edit",
                )
        edited = _stored_edits(ctx, action, edited)
        now = ctx.clock.now()
        row.status = STATUS_AFTER[chosen]
        row.comment = call.free_text(comment.strip())
        if is_final(chosen):
            row.decided_by = actor.staff_id
            row.decided_at = now
        if edited:
            row.edited_arguments = json.dumps(dict(edited), sort_keys=True, default=str)
        if action is not None and chosen in (Answer.APPROVE, Answer.EDIT):
            result = action.apply(call, {**arguments, **dict(edited or {})}, row.id)
            row.result = json.dumps(result, sort_keys=True, default=str)
        elif action is not None and action.on_reject and chosen is Answer.REJECT:
            row.result = json.dumps(action.on_reject(call, arguments), sort_keys=True, default=str)
        queue_notification(
            session,
            recipient_staff_id=row.requester_id,
            kind="decision.answered",
            subject_type="decision",
            subject_id=row.id,
            text=f"Decision request #{row.id}: {row.status} by {actor.name} "
            f"({row.owner_role})" + (f": {row.comment}" if row.comment else ""),
            now=now,
        )
        call.audit(object_id=row.id, patient_id=row.patient_id, detail=row.status)
        return view_of(row, now)


def escalate_decision(session: Session, row: DecisionRequest, now: datetime) -> int | None:
    """Move an overdue request (or one whose owner left) to the next decider of its role
    and tell them; returns the new owner, or None when nobody is further up the chain (the
    owner is then reminded again). Any decider may still answer it."""
    deciders = [p for p in active_deciders(session, row.owner_role) if p != row.requester_id]
    row.escalation_level = (row.escalation_level or 0) + 1
    if row.owner_staff_id in deciders:
        later = deciders[deciders.index(row.owner_staff_id) + 1 :]
    else:  # the owner left or stopped being a decider: the first one still there
        later = deciders
    new_owner = later[0] if later else None
    due = f"{row.due_at:%Y-%m-%d %H:%M} UTC"
    if new_owner is None:
        text = f"Decision request #{row.id} for the {row.owner_role} is overdue (due {due})"
        recipient = row.owner_staff_id if row.owner_staff_id in deciders else None
    else:
        row.owner_staff_id = new_owner
        text = (
            f"Decision request #{row.id} for the {row.owner_role} is overdue and now yours "
            f"to decide (was due {due})"
        )
        recipient = new_owner
    queue_notification(
        session,
        recipient_staff_id=recipient,
        kind="decision.escalated" if new_owner else "decision.overdue",
        subject_type="decision",
        subject_id=row.id,
        text=text,
        now=now,
    )
    return new_owner


def decisions_awaiting_resume(ctx: ToolContext, *, limit: int = 200) -> list[tuple[int, str]]:
    """Answered requests whose waiting conversation has not been resumed yet, as
    (decision id, thread id): the run-due job resumes them if no surface did."""
    with ctx.db.reading() as session:
        rows = session.execute(
            select(DecisionRequest.id, DecisionRequest.thread_id)
            .where(
                DecisionRequest.status.not_in(OPEN_STATUSES),
                DecisionRequest.thread_id.is_not(None),
                DecisionRequest.thread_resumed_at.is_(None),
            )
            .order_by(DecisionRequest.id)
            .limit(limit)
        ).all()
    return [(decision_id, thread_id) for decision_id, thread_id in rows if thread_id is not None]


def decision_answered(ctx: ToolContext, decision_id: int) -> bool:
    """Whether the request has an answer (any status but open). Reads only the status, and
    writes nothing (not even an audit event): a waiting conversation's live view asks on
    every poll, and the answer itself is read, audited, when the conversation resumes."""
    with ctx.db.reading() as session:
        status = session.execute(
            select(DecisionRequest.status).where(DecisionRequest.id == decision_id)
        ).scalar_one_or_none()
    return status is not None and status not in OPEN_STATUSES


# How long a claim to resume a conversation holds: far longer than a resume takes (no
# model call: the outcome is composed offline), short enough that a conversation whose
# worker died half-way is resumed by the next look.
RESUME_CLAIM_LEASE = timedelta(seconds=60)


def claim_thread_resume(ctx: ToolContext, decision_id: int) -> bool:
    """Whether this caller may resume the conversation waiting for the decision: True for
    the first to ask (or the first after a claim's lease ran out), False while another
    holds the claim or once the conversation was resumed. Every worker and live stream
    that sees the answer asks, so the outcome is written into the conversation once."""
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        row = lock_request(session, decision_id)
        if row.thread_resumed_at is not None:
            return False
        claimed = row.resume_claimed_at
        if claimed is not None:
            claimed = claimed if claimed.tzinfo else claimed.replace(tzinfo=now.tzinfo)
            if now - claimed < RESUME_CLAIM_LEASE:
                return False
        row.resume_claimed_at = now
    return True


def release_thread_resume(ctx: ToolContext, decision_id: int) -> None:
    """Give a claim back after a resume that failed, so the next look retries at once."""
    with ctx.db.transaction() as session:
        row = lock_request(session, decision_id)
        if row.thread_resumed_at is None:
            row.resume_claimed_at = None


def mark_thread_resumed(ctx: ToolContext, decision_id: int) -> None:
    """Record that the conversation waiting for this decision got its answer."""
    with ctx.db.transaction() as session:
        row = lock_request(session, decision_id)
        if row.thread_resumed_at is None:
            row.thread_resumed_at = ctx.clock.now()


def stored_decision(ctx: ToolContext, decision_id: int) -> DecisionView:
    """The request as stored, read without writing anything (not even an audit event).

    For delivering the outbox: a delivery runs inside a write transaction, and on SQLite
    a second writer would wait for it forever. Only for showing the text the tool layer
    already queued for its recipient; never on behalf of a person's request.
    """
    with ctx.db.reading() as session:
        row = session.get(DecisionRequest, decision_id)
        if row is None:
            raise NotFound(f"no decision request {decision_id}", field="decision")
        return view_of(row, ctx.clock.now())


def get_decision(ctx: ToolContext, actor: Actor, decision_id: int) -> DecisionView:
    with ctx.read(actor, "decision.view", "decision_request") as call:
        row = call.session.get(DecisionRequest, decision_id)
        if row is None or not _may_see(call.session, actor, row):
            raise NotFound(f"no decision request {decision_id}", field="decision")
        call.audit(object_id=row.id, patient_id=row.patient_id)
        return view_of(row, ctx.clock.now())


def list_decisions(
    ctx: ToolContext, actor: Actor, *, open_only: bool = True, mine: bool = False
) -> list[DecisionView]:
    """The actor's queue, due first: requests they may decide or asked for (admins: all).
    ``mine``: only those waiting for the actor's own answer."""
    with ctx.read(actor, "decision.list", "decision_request") as call:
        query = select(DecisionRequest).order_by(DecisionRequest.due_at, DecisionRequest.id)
        if open_only:
            query = query.where(DecisionRequest.status.in_(OPEN_STATUSES))
        deciders: dict[str, tuple[int, ...]] = {}

        def may_decide(row: DecisionRequest) -> bool:
            if row.owner_role not in deciders:
                deciders[row.owner_role] = active_deciders(call.session, row.owner_role)
            return actor.staff_id in deciders[row.owner_role]

        rows = list(call.session.scalars(query))
        if mine:
            rows = [r for r in rows if r.requester_id != actor.staff_id and may_decide(r)]
        elif actor.role is not Role.ADMIN:
            rows = [r for r in rows if r.requester_id == actor.staff_id or may_decide(r)]
        now = ctx.clock.now()
        views = [view_of(row, now) for row in rows]
        call.audit(detail=f"{len(views)} decision requests")
        return views


def _stored_edits(
    ctx: ToolContext, action: SignOffAction | None, edited: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The owner's changes as they may be stored: a sign-off's free-text arguments through
    the PHI guard (its typed ones are validated when the action runs); every text of a
    request without an action, which has no schema to say what is typed."""
    if not edited:
        return None
    if action is None:
        return redact_values(ctx.guard, dict(edited))
    return {
        name: ctx.free_text(value) if name in action.free_text and isinstance(value, str) else value
        for name, value in edited.items()
    }


def _may_see(session: Session, actor: Actor, row: DecisionRequest) -> bool:
    if actor.role is Role.ADMIN or actor.staff_id == row.requester_id:
        return True
    owner = find_owner(session, row.owner_role)
    return owner is not None and actor.staff_id in owner.deciders()
