"""Feedback on answers and the routing corrections it proposes, in the store.

A "the right specialist is ..." verdict becomes a *pending* correction: one person's
slip must not re-route everyone, so a supervisor or admin (not the person who proposed
it) accepts or rejects it. Admins may record accepted corrections directly, one at a
time or from a file (all lines or none). Every change to the accepted set moves the
one-row version counter in the same transaction, which is how every worker learns of it.

Specialist slugs are checked against ``agents``, the catalog the caller routes with:
the tool layer knows no catalog of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import AccessDenied, NotFound, ToolError
from tools.feedback.rules import (
    CorrectionLine,
    agent_problem,
    comment_problem,
    correction_text_problem,
    parse_correction_line,
)
from tools.store.models import AnswerFeedback, RoutingCorrection, RoutingCorrectionsVersion

REVIEWERS = (Role.SUPERVISOR, Role.ADMIN)
FEEDBACK_GIVERS = (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)
MAX_IMPORT_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class AnsweredTurn:
    """The answer a verdict is about, as the conversation's checkpoint holds it."""

    thread_id: str
    request: str  # already redacted by the turn's guard
    agent: str | None  # None for a coordinator command, which is not routed
    workflow: str | None


@dataclass(frozen=True)
class Verdict:
    helpful: bool
    corrected_agent: str | None = None  # "the right specialist is ..."
    comment: str = ""


@dataclass(frozen=True)
class FeedbackRecorded:
    feedback_id: int
    correction_id: int | None  # the pending correction the verdict proposed


@dataclass(frozen=True)
class CorrectionView:
    id: int
    text: str
    agent: str
    from_agent: str | None
    status: str
    source: str
    created_at: datetime
    proposed_by: int | None
    reviewed_by: int | None
    reviewed_at: datetime | None


