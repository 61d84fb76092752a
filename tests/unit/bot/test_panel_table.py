"""The panel table: urgency order, sorting, focus filters and paging."""

from __future__ import annotations

from datetime import date

import pytest

from bot.web.panel_table import BillingNote, focus_on, page_of, panel_lines, sort_lines
from tools.panel import PanelRow


def row(chart: str, **fields) -> PanelRow:
    base = {
        "patient_id": int(chart[2:]),
        "name": f"TEST, {chart}",
        "chart_code": chart,
        "status": "active",
        "coordinator_id": 1,
        "provider": None,
        "facility": None,
        "program": "CCM",
        "last_visit": date(2026, 6, 1),
        "next_visit_due": date(2027, 1, 1),
        "visit_status": "current",
        "open_care_gaps": 0,
        "monthly_tasks_done": 0,
        "monthly_tasks_total": 3,
        "minutes_this_month": 0,
        "last_activity": None,
        "monthly_tasks_overdue": 0,
    }
    return PanelRow(**{**base, **fields})


ROWS = [
    row("ZK1", name="ADAMS, Amy", minutes_this_month=25),
    row("ZK2", name="BAKER, Bo", visit_status="overdue", next_visit_due=date(2026, 9, 1)),
    row("ZK3", name="COLE, Cy", visit_status="overdue", next_visit_due=date(2026, 3, 1)),
    row("ZK4", name="DIAZ, Di", visit_status="due_soon", minutes_this_month=16),
    row("ZK5", name="EVANS, Ed", monthly_tasks_overdue=2, minutes_this_month=58),
    row("ZK6", name="FOX, Fa", program=None, minutes_this_month=10),
]
NAMES = {1: "Kim Coordinator"}
BILLING = {
    1: BillingNote(True, "25 min staff CCM"),
    2: BillingNote(False, "0 min, below 20"),
    6: BillingNote(False, "not enrolled in CCM or PCM"),
}


def charts(lines) -> list[str]:
    return [line.row.chart_code for line in lines]


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        # Longest-overdue visit first, then due soon, then tasks past due, then by name.
        ("urgency", False, ["ZK3", "ZK2", "ZK4", "ZK5", "ZK1", "ZK6"]),
        ("name", True, ["ZK6", "ZK5", "ZK4", "ZK3", "ZK2", "ZK1"]),
        ("minutes", True, ["ZK5", "ZK1", "ZK4", "ZK6", "ZK3", "ZK2"]),  # ties: urgency order
        ("threshold", False, ["ZK5", "ZK4", "ZK1", "ZK3", "ZK2", "ZK6"]),  # 2, 4, 15, 20, 20, none
        ("no-such-column", False, ["ZK3", "ZK2", "ZK4", "ZK5", "ZK1", "ZK6"]),
    ],
)
def test_sorting(sort, descending, expected):
    assert charts(sort_lines(panel_lines(ROWS, NAMES, None), sort, descending)) == expected


@pytest.mark.parametrize(
    ("focus", "billing", "expected"),
    [
        ("tasks_overdue", None, {"ZK5"}),
        ("no_time", None, {"ZK2", "ZK3"}),
        ("near", None, {"ZK4", "ZK5"}),  # 16 of 20 and 58 of 60: five or fewer short
        ("not_billing", BILLING, {"ZK2", "ZK6"}),
        ("not_billing", None, set()),  # no billing lines: nothing to show, never a guess
        ("", None, {r.chart_code for r in ROWS}),
    ],
)
def test_focus(focus, billing, expected):
    assert set(charts(focus_on(panel_lines(ROWS, NAMES, billing), focus))) == expected


def test_lines_carry_the_coordinator_threshold_and_billing_reason():
    lines = {line.row.chart_code: line for line in panel_lines(ROWS, NAMES, BILLING)}
    assert lines["ZK1"].coordinator == "Kim Coordinator"
    assert (lines["ZK1"].threshold.minutes, lines["ZK1"].threshold.short_by) == (40, 15)
    assert lines["ZK6"].threshold is None and lines["ZK6"].billing.reason.startswith("not enrolled")
    assert lines["ZK4"].billing is None  # no line for the patient this month


@pytest.mark.parametrize(
    ("total", "number", "size", "expected"),
    [
        (0, 1, 50, (1, 1, 0, 0, 0)),
        (188, 1, 50, (1, 4, 1, 50, 50)),
        (188, 4, 50, (4, 4, 151, 188, 38)),
        (188, 9, 50, (4, 4, 151, 188, 38)),  # past the end: the last page
        (5, 0, 2, (1, 3, 1, 2, 2)),
    ],
)
def test_paging(total, number, size, expected):
    lines = panel_lines([row(f"ZK{i + 1}") for i in range(total)], NAMES, None)
    page = page_of(lines, number, size)
    assert (page.number, page.pages, page.first, page.last, len(page.lines)) == expected
