"""The notification outbox.

A change and the message that reports it are written in one transaction
(``queue_notification``), so nobody is told about a decision or an escalation that was
rolled back, and nothing told is lost when a process dies. ``deliver_pending`` then hands
undelivered messages to a ``Notifier`` (the log by default; a Slack DM where Slack is set
up) and marks them delivered. Delivery is at least once: a worker killed between sending
and committing sends that message again on the next run.

Several workers may deliver at once: PostgreSQL hands each row to one of them
(``FOR UPDATE SKIP LOCKED``); SQLite runs one writer at a time anyway.

Texts carry ids, roles and redacted titles, never PHI: they may land in a log or in a
Slack DM.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.access import Actor
from tools.context import ToolContext
from tools.errors import ToolError
from tools.store.models import Notification, Staff

log = logging.getLogger("baton.notify")

MAX_ATTEMPTS = 5
MAX_TEXT_CHARS = 3000
MAX_LISTED = 500


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    recipient_staff_id: int
    recipient_name: str
    recipient_slack_id: str | None
    kind: str  # decision.requested, decision.answered, handoff.nudge, handoff.escalated, ...
    subject_type: str  # decision | handoff | case
    subject_id: int
    text: str
    created_at: datetime


class Notifier(Protocol):
    """Delivers one message; raises to have it retried on a later run."""

    def deliver(self, message: OutboxMessage) -> None: ...


class LogNotifier:
    """The default: the outbox row is the stored copy; the log line says it was sent."""

    def deliver(self, message: OutboxMessage) -> None:
        log.info(
            "notification %s (%s %s %s) for staff %s: %s",
            message.id,
            message.kind,
            message.subject_type,
            message.subject_id,
            message.recipient_staff_id,
            message.text,
        )


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int
    failed: int


def queue_notification(
    session: Session,
    *,
    recipient_staff_id: int | None,
    kind: str,
    subject_type: str,
    subject_id: int,
    text: str,
    now: datetime,
) -> bool:
    """Add a message to the outbox in the caller's transaction; False if nobody to tell."""
    if recipient_staff_id is None:
        return False
    session.add(
        Notification(
            recipient_staff_id=recipient_staff_id,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            text=text[:MAX_TEXT_CHARS],
            created_at=now,
            attempts=0,
        )
    )
    return True


def deliver_pending(ctx: ToolContext, notifier: Notifier, *, limit: int = 500) -> DeliveryReport:
    """Deliver up to ``limit`` undelivered messages, oldest first, each exactly once per
    successful run. A failure is counted and retried later, up to ``MAX_ATTEMPTS``."""
    delivered = failed = 0
    after = 0  # a message that fails waits for the next run, not the next loop
    while delivered + failed < limit:
        with ctx.db.transaction() as session:
            row = session.scalar(
                select(Notification)
                .where(
                    Notification.id > after,
                    Notification.delivered_at.is_(None),
                    Notification.attempts < MAX_ATTEMPTS,
                )
                .order_by(Notification.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if row is None:
                break
            after = row.id
            staff = session.get(Staff, row.recipient_staff_id)
            message = OutboxMessage(
                id=row.id,
                recipient_staff_id=row.recipient_staff_id,
                recipient_name=staff.name if staff else "",
                recipient_slack_id=staff.slack_user_id if staff else None,
                kind=row.kind,
                subject_type=row.subject_type,
                subject_id=row.subject_id,
                text=row.text,
                created_at=row.created_at,
            )
            row.attempts += 1
            try:
                notifier.deliver(message)
            except Exception as error:  # noqa: BLE001 - any delivery failure is retried
                # The class name only: an error's text may quote the message.
                row.last_error = type(error).__name__[:200]
                failed += 1
                log.warning("notification %s not delivered (%s)", row.id, row.last_error)
                continue
            row.delivered_at = ctx.clock.now()
            row.last_error = None
            delivered += 1
    return DeliveryReport(delivered, failed)


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    subject_type: str
    subject_id: int
    text: str
    created_at: datetime
    delivered_at: datetime | None


def notifications_for(ctx: ToolContext, actor: Actor, *, limit: int = 50) -> list[NotificationView]:
    """The actor's own latest messages, newest first (nobody reads another's inbox)."""
    if not 1 <= limit <= MAX_LISTED:
        raise ToolError(f"limit must be 1 to {MAX_LISTED}", rule="limit", field="limit")
    with ctx.read(actor, "notification.list", "notification") as call:
        if actor.staff_id is None:
            raise ToolError("notifications are per staff member", rule="no_staff")
        rows = call.session.scalars(
            select(Notification)
            .where(Notification.recipient_staff_id == actor.staff_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
        views = [
            NotificationView(
                r.id,
                r.kind,
                r.subject_type,
                r.subject_id,
                r.text,
                r.created_at,
                r.delivered_at,
            )
            for r in rows
        ]
        call.audit(detail=f"{len(views)} notifications")
        return views
