"""When to remind someone of a deadline: shared by handoffs and decision requests."""

from __future__ import annotations

from datetime import datetime, timedelta

NUDGE_SHARE = 0.25  # remind when a quarter of the time frame is left ...
MIN_NUDGE_LEAD = timedelta(minutes=15)  # ... but at least this long before it runs out
MAX_NUDGE_LEAD = timedelta(hours=24)  # ... and no earlier than a day before


def nudge_at(since: datetime, due_at: datetime) -> datetime:
    """When to remind the holder: a quarter of the frame before it runs out, within
    [15 min, 24 h] of the deadline, and never before the clock started."""
    lead = (due_at - since) * NUDGE_SHARE
    lead = min(max(lead, MIN_NUDGE_LEAD), MAX_NUDGE_LEAD)
    return max(since, due_at - lead)
