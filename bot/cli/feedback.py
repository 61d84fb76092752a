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
    from bot.feedback_names import named_report
    from knowledge.catalog import default_catalog
    from tools.feedback.report import feedback_report

    ctx = tool_context(settings)
    report = feedback_report(ctx, record_actor(ctx, args, settings), args.month)
    named = named_report(default_catalog(), report)
    if args.json:
        print_json(named)
        return 0
    period = report.month or "all time"
    print(f"Feedback, {period}: {report.helpful} of {report.verdicts} answers helpful")
    for title, key in (("per specialist", "by_agent"), ("per workflow", "by_workflow")):
        print(f"  {title}:")
        for r in named[key]:
            print(f"    {r['display_name']:<48} {r['rate']:>6.0%} helpful of {r['verdicts']}")
        if not named[key]:
            print("    no verdicts")
    print("  most corrected routes:")
    for route in named["most_corrected"]:
        print(f"    {route['from_agent_name']} -> {route['to_agent_name']}: {route['count']}")
    if not named["most_corrected"]:
        print("    none")
    print(f"  corrections waiting for review: {report.pending_review}")
    return 0
