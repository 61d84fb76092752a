"""The time-entry rules of the PCC workflow design (§2.5, §7.3), as pure functions.

Per entry 5 to 120 minutes; per coordinator per day at most 480; more than twice the task
type's average needs the coordinator's explicit confirmation; no future dates. Each
refusal names its rule so every surface can show it next to the right field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tools.errors import NeedsConfirmation, ToolError

MIN_MINUTES = 5
MAX_MINUTES = 120
DAILY_MAX_MINUTES = 480
CONFIRM_ABOVE_AVERAGE_FACTOR = 2


@dataclass(frozen=True)
class TimeEntry:
    minutes: int
    task_date: date
    average_minutes: int
    minutes_already_that_day: int
    confirmed: bool = False


def above_average_limit(average_minutes: int) -> int:
    """Minutes above which an entry must be confirmed (and, for a coordinator's own
    entry, signed off by the team supervisor)."""
    return CONFIRM_ABOVE_AVERAGE_FACTOR * average_minutes


def check_time_entry(entry: TimeEntry, today: date) -> None:
    """Raise the first rule ``entry`` breaks; return quietly when it may be saved."""
    minutes = entry.minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ToolError("minutes must be a whole number", rule="minutes_type", field="minutes")
    if minutes < MIN_MINUTES:
        raise ToolError(
            f"minimum {MIN_MINUTES} minutes per entry, got {minutes}",
            rule="minutes_min",
            field="minutes",
        )
    if minutes > MAX_MINUTES:
        raise ToolError(
            f"maximum {MAX_MINUTES} minutes per entry, got {minutes}",
            rule="minutes_max",
            field="minutes",
        )
    if entry.task_date > today:
        raise ToolError(
            f"date {entry.task_date.isoformat()} is in the future; log time on or after it",
            rule="future_date",
            field="task_date",
        )
    total = entry.minutes_already_that_day + minutes
    if total > DAILY_MAX_MINUTES:
        raise ToolError(
            f"daily limit of {DAILY_MAX_MINUTES} minutes exceeded on "
            f"{entry.task_date.isoformat()}: {entry.minutes_already_that_day} already logged, "
            f"{minutes} more would make {total}",
            rule="daily_max",
            field="minutes",
        )
    if minutes > above_average_limit(entry.average_minutes) and not entry.confirmed:
        raise NeedsConfirmation(
            f"{minutes} minutes is more than twice this task's average of "
            f"{entry.average_minutes}; confirm to save it",
            rule="above_average",
            field="minutes",
        )
