"""Charts drawn on the server as SVG with pygal, each with its text alternative.

A chart goes into the page as an ``<img>`` with a ``data:`` URL (the pages' content
security policy allows images from data: and nothing inline), with pygal's own script
turned off, so nothing is fetched from anywhere. Every chart carries a one-sentence
summary (its ``alt`` text) and the same figures as a table for screen readers and for
anyone who wants the numbers.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pygal
from pygal.style import Style

from bot.web.chart_figures import (
    PROGRESS_BUCKETS,
    AtRisk,
    MonthRevenue,
    Series,
)

# Colours that keep 3:1 contrast on white (WCAG non-text contrast), in series order.
PALETTE = ("#0b5cad", "#b35c00", "#2e7d32", "#6a3d9a", "#c62828", "#00695c", "#5d4037")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4f5963",
    colors=PALETTE,
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    value_font_size=12,
)


WIDTH, HEIGHT = 800, 340


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str  # the image's alt text: what the chart shows, in one sentence
    image: str  # a data: URL of the SVG
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    height: int = HEIGHT


def _draw(chart: pygal.graph.graph.Graph) -> str:
    svg = chart.render(is_unicode=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _config(kind: type, **options: object) -> pygal.graph.graph.Graph:
    settings: dict[str, object] = {
        "style": STYLE,
        "js": [],  # pygal's tooltips script comes from the network: never
        "width": WIDTH,
        "height": HEIGHT,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "print_values": False,
        "show_y_guides": True,
        "truncate_label": -1,  # whole labels: a cut "Tue 24…" says nothing
        "truncate_legend": -1,
    }
    return kind(**{**settings, **options})


def minutes_chart(key: str, title: str, labels: Sequence[str], series: Sequence[Series]) -> Chart:
    chart = _config(pygal.Bar, y_title="minutes")
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, list(s.values))
    total = sum(sum(s.values) for s in series)
    busiest = max(series, key=lambda s: sum(s.values), default=None)
    summary = (
        f"{title}: {total:,.0f} minutes in all"
        + (f"; most by {busiest.name} ({sum(busiest.values):,.0f})" if busiest else "")
        + "."
    )
    rows = tuple(
        (s.name, *(f"{v:,.0f}" for v in s.values), f"{sum(s.values):,.0f}") for s in series
    )
    return Chart(key, title, summary, _draw(chart), ("Coordinator", *labels, "Total"), rows)


def progress_chart(series: Sequence[Series]) -> Chart:
    title = "How far each patient-month is from its next billing threshold"
    chart = _config(pygal.StackedBar, y_title="patient-months")
    chart.x_labels = list(PROGRESS_BUCKETS)
    for s in series:
        chart.add(s.name, list(s.values))
    close = sum(s.values[0] for s in series)
    met = sum(s.values[-1] for s in series)
    summary = (
        f"{close} enrolled patient-months are 5 minutes or less from their next threshold; "
        f"{met} have met every threshold."
    )
    rows = tuple(
        (bucket, *(f"{s.values[i]:.0f}" for s in series))
        for i, bucket in enumerate(PROGRESS_BUCKETS)
    )
    return Chart(
        "threshold-progress",
        title,
        summary,
        _draw(chart),
        ("Short of next threshold", *(s.name for s in series)),
        rows,
    )


def reasons_chart(groups: Sequence[tuple[str, int]]) -> Chart:
    title = "Patient-months that bill, and why the others do not"
    height = 80 + 40 * max(1, len(groups))
    chart = _config(pygal.HorizontalBar, show_legend=False, height=height)
    chart.x_labels = [g for g, _ in groups]
    chart.add(
        "patient-months",
        [{"value": n, "color": PALETTE[2] if g == "Bills" else PALETTE[1]} for g, n in groups],
    )
    total = sum(n for _, n in groups)
    billed = dict(groups).get("Bills", 0)
    top = next(((g, n) for g, n in groups if g != "Bills"), None)
    summary = f"{billed} of {total} patient-months bill" + (
        f"; the most common reason the others do not: {top[0].lower()} ({top[1]})." if top else "."
    )
    rows = tuple((g, str(n)) for g, n in groups)
    return Chart(
        "billing-reasons", title, summary, _draw(chart), ("Outcome", "Patient-months"), rows
    )


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def revenue_chart(months: Sequence[MonthRevenue], risk: AtRisk, in_progress: bool) -> Chart:
    """Bars of expected revenue by month; on the month under way, what is still open
    (eligible patient-months below their first threshold) stacked on top."""
    title = "Expected revenue by month"
    chart = _config(pygal.StackedBar, y_title="USD")
    chart.x_labels = [m.month for m in months]
    chart.add("expected", [float(m.amount) for m in months])
    if in_progress:
        chart.add("still open this month", [None] * (len(months) - 1) + [float(risk.amount)])
    complete = months[:-1] if in_progress else months
    parts = []
    if complete:
        full = complete[-1]
        change = ""
        if full.change is not None:
            direction = "up" if full.change > 0 else "down" if full.change < 0 else "level"
            change = f", {direction} {_money(abs(full.change))} from the month before"
        parts.append(f"{full.month}: {_money(full.amount)}{change}")
    last = months[-1]
    if in_progress:
        parts.append(
            f"{last.month} so far: {_money(last.amount)}, with {_money(risk.amount)} more open in "
            f"{risk.patients} patient-months below their first threshold ({risk.close_patients} "
            f"within 5 minutes, {_money(risk.close_amount)})"
        )
    summary = "Expected revenue. " + "; ".join(parts) + "."
    rows = tuple(
        (
            m.month,
            _money(m.amount),
            "–" if m.change is None else ("+" if m.change >= 0 else "−") + _money(abs(m.change)),
            _money(risk.amount) if in_progress and m is last else "–",
        )
        for m in months
    )
    headers = ("Month", "Expected", "Change", "Still open")
    return Chart("revenue", title, summary, _draw(chart), headers, rows)


def day_label(day: date) -> str:
    return day.strftime("%a %-d")


def week_label(monday: date) -> str:
    return monday.strftime("%-d %b")
