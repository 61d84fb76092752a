"""The figures behind the charts, as pure functions (table-tested against hand-worked
values); ``bot.web.charts`` draws them. Nothing here reads the store or decides access:
the pages pass in what the signed-in person may see."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tools.billing.reason_groups import ORDER, reason_group
from tools.billing.thresholds import next_threshold, staff_thresholds

PROGRAMS = ("CCM", "PCM")
# How far a patient-month is from its next threshold; "met" when nothing more is earned.
PROGRESS_BUCKETS = ("5 min or less", "6–10 min", "11–20 min", "over 20 min", "all met")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


def working_days_back(today: date, count: int) -> list[date]:
    """The last ``count`` weekdays up to and including ``today`` (today even on a
    weekend, since time can be logged then), oldest first."""
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5 or day == today:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def weeks_back(today: date, count: int) -> list[date]:
    """The Mondays of the last ``count`` weeks, this week's last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def minutes_per_coordinator(
    entries: Iterable[Any],
    buckets: Sequence[date],
    names: Mapping[int, str],
    bucket_of: Callable[[date], date] = lambda day: day,
) -> list[Series]:
    """Minutes each coordinator logged in each bucket (a day, or a week by its Monday);
    entries outside the buckets are left out; coordinators by name."""
    wanted = set(buckets)
    totals: dict[int, Counter[date]] = defaultdict(Counter)
    for entry in entries:
        bucket = bucket_of(entry.task_date)
        if bucket in wanted:
            totals[entry.coordinator_id][bucket] += entry.minutes
    people = sorted(totals, key=lambda cid: names.get(cid, str(cid)))
    return [
        Series(names.get(cid, f"staff {cid}"), tuple(totals[cid][b] for b in buckets))
        for cid in people
    ]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def threshold_progress(lines: Iterable[Mapping[str, Any]]) -> list[Series]:
    """Per program, how many enrolled patient-months are how far from their next staff
    threshold (``PROGRESS_BUCKETS``)."""
    counts: dict[str, Counter[str]] = {program: Counter() for program in PROGRAMS}
    for line in lines:
        program = line.get("program")
        if program not in counts:
            continue
        found = next_threshold(program, int(line["staff_minutes"]))
        counts[program][_bucket(found.short_by if found else None)] += 1
    return [
        Series(program, tuple(counts[program][b] for b in PROGRESS_BUCKETS))
        for program in PROGRAMS
        if counts[program]
    ]


def _bucket(short_by: int | None) -> str:
    if short_by is None:
        return "all met"
    if short_by <= 5:
        return "5 min or less"
    if short_by <= 10:
        return "6–10 min"
    if short_by <= 20:
        return "11–20 min"
    return "over 20 min"


def by_reason(lines: Iterable[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """Patient-months that bill, and those that do not by reason, largest group first
    after "Bills"; empty groups left out."""
    counts = Counter(reason_group(bool(line["billed"]), str(line["reason"])) for line in lines)
    billed = [(g, counts[g]) for g in ORDER[:1] if counts[g]]
    rest = sorted(((g, counts[g]) for g in ORDER[1:] if counts[g]), key=lambda item: -item[1])
    return billed + rest


@dataclass(frozen=True)
class MonthRevenue:
    month: str
    amount: Decimal
    change: Decimal | None  # from the month before; None for the first month shown


def revenue_trend(months: Sequence[tuple[str, Decimal]]) -> list[MonthRevenue]:
    """Expected revenue per month, oldest first, each with its change from the month
    before; months before the first with any revenue (before records began) are left out,
    the last month always kept."""
    start = next((i for i, (_, amount) in enumerate(months) if amount), len(months) - 1)
    shown = months[max(0, start) :]
    result: list[MonthRevenue] = []
    for i, (month, amount) in enumerate(shown):
        change = None if i == 0 else amount - shown[i - 1][1]
        result.append(MonthRevenue(month, amount, change))
    return result


@dataclass(frozen=True)
class AtRisk:
    patients: int  # enrolled, eligible, under their first threshold this month
    amount: Decimal  # what their first code would bring if they reached it
    close_patients: int  # of them, 5 minutes or less short
    close_amount: Decimal


def at_risk(
    lines: Iterable[Mapping[str, Any]], first_code_value: Callable[[str], Decimal]
) -> AtRisk:
    """The month's revenue still open: eligible patient-months below the first threshold
    of their program, valued at that threshold's codes (``first_code_value(program)``)."""
    patients = close = 0
    amount = close_amount = Decimal("0.00")
    for line in lines:
        program = line.get("program")
        if line["billed"] or program not in PROGRAMS:
            continue
        if reason_group(False, str(line["reason"])) != "Below the time threshold":
            continue
        value = first_code_value(program)
        patients += 1
        amount += value
        first = staff_thresholds(program)[0]
        if first - int(line["staff_minutes"]) <= 5:
            close += 1
            close_amount += value
    return AtRisk(patients, amount, close, close_amount)
