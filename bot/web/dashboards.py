"""The charts each page shows, gathered as the signed-in person may see them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from bot.web.chart_figures import (
    at_risk,
    by_reason,
    minutes_per_coordinator,
    monday_of,
    revenue_trend,
    threshold_progress,
    weeks_back,
    working_days_back,
)
from bot.web.charts import (
    Chart,
    day_label,
    minutes_chart,
    progress_chart,
    reasons_chart,
    revenue_chart,
    week_label,
)
from tools.access import Actor
from tools.billing.codes import billing_codes
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month
from tools.billing.thresholds import staff_thresholds
from tools.context import ToolContext
from tools.staff import list_staff
from tools.tasks.service import list_tasks

TREND_MONTHS = 6
DAYS_SHOWN = 10
WEEKS_SHOWN = 6


def team_charts(records: ToolContext, actor: Actor) -> list[Chart]:
    """Minutes per coordinator per working day and per week (supervisors, admins)."""
    today = records.clock.today()
    days = working_days_back(today, DAYS_SHOWN)
    weeks = weeks_back(today, WEEKS_SHOWN)
    entries = list_tasks(records, actor, start=min(days[0], weeks[0]), end=today)
    names = {s.id: s.name for s in list_staff(records, actor) if s.role == "coordinator"}
    return [
        minutes_chart(
            "minutes-per-day",
            "Minutes logged per coordinator, by working day",
            [day_label(d) for d in days],
            minutes_per_coordinator(entries, days, names),
        ),
        minutes_chart(
            "minutes-per-week",
            "Minutes logged per coordinator, by week (from Monday)",
            [week_label(w) for w in weeks],
            minutes_per_coordinator(entries, weeks, names, bucket_of=monday_of),
        ),
    ]


def billing_charts(
    records: ToolContext, actor: Actor, month: BillingMonth, lines: Sequence[Mapping[str, Any]]
) -> list[Chart]:
    """Threshold progress and reasons for ``month`` (its ``lines``), and expected
    revenue over the months up to it, with what is still open this month."""
    fees = records.fees

    def first_code_value(program: str) -> Decimal:
        return fees.estimate(billing_codes(program, staff_thresholds(program)[0])).amount

    months = [month]
    while len(months) < TREND_MONTHS:
        months.insert(0, months[0].previous())
    amounts = [
        (
            str(m),
            Decimal(
                str(billing_month(records, actor, m).as_dict()["practice"]["estimated_amount_usd"])
            ),
        )
        for m in months[:-1]
    ]
    current_total = sum(
        (Decimal(str(line["estimated_amount_usd"])) for line in lines), Decimal("0.00")
    )
    amounts.append((str(month), current_total))
    return [
        progress_chart(threshold_progress(lines)),
        reasons_chart(by_reason(lines)),
        revenue_chart(
            revenue_trend(amounts),
            at_risk(lines, first_code_value),
            in_progress=month == BillingMonth.of(records.clock.today()),
        ),
    ]
