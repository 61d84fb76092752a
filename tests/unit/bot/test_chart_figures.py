"""The figures behind the charts, against values worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from bot.web.chart_figures import (
    AtRisk,
    MonthRevenue,
    Series,
    at_risk,
    by_reason,
    minutes_per_coordinator,
    monday_of,
    revenue_trend,
    threshold_progress,
    weeks_back,
    working_days_back,
)
from bot.web.charts import minutes_chart, progress_chart, reasons_chart, revenue_chart

SAT = date(2026, 12, 5)


def entry(cid: int, day: date, minutes: int) -> SimpleNamespace:
    return SimpleNamespace(coordinator_id=cid, task_date=day, minutes=minutes)


def line(program, minutes, billed, reason) -> dict:
    return {"program": program, "staff_minutes": minutes, "billed": billed, "reason": reason}


def test_days_and_weeks_shown():
    # Today (a Saturday) and the four weekdays before it; the weekend before is skipped.
    assert working_days_back(SAT, 5) == [date(2026, 12, d) for d in (1, 2, 3, 4, 5)]
    assert working_days_back(date(2026, 12, 1), 3) == [
        date(2026, 11, 27),
        date(2026, 11, 30),
        date(2026, 12, 1),
    ]
    assert weeks_back(SAT, 3) == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]


ENTRIES = [
    entry(1, date(2026, 12, 4), 30),
    entry(1, date(2026, 12, 4), 15),
    entry(2, date(2026, 12, 3), 20),
    entry(1, date(2026, 11, 27), 60),  # the week before
    entry(2, date(2026, 11, 20), 25),  # outside the buckets
]
NAMES = {1: "Zoe North", 2: "Ann South"}


@pytest.mark.parametrize(
    ("buckets", "by_week", "expected"),
    [
        (
            [date(2026, 12, 3), date(2026, 12, 4)],
            False,
            [Series("Ann South", (20, 0)), Series("Zoe North", (0, 45))],
        ),
        (
            [date(2026, 11, 23), date(2026, 11, 30)],
            True,
            [Series("Ann South", (0, 20)), Series("Zoe North", (60, 45))],
        ),
    ],
)
def test_minutes_per_coordinator(buckets, by_week, expected):
    bucket_of = monday_of if by_week else (lambda day: day)
    assert minutes_per_coordinator(ENTRIES, buckets, NAMES, bucket_of) == expected


LINES = [
    line("CCM", 15, False, "15 min, below 20"),  # 5 short of 20
    line("CCM", 38, True, "38 min staff CCM"),  # 2 short of 40
    line("CCM", 9, False, "9 min, below 20"),  # 11 short
    line("CCM", 65, True, "65 min staff CCM"),  # all met
    line("PCM", 22, False, "22 min, below 30"),  # 8 short of 30
    line("PCM", 0, False, "no consent on file"),  # 30 short: over 20
    line(None, 40, False, "not enrolled in CCM or PCM"),  # not counted for progress
]


def test_threshold_progress():
    assert threshold_progress(LINES) == [
        Series("CCM", (2, 0, 1, 0, 1)),
        Series("PCM", (0, 1, 0, 1, 0)),
    ]


def test_billing_by_reason_bills_first_then_the_largest_group():
    assert by_reason(LINES) == [
        ("Bills", 2),
        ("Below the time threshold", 3),
        ("Not enrolled in CCM or PCM", 1),  # ties in the order a biller checks the gates
        ("No consent", 1),
    ]


def test_revenue_trend_and_what_is_open():
    months = [
        ("2026-09", Decimal("0")),
        ("2026-10", Decimal("120.98")),
        ("2026-11", Decimal("227.35")),
        ("2026-12", Decimal("60.49")),
    ]
    assert revenue_trend(months) == [
        MonthRevenue("2026-10", Decimal("120.98"), None),
        MonthRevenue("2026-11", Decimal("227.35"), Decimal("106.37")),
        MonthRevenue("2026-12", Decimal("60.49"), Decimal("-166.86")),
    ]
    assert revenue_trend([("2026-12", Decimal("0"))]) == [
        MonthRevenue("2026-12", Decimal("0"), None)
    ]
    first = {"CCM": Decimal("60.49"), "PCM": Decimal("60.00")}
    # Below a threshold and eligible: ZK 15 min CCM (close), 9 min CCM, 22 min PCM.
    assert at_risk(LINES, first.__getitem__) == AtRisk(3, Decimal("180.98"), 1, Decimal("60.49"))


def test_every_chart_has_its_figures_as_text():
    day = minutes_chart("d", "Minutes by day", ["Thu 3", "Fri 4"], [Series("Zoe", (0, 45))])
    assert day.image.startswith("data:image/svg+xml;base64,")
    assert day.rows == (("Zoe", "0", "45", "45"),) and "45 minutes in all" in day.summary
    progress = progress_chart(threshold_progress(LINES))
    assert progress.rows[0] == ("5 min or less", "2", "0")
    assert progress.summary.startswith("2 enrolled patient-months are 5 minutes or less")
    reasons = reasons_chart(by_reason(LINES))
    assert reasons.summary == (
        "2 of 7 patient-months bill; the most common reason the others do not: "
        "below the time threshold (3)."
    )
    revenue = revenue_chart(
        revenue_trend([("2026-11", Decimal("227.35")), ("2026-12", Decimal("60.49"))]),
        AtRisk(3, Decimal("180.98"), 1, Decimal("60.49")),
        in_progress=True,
    )
    assert revenue.rows[-1] == ("2026-12", "$60.49", "−$166.86", "$180.98")
    assert "2026-11: $227.35" in revenue.summary and "$180.98 more open" in revenue.summary
