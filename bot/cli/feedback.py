"""``baton feedback report``: how answers were received, and what routing staff corrected."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.arguments import with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    feedback = sub.add_parser("feedback", help="feedback on Baton's answers")
    fsub = feedback.add_subparsers(dest="feedback_command", required=True)
    report = with_actor(
        fsub.add_parser("report", help="helpful rate per specialist and workflow, corrections")
    )
    report.add_argument("--month", metavar="YYYY-MM", help="one month (default: all time)")
    report.add_argument("--json", action="store_true")
    feedback.set_defaults(run=cmd_feedback)


@refusals
def cmd_feedback(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.feedback.report import feedback_report

    ctx = tool_context(settings)
    report = feedback_report(ctx, record_actor(ctx, args, settings), args.month)
    if args.json:
        print_json(report.as_dict())
        return 0
    period = report.month or "all time"
    print(f"Feedback, {period}: {report.helpful} of {report.verdicts} answers helpful")
    for title, rows in (("per specialist", report.by_agent), ("per workflow", report.by_workflow)):
        print(f"  {title}:")
        for r in rows:
            print(f"    {r.name:<48} {r.rate:>6.0%} helpful of {r.verdicts}")
        if not rows:
            print("    no verdicts")
    print("  most corrected routes:")
    for route in report.most_corrected:
        print(f"    {route.from_agent} -> {route.to_agent}: {route.count}")
    if not report.most_corrected:
        print("    none")
    print(f"  corrections waiting for review: {report.pending_review}")
    return 0
