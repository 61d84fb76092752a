"""``baton panel`` (a coordinator's patient panel) and ``baton metrics`` (per coordinator)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from bot.cli.arguments import with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    panel = with_actor(sub.add_parser("panel", help="your patient panel (Tab 1)"))
    panel.add_argument("--visit", choices=["overdue", "due_soon", "current"])
    panel.add_argument("--all", action="store_true", help="not only my patients")
    panel.add_argument("--json", action="store_true")
    panel.set_defaults(run=cmd_panel)

    metrics = with_actor(sub.add_parser("metrics", help="coordinator metrics for a month"))
    metrics.add_argument("month", help="YYYY-MM")
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
    for r in rows:
        print(
            f"{r.chart_code:<10} {r.name:<28} {r.visit_status:<9} next {r.next_visit_due}  "
            f"tasks {r.monthly_tasks_done}/{r.monthly_tasks_total}  "
            f"{r.minutes_this_month:>4} min  gaps {r.open_care_gaps}"
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
    for m in found:
        print(
            f"{m.name:<24} tasks {m.total_tasks:>5}  min {m.total_minutes:>6}  "
            f"avg {m.average_task_minutes:>5}  coverage {m.patient_coverage_pct:>5}%  "
            f"completion {m.task_completion_pct if m.task_completion_pct is not None else '-'}"
        )
    return 0
