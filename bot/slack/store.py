"""What the Slack front door keeps in the store: thread links, decisions whose outcome a
thread was told, and seen event ids.

Both are written insert-if-absent against a unique key (``ON CONFLICT DO NOTHING`` on
SQLite and PostgreSQL), so concurrent workers agree without locks: the first insert of
an event id wins and every retry of that event finds it taken.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from tools.clock import Clock
from tools.store.database import Database
from tools.store.models import SlackDecisionNotice, SlackSeenEvent, SlackThreadLink

# Slack retries a delivery three times over about five minutes; a day is plenty.
SEEN_EVENTS_KEPT = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)
MAX_EVENT_ID = 64


@dataclass(frozen=True)
class ThreadLink:
    thread_id: str
    team_id: str
    channel_id: str
    thread_ts: str
    slack_user_id: str
    staff_id: int | None
    private: bool


class SlackStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._insert = sqlite.insert if db.dialect == "sqlite" else postgresql.insert
        self._pruned_at: datetime | None = None
        self._prune_lock = threading.Lock()

    def claim_event(self, event_id: str) -> bool:
        """True for the first caller with this event id, False for every later one."""
        if not event_id or len(event_id) > MAX_EVENT_ID:
            raise ValueError(f"an event id is 1 to {MAX_EVENT_ID} characters")
        now = self.clock.now()
        with self.db.transaction() as session:
            result = session.execute(
                self._insert(SlackSeenEvent)
                .values(event_id=event_id, seen_at=now)
                .on_conflict_do_nothing(index_elements=["event_id"])
                .returning(SlackSeenEvent.event_id)
            )
            # A row comes back only when this insert wrote it (rowcount is not reliable
            # for INSERT … ON CONFLICT across drivers).
            claimed = result.first() is not None
        self._prune_now_and_then(now)
        return claimed

    def _prune_now_and_then(self, now: datetime) -> None:
        with self._prune_lock:
            if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
                return
            self._pruned_at = now
        self.prune_seen_events(now - SEEN_EVENTS_KEPT)

    def prune_seen_events(self, before: datetime) -> int:
        with self.db.transaction() as session:
            result = session.execute(delete(SlackSeenEvent).where(SlackSeenEvent.seen_at < before))
            # A DELETE's result is a cursor result; Session.execute is typed for any statement.
            return int(cast(CursorResult[Any], result).rowcount or 0)

    def claim_decision_notice(self, decision_id: int) -> bool:
        """True for the first caller about to tell a thread this decision's outcome."""
        with self.db.transaction() as session:
            result = session.execute(
                self._insert(SlackDecisionNotice)
                .values(decision_id=decision_id, told_at=self.clock.now())
                .on_conflict_do_nothing(index_elements=["decision_id"])
                .returning(SlackDecisionNotice.decision_id)
            )
            return result.first() is not None

    def link_thread(self, link: ThreadLink) -> bool:
        """Remember where a graph thread lives in Slack; True when the link is new (the
        first link wins)."""
        with self.db.transaction() as session:
            result = session.execute(
                self._insert(SlackThreadLink)
                .values(
                    thread_id=link.thread_id,
                    team_id=link.team_id,
                    channel_id=link.channel_id,
                    thread_ts=link.thread_ts,
                    slack_user_id=link.slack_user_id,
                    staff_id=link.staff_id,
                    private=link.private,
                    created_at=self.clock.now(),
                )
                .on_conflict_do_nothing(index_elements=["thread_id"])
                .returning(SlackThreadLink.thread_id)
            )
            return result.first() is not None

    def thread_link(self, thread_id: str) -> ThreadLink | None:
        with self.db.reading() as session:
            row = session.scalar(
                select(SlackThreadLink).where(SlackThreadLink.thread_id == thread_id)
            )
        if row is None:
            return None
        return ThreadLink(
            row.thread_id,
            row.team_id,
            row.channel_id,
            row.thread_ts,
            row.slack_user_id,
            row.staff_id,
            row.private,
        )
