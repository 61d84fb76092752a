"""A tracked handoff's clocks in words, as the supervisor page shows them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def span(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def clock_words(view: Any, now: datetime) -> dict[str, str]:
    """How long its holder has had it, and its deadline (``view``: a HandoffView)."""
    if view.due_at > now:
        due = f"due in {span(view.due_at - now)}"
    else:
        due = f"overdue by {span(now - view.due_at)}"
    return {"held": f"{view.status} for {span(now - view.since)}", "due": due}
