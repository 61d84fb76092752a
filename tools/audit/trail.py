"""Appending to, verifying and exporting the audit trail in the store.

Appends lock the single ``audit_head`` row (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite write transactions are already serialized), so concurrent workers extend one chain
instead of forking it. An event is written in the same transaction as the action it
records: either both are stored or neither is.

``detail`` must never carry PHI: callers pass ids, chart codes, rule names and numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.access import Actor
from tools.audit.anchor import Anchor
from tools.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash, utc_text
from tools.store.models import AuditEvent, AuditHead

OUTCOMES = ("allowed", "denied", "failed")
EXPORT_COLUMNS = ("id", *HASHED_FIELDS, "prev_hash", "hash")


def append_event(
    session: Session,
    actor: Actor,
    action: str,
    *,
    at: datetime,
    object_type: str,
    object_id: str | int | None = None,
    patient_id: int | None = None,
    outcome: str = "allowed",
    detail: str = "",
) -> AuditEvent:
    event = PendingEvent(action, object_type, object_id, patient_id, outcome, detail)
    return append_events(session, actor, [event], at=at)[0]


@dataclass(frozen=True)
class PendingEvent:
    """One event to append; ``append_events`` chains many under one lock of the head."""

    action: str
    object_type: str
    object_id: str | int | None = None
    patient_id: int | None = None
    outcome: str = "allowed"
    detail: str = ""


def append_events(
    session: Session, actor: Actor, events: Sequence[PendingEvent], *, at: datetime
) -> list[AuditEvent]:
    """Append ``events`` in order, reading and moving the head once (a batch job's events
    cost one lock and one flush, not one each)."""
    for event in events:
        if event.outcome not in OUTCOMES:
            raise ValueError(f"audit outcome must be one of {OUTCOMES}, got {event.outcome!r}")
    if not events:
        return []
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:  # seeded by the first migration; missing means a damaged store
        raise RuntimeError("the audit head row is missing; run `baton audit verify`")
    previous = head.last_hash
    rows = []
    for event in events:
        fields: dict[str, object] = {
            "at": at,
            "actor_id": actor.staff_id,
            "actor": actor.name,
            "role": actor.audited_role,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": None if event.object_id is None else str(event.object_id),
            "patient_id": event.patient_id,
            "channel": actor.channel,
            "outcome": event.outcome,
            "detail": event.detail,
        }
        digest = event_hash(previous, fields)
        rows.append(AuditEvent(**fields, prev_hash=previous, hash=digest))
        previous = digest
    session.add_all(rows)
    session.flush()
    head.last_id = rows[-1].id
    head.last_hash = previous
    return rows


@dataclass(frozen=True)
class Verification:
    events: int
    head_hash: str
    problems: tuple[str, ...]
    last_id: int = 0  # the newest event's id (0: no events)
    anchor: Anchor | None = None  # the anchor the trail was compared with, if any

    @property
    def intact(self) -> bool:
        return not self.problems

    def as_anchor(self, at: datetime) -> Anchor:
        """This (intact) trail's head as an anchor taken at ``at``."""
        if not self.intact:
            raise ValueError("a broken audit trail cannot be anchored")
        return Anchor(self.last_id, self.head_hash, self.events, at)


def verify_chain(
    session: Session, batch: int = 5000, *, anchor: Anchor | None = None
) -> Verification:
    """Recompute every hash in order, and compare with ``anchor`` (see tools/audit/anchor);
    report each break by event id (no event contents). Only reads."""
    problems: list[str] = []
    previous_hash = GENESIS_HASH
    count = 0
    last_id = 0
    anchored_hash: str | None = None
    for event in _events_in_order(session, batch):
        count += 1
        if anchor is not None and event.id == anchor.last_id:
            anchored_hash = event.hash
        if event.prev_hash != previous_hash:
            problems.append(
                f"event {event.id}: does not follow event {last_id or 'start'} "
                "(an event before it was deleted, inserted or changed)"
            )
        fields = {name: getattr(event, name) for name in HASHED_FIELDS}
        if event_hash(event.prev_hash, fields) != event.hash:
            problems.append(f"event {event.id}: its contents were changed after it was written")
        previous_hash = event.hash
        last_id = event.id
    head = session.get(AuditHead, 1)
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_hash != previous_hash or (head and head.last_id != last_id):
        problems.append(
            f"the newest event on record is {head.last_id if head else 0} but the trail ends "
            f"at {last_id or 'nothing'} (events at the end were deleted or added outside Baton)"
        )
    if anchor is not None:
        problems.extend(_against_anchor(anchor, anchored_hash, count))
    return Verification(count, head_hash, tuple(problems), last_id, anchor)


def _against_anchor(anchor: Anchor, anchored_hash: str | None, count: int) -> list[str]:
    taken = f"anchored {utc_text(anchor.at)} UTC"
    problems = []
    if anchor.last_id and anchored_hash is None:
        problems.append(
            f"event {anchor.last_id} ({taken}) is missing (the newest events were deleted)"
        )
    elif anchor.last_id and anchored_hash != anchor.last_hash:
        problems.append(f"event {anchor.last_id} ({taken}) no longer has its anchored hash")
    if count < anchor.events:
        problems.append(
            f"the trail holds {count} events, fewer than the {anchor.events} {taken} "
            "(events were deleted)"
        )
    return problems


def _events_in_order(session: Session, batch: int) -> Iterator[AuditEvent]:
    after = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id
        session.expunge_all()


def export_csv(session: Session, start: date, end: date, out: TextIO) -> int:
    """Write events from ``start`` to ``end`` (inclusive, UTC days) as CSV; return the count."""
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    lower = datetime.combine(start, time.min, tzinfo=UTC)
    upper = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    query = (
        select(AuditEvent)
        .where(AuditEvent.at >= lower, AuditEvent.at < upper)
        .order_by(AuditEvent.id)
    )
    for event in session.scalars(query):
        row = [getattr(event, name) for name in EXPORT_COLUMNS]
        writer.writerow([utc_text(v) if isinstance(v, datetime) else v for v in row])
        count += 1
    return count
