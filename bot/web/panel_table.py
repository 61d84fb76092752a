"""The patient panel as a table people can work from: focus filters, sorting, paging.

Pure functions over the panel rows the tool layer returned (and, for supervisors and
admins, the month's billing lines): nothing here reads the store or decides access.

Urgency, the default order, puts first what needs someone soonest: a visit overdue
(the longest overdue first), then a visit due within 30 days, then the month's tasks
past due; ties go to the patient with more tasks past due.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tools.billing.thresholds import NextThreshold, next_threshold
from tools.panel import PanelRow

PAGE_SIZE = 50
VISIT_RANK = {"overdue": 0, "due_soon": 1, "current": 2}


@dataclass(frozen=True)
class BillingNote:
    """Whether the patient's month bills so far, and why (supervisors and admins)."""

    billed: bool
    reason: str


@dataclass(frozen=True)
class PanelLine:
    row: PanelRow
    coordinator: str
    threshold: NextThreshold | None
    billing: BillingNote | None

    @property
    def urgency(self) -> tuple[int, int, date]:
        row = self.row
        return (
            VISIT_RANK[row.visit_status],
            -row.monthly_tasks_overdue,
            row.next_visit_due or date.min,
        )


# name → (column label, sort key). Keys never compare None with a value.
SORTS: dict[str, tuple[str, Callable[[PanelLine], Any]]] = {
    "urgency": ("Urgency", lambda line: line.urgency),
    "name": ("Patient", lambda line: line.row.name.casefold()),
    "chart": ("Chart code", lambda line: line.row.chart_code),
    "coordinator": ("Coordinator", lambda line: line.coordinator.casefold()),
    "visit": ("Next visit", lambda line: line.row.next_visit_due or date.min),
    "tasks": (
        "Monthly tasks",
        lambda line: (
            (line.row.monthly_tasks_done / line.row.monthly_tasks_total)
            if line.row.monthly_tasks_total
            else 2.0
        ),
    ),
    "minutes": ("Minutes", lambda line: line.row.minutes_this_month),
    "threshold": (
        "To next threshold",
        lambda line: line.threshold.short_by if line.threshold else 10_000,
    ),
    "gaps": ("Care gaps", lambda line: line.row.open_care_gaps),
    "activity": ("Last activity", lambda line: line.row.last_activity or date.min),
}

# name → (label, only for those who may see billing, which lines it keeps)
FOCUS: dict[str, tuple[str, bool, Callable[[PanelLine], bool]]] = {
    "tasks_overdue": ("Tasks past due", False, lambda line: line.row.monthly_tasks_overdue > 0),
    "no_time": ("No time logged this month", False, lambda line: line.row.minutes_this_month == 0),
    "near": (
        "Close to a billing threshold (5 min or less)",
        False,
        lambda line: line.threshold is not None and line.threshold.near,
    ),
    "not_billing": (
        "Doesn't bill this month",
        True,
        lambda line: line.billing is not None and not line.billing.billed,
    ),
}


def panel_lines(
    rows: Sequence[PanelRow],
    names: Mapping[int, str],
    billing: Mapping[int, BillingNote] | None,
) -> list[PanelLine]:
    return [
        PanelLine(
            row=row,
            coordinator=names.get(row.coordinator_id, "") if row.coordinator_id else "",
            threshold=next_threshold(row.program, row.minutes_this_month),
            billing=None if billing is None else billing.get(row.patient_id),
        )
        for row in rows
    ]


def focus_on(lines: Sequence[PanelLine], focus: str) -> list[PanelLine]:
    if focus not in FOCUS:
        return list(lines)
    keep = FOCUS[focus][2]
    return [line for line in lines if keep(line)]


def sort_lines(lines: Sequence[PanelLine], sort: str, descending: bool) -> list[PanelLine]:
    """Stable: equal keys keep the urgency order, and then the patient's name."""
    by_name = sorted(lines, key=lambda line: (line.urgency, line.row.name.casefold()))
    if sort == "urgency" or sort not in SORTS:
        return list(reversed(by_name)) if descending else by_name
    return sorted(by_name, key=SORTS[sort][1], reverse=descending)


@dataclass(frozen=True)
class Page:
    lines: list[PanelLine]
    number: int  # 1-based, clamped to the pages there are
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def page_of(lines: Sequence[PanelLine], number: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, -(-len(lines) // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(list(lines[start : start + size]), number, pages, len(lines), size)