class CorrectionsFileError(ToolError):
    """A corrections file with bad lines; ``problems`` names each by line number."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_IMPORT_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        message = "; ".join(shown) + (f"; and {more} more" if more else "")
        super().__init__(f"nothing imported: {message}", rule="corrections_file", field="file")
        self.problems = problems


def _view(row: RoutingCorrection) -> CorrectionView:
    return CorrectionView(
        id=row.id,
        text=row.text,
        agent=row.agent,
        from_agent=row.from_agent,
        status=row.status,
        source=row.source,
        created_at=row.created_at,
        proposed_by=row.proposed_by,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
    )


def _bump_version(session: Session) -> None:
    moved = session.execute(
        update(RoutingCorrectionsVersion)
        .where(RoutingCorrectionsVersion.id == 1)
        .values(version=RoutingCorrectionsVersion.version + 1)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]  # seeded by migration 0011
        session.add(RoutingCorrectionsVersion(id=1, version=1))


def record_feedback(
    ctx: ToolContext,
    actor: Actor,
    turn: AnsweredTurn,
    verdict: Verdict,
    agents: Collection[str],
) -> FeedbackRecorded:
    """Store a verdict on ``turn``; a named right specialist also proposes a correction."""
    problem = comment_problem(verdict.comment)
    if problem:
        raise ToolError(f"comment: {problem}", rule="comment", field="comment")
    corrected = verdict.corrected_agent or None
    if corrected is not None:
        problem = agent_problem(corrected, agents)
        if problem:
            raise ToolError(f"corrected_agent: {problem}", rule="agent", field="corrected_agent")
        if turn.agent is None:
            raise ToolError(
                "this answer was not routed to a specialist", rule="not_routed", field="thread_id"
            )
        if corrected == turn.agent:
            raise ToolError(
                "that is the specialist Baton chose", rule="same_agent", field="corrected_agent"
            )
    with ctx.write(actor, "feedback.give", "answer_feedback") as call:
        require_role(actor, *FEEDBACK_GIVERS, what="giving feedback on an answer")
        request = call.free_text(turn.request)
        row = AnswerFeedback(
            at=ctx.clock.now(),
            staff_id=actor.staff_id,
            role=actor.audited_role,
            channel=actor.channel[:20],
            thread_id=turn.thread_id[:64],
            request=request,
            chosen_agent=turn.agent,
            workflow=turn.workflow,
            helpful=verdict.helpful,
            corrected_agent=corrected,
            comment=call.free_text(verdict.comment),
        )
        call.session.add(row)
        call.session.flush()
        correction_id = None
        if corrected is not None:
            correction = RoutingCorrection(
                created_at=ctx.clock.now(),
                text=request,
                agent=corrected,
                from_agent=turn.agent,
                status="pending",
                source="feedback",
                feedback_id=row.id,
                proposed_by=actor.staff_id,
            )
            call.session.add(correction)
            call.session.flush()
            correction_id = correction.id
        verdict_word = "helpful" if verdict.helpful else "not_helpful"
        call.audit(
            object_id=row.id,
            detail=f"{verdict_word} agent={turn.agent or '-'}"
            + (f" corrected={corrected} correction={correction_id}" if corrected else ""),
        )
        return FeedbackRecorded(row.id, correction_id)


def list_corrections(
    ctx: ToolContext, actor: Actor, status: str | None = "pending"
) -> list[CorrectionView]:
    """Corrections with ``status`` (all when None), oldest first; reviewers only."""
    with ctx.read(actor, "corrections.list", "routing_correction") as call:
        require_role(actor, *REVIEWERS, what="reviewing routing corrections")
        query = select(RoutingCorrection).order_by(RoutingCorrection.id)
        if status is not None:
            query = query.where(RoutingCorrection.status == status)
        return [_view(row) for row in call.session.scalars(query)]


def review_correction(
    ctx: ToolContext, actor: Actor, correction_id: int, *, accept: bool
) -> CorrectionView:
    """Accept a pending correction, or reject one (an accepted one too: it stops routing)."""
    action = "corrections.accept" if accept else "corrections.reject"
    with ctx.write(actor, action, "routing_correction") as call:
        require_role(actor, *REVIEWERS, what="reviewing routing corrections")
        row = call.session.get(RoutingCorrection, correction_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no routing correction {correction_id}", field="correction_id")
        if actor.role is not Role.ADMIN and row.proposed_by == actor.staff_id:
            raise AccessDenied(
                "a correction you proposed is reviewed by someone else",
                rule="own_correction",
                object_id=str(correction_id),
            )
        allowed_from = ("pending",) if accept else ("pending", "accepted")
        if row.status not in allowed_from:
            raise ToolError(
                f"correction {correction_id} is already {row.status}",
                rule="already_reviewed",
                field="correction_id",
            )
        if row.status == "accepted" or accept:
            _bump_version(call.session)
        row.status = "accepted" if accept else "rejected"
        row.reviewed_by, row.reviewed_at = actor.staff_id, ctx.clock.now()
        call.audit(object_id=row.id, detail=f"agent={row.agent}")
        return _view(row)


def add_correction(
    ctx: ToolContext, actor: Actor, text: str, agent: str, agents: Collection[str]
) -> CorrectionView:
    """Record an accepted correction directly (admins)."""
    line = _checked_line(text, agent, agents)
    with ctx.write(actor, "corrections.add", "routing_correction") as call:
        require_role(actor, Role.ADMIN, what="adding routing corrections")
        row = _accepted(call.session, ctx, actor, call.free_text(line.text), line.agent, "cli")
        _bump_version(call.session)
        call.audit(object_id=row.id, detail=f"agent={row.agent}")
        return _view(row)


def import_corrections(
    ctx: ToolContext, actor: Actor, lines: Iterable[str | bytes], agents: Collection[str]
) -> int:
    """Record every line of a ``{"text", "primary_agent"}`` JSON-lines file as an accepted
    correction, or none of them when any line is bad (each bad line is named)."""
    with ctx.write(actor, "corrections.import", "routing_correction") as call:
        require_role(actor, Role.ADMIN, what="importing routing corrections")
        parsed: list[CorrectionLine] = []
        problems: list[str] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                parsed.append(parse_correction_line(line, agents))
            except ValueError as bad:
                problems.append(f"line {number}: {bad}")
        if problems:
            raise CorrectionsFileError(problems)
        if not parsed:
            raise ToolError("the file holds no corrections", rule="corrections_file", field="file")
        for item in parsed:
            _accepted(call.session, ctx, actor, call.free_text(item.text), item.agent, "import")
        _bump_version(call.session)
        call.audit(detail=f"{len(parsed)} corrections")
        return len(parsed)


def _checked_line(text: str, agent: str, agents: Collection[str]) -> CorrectionLine:
    problem = correction_text_problem(text)
    if problem:
        raise ToolError(f"text: {problem}", rule="text", field="text")
    problem = agent_problem(agent, agents)
    if problem:
        raise ToolError(f"agent: {problem}", rule="agent", field="agent")
    return CorrectionLine(text, agent)


def _accepted(
    session: Session, ctx: ToolContext, actor: Actor, text: str, agent: str, source: str
) -> RoutingCorrection:
    now = ctx.clock.now()
    row = RoutingCorrection(
        created_at=now,
        text=text,
        agent=agent,
        status="accepted",
        source=source,
        proposed_by=actor.staff_id,
        reviewed_by=actor.staff_id,
        reviewed_at=now,
    )
    session.add(row)
    session.flush()
    return row


# -- what the router reads (Baton itself, every request: no actor, no audit) ------------


@dataclass(frozen=True)
class AcceptedCorrection:
    id: int
    text: str
    agent: str


def corrections_version(ctx: ToolContext) -> int:
    """The accepted set's change counter: one primary-key read."""
    with ctx.db.reading() as session:
        version = session.scalar(
            select(RoutingCorrectionsVersion.version).where(RoutingCorrectionsVersion.id == 1)
        )
    return int(version or 0)


def accepted_corrections(ctx: ToolContext) -> tuple[int, list[AcceptedCorrection]]:
    """The version and the accepted corrections, read in one transaction."""
    with ctx.db.reading() as session:
        version = session.scalar(
            select(RoutingCorrectionsVersion.version).where(RoutingCorrectionsVersion.id == 1)
        )
        rows = session.execute(
            select(RoutingCorrection.id, RoutingCorrection.text, RoutingCorrection.agent)
            .where(RoutingCorrection.status == "accepted")
            .order_by(RoutingCorrection.id)
        ).all()
    return int(version or 0), [AcceptedCorrection(r.id, r.text, r.agent) for r in rows]
