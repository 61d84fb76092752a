"""``baton panel`` (a coordinator's patient panel) and ``baton metrics`` (per coordinator)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from bot.cli.arguments import month_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, print_table
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    panel = with_actor(sub.add_parser("panel", help="your patient panel (Tab 1)"))
    panel.add_argument("--visit", choices=["overdue", "due_soon", "current"])
    panel.add_argument("--all", action="store_true", help="not only my patients")
    panel.add_argument("--json", action="store_true")
    panel.set_defaults(run=cmd_panel)

    metrics = with_actor(sub.add_parser("metrics", help="coordinator metrics for a month"))
    metrics.add_argument("month", type=month_arg, help="YYYY-MM")
    metrics.add_argument("--json", action="store_true")
    metrics.set_defaults(run=cmd_metrics)


@refusals
def cmd_panel(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.panel import patient_panel

    ctx = tool_context(settings)
    rows = patient_panel(
        ctx, record_actor(ctx, args, settings), mine_only=not args.all, visit=args.visit
    )
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    print_table(
        ("chart", "name", "visit", "next visit", "tasks done", "minutes", "open gaps"),
        (
            (
                r.chart_code,
                r.name,
                r.visit_status,
                r.next_visit_due or "-",
                f"{r.monthly_tasks_done}/{r.monthly_tasks_total}",
                r.minutes_this_month,
                r.open_care_gaps,
            )
            for r in rows
        ),
    )
    print(f"{len(rows)} patients")
    return 0


@refusals
def cmd_metrics(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.billing.month import BillingMonth
    from tools.panel import coordinator_metrics

    ctx = tool_context(settings)
    found = coordinator_metrics(
        ctx, record_actor(ctx, args, settings), BillingMonth.parse(args.month)
    )
    if args.json:
        print_json([asdict(m) for m in found])
        return 0
    print_table(
        ("coordinator", "tasks", "minutes", "avg min", "reached", "coverage", "completion"),
        (
            (
                m.name,
                m.total_tasks,
                m.total_minutes,
                m.average_task_minutes,
                f"{m.patients_served}/{m.total_patients}",
                f"{m.patient_coverage_pct}%",
                "-" if m.task_completion_pct is None else f"{m.task_completion_pct}%",
            )
            for m in found
        ),
    )
    print(
        "coverage: active patients with time logged this month; "
        "completion: tasks done of those due so far"
    )
    return 0
