"""Reading the audit trail: for auditors only (45 CFR 164.312(b)), every read audited."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.audit.anchor import AnchorFileError, append_anchor, last_anchor
from tools.audit.trail import Verification, export_csv, verify_chain
from tools.context import ToolContext
from tools.errors import AccessDenied, ToolError
from tools.store.models import AuditEvent

MAX_EVENTS = 1000


@dataclass(frozen=True)
class AuditEventView:
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    role: str
    action: str
    object_type: str
    object_id: str | None
    patient_id: int | None
    channel: str
    outcome: str
    detail: str


def _require_auditor(actor: Actor) -> None:
    if actor.staff_id is not None:  # the server's operator may read its own store
        require_role(actor, Role.AUDITOR, what="reading the audit trail")


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise ToolError(f"the end {end} is before the start {start}", rule="range", field="end")


def audit_events(
    ctx: ToolContext,
    actor: Actor,
    *,
    start: date,
    end: date,
    after_id: int = 0,
    limit: int = 200,
) -> list[AuditEventView]:
    """Events from ``start`` to ``end`` (UTC days, inclusive), oldest first, a page at a time."""
    _check_range(start, end)
    if not 1 <= limit <= MAX_EVENTS:
        raise ToolError(f"limit must be 1 to {MAX_EVENTS}", rule="limit", field="limit")
    lower = datetime.combine(start, time.min, tzinfo=UTC)
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    with ctx.read(actor, "audit.read", "audit_event") as call:
        _require_auditor(actor)
        rows = call.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.at >= lower, AuditEvent.at < upper, AuditEvent.id > after_id)
            .order_by(AuditEvent.id)
            .limit(limit)
        )
        views = [
            AuditEventView(
                e.id,
                e.at,
                e.actor_id,
                e.actor,
                e.role,
                e.action,
                e.object_type,
                e.object_id,
                e.patient_id,
                e.channel,
                e.outcome,
                e.detail,
            )
            for e in rows
        ]
        call.audit(detail=f"{len(views)} events")
        return views


def export_audit(ctx: ToolContext, actor: Actor, start: date, end: date, out: TextIO) -> int:
    """Write the events from ``start`` to ``end`` (UTC days, inclusive) to ``out`` as CSV;
    how many were written. Auditors only; the export itself is audited."""
    _check_range(start, end)
    with ctx.read(actor, "audit.export", "audit_event") as call:
        _require_auditor(actor)
        count = export_csv(call.session, start, end, out)
        call.audit(detail=f"{count} events")
        return count


def verify_audit(ctx: ToolContext, actor: Actor, anchor_file: Path | None = None) -> Verification:
    """Recompute the chain and compare it with the last anchor in ``anchor_file`` (none
    yet, or no file: the chain alone). Writes nothing to the store it checks, not even an
    event of its own: the store may be a forensic copy, and a check that appends to the
    trail changes what it checks. A refused attempt is audited like any refusal when the
    store is writable (the live store; never a read-only copy). An anchor file whose last
    line is not an anchor is a problem of the verification: it may have been tampered with.
    """
    _auditor_only(ctx, actor, "audit.verify")
    unusable: tuple[str, ...] = ()
    try:
        anchor = last_anchor(anchor_file) if anchor_file else None
    except AnchorFileError as exc:
        anchor, unusable = None, (str(exc),)
    with ctx.db.reading() as session:
        verification = verify_chain(session, anchor=anchor)
    return replace(verification, problems=verification.problems + unusable)


def anchor_audit(ctx: ToolContext, actor: Actor, path: Path) -> tuple[Verification, str | None]:
    """Verify the chain against the last anchor in ``path`` and, when intact, append the
    head to ``path`` as a new anchor; return the verification and the line written (None
    when broken: a broken chain is not anchored). Writes nothing to the store."""
    _auditor_only(ctx, actor, "audit.anchor")
    previous = last_anchor(path)
    with ctx.db.reading() as session:
        verification = verify_chain(session, anchor=previous)
    if not verification.intact:
        return verification, None
    return verification, append_anchor(path, verification.as_anchor(ctx.clock.now()))


def _auditor_only(ctx: ToolContext, actor: Actor, action: str) -> None:
    try:
        _require_auditor(actor)
    except AccessDenied as denied:
        if not ctx.db.read_only:
            ctx.record(actor, action, "audit_event", denied, outcome="denied")
        raise
