"""Counts of open decision requests for monitoring (no texts, no people, no audit)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from tools.context import ToolContext
from tools.decision_requests.records import OPEN_STATUSES
from tools.decision_requests.rules import urgency
from tools.store.models import DecisionRequest


def open_decision_counts(ctx: ToolContext) -> dict[str, int]:
    """Open requests by urgency (``pending``, ``due_soon``, ``overdue``), every key present.

    A gauge scraped every few seconds: it reads due times only and writes no audit event,
    since it reveals nothing about any request.
    """
    now = ctx.clock.now()
    counts: Counter[str] = Counter({"pending": 0, "due_soon": 0, "overdue": 0})
    with ctx.db.reading() as session:
        for due_at in session.scalars(
            select(DecisionRequest.due_at).where(DecisionRequest.status.in_(OPEN_STATUSES))
        ):
            due = due_at if due_at.tzinfo else due_at.replace(tzinfo=now.tzinfo)
            counts[urgency(due, now)] += 1
    return dict(counts)
