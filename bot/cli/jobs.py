"""``baton jobs`` (scheduled work) and ``baton notifications`` (the stored messages)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from bot.cli.arguments import date_arg, month_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json
from bot.cli.runtime import engine_for, record_actor, tool_context
from bot.settings import BatonSettings


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time (YYYY-MM-DDTHH:MM[+00:00])"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r}: give the time zone, e.g. +00:00")
    return moment


def register(sub: Any) -> None:
    jobs = sub.add_parser("jobs", help="scheduled work")
    jsub = jobs.add_subparsers(dest="jobs_command", required=True)
    gen = with_actor(jsub.add_parser("generate", help="generate the monthly or weekly task set"))
    group = gen.add_mutually_exclusive_group(required=True)
    group.add_argument("--month", type=month_arg, help="YYYY-MM")
    group.add_argument("--week", type=date_arg, help="a date in the week (its Monday is used)")
    due = jsub.add_parser(
        "run-due", help="nudges, escalations, task sets and notifications that are due now"
    )
    due.add_argument("--now", type=_moment, help="act as if it were this time (replays)")
    due.add_argument("--json", action="store_true")
    jobs.set_defaults(run=cmd_jobs)

    inbox = with_actor(sub.add_parser("notifications", help="messages Baton sent you"))
    inbox.add_argument("--limit", type=int, default=20)
    inbox.add_argument("--json", action="store_true")
    inbox.set_defaults(run=cmd_notifications)


@refusals
def cmd_jobs(args: argparse.Namespace, settings: BatonSettings) -> int:
    ctx = tool_context(settings)
    if args.jobs_command == "run-due":
        return _run_due(args, settings, ctx)
    from tools.billing.month import BillingMonth
    from tools.schedules.service import generate_month, generate_week

    actor = record_actor(ctx, args, settings)
    if args.month:
        result = generate_month(ctx, actor, BillingMonth.parse(args.month))
    else:
        result = generate_week(ctx, actor, args.week)
    print(f"{result.period}: {result.created} tasks created, {result.already_there} already there")
    return 0


def _run_due(args: argparse.Namespace, settings: BatonSettings, ctx: Any) -> int:
    from bot.jobs import run_due_once
    from tools.notify import LogNotifier

    done = run_due_once(
        ctx, LogNotifier(), lambda: engine_for(settings, with_records=True), now=args.now
    )
    report = done.report
    summary = {
        "handoffs": report.handoffs,
        "open_loop_flagged": report.open_loop_flagged,
        "decisions": report.decisions,
        "unowned_handoffs": report.unowned_handoffs,
        "tasks_created": report.tasks_created,
        "notifications_delivered": report.delivered.delivered,
        "notifications_failed": report.delivered.failed,
        "threads_resumed": done.threads_resumed,
    }
    if args.json:
        print_json(summary)
    else:
        handoffs = ", ".join(f"{n} {k}" for k, n in sorted(report.handoffs.items())) or "none"
        decisions = ", ".join(f"{n} {k}" for k, n in sorted(report.decisions.items())) or "none"
        tasks = ", ".join(f"{p}: {n}" for p, n in sorted(report.tasks_created.items()))
        print(f"handoffs: {handoffs}; referrals flagged open-loop: {report.open_loop_flagged}")
        print(f"decisions: {decisions}; conversations resumed: {done.threads_resumed}")
        print(f"tasks created: {tasks or 'none (already generated today)'}")
        print(
            f"notifications: {report.delivered.delivered} delivered, "
            f"{report.delivered.failed} failed (retried next run)"
        )
        for handoff_id in report.unowned_handoffs:
            print(f"warning: handoff {handoff_id} has nobody active to hold it; fill its role")
    return 1 if report.unowned_handoffs else 0


@refusals
def cmd_notifications(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.notify.outbox import notifications_for

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if actor.staff_id is None:
        print("baton: notifications are per staff member; use --as STAFF_ID", file=sys.stderr)
        return 2
    rows = notifications_for(ctx, actor, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "subject_type": r.subject_type,
                    "subject_id": r.subject_id,
                    "text": r.text,
                    "at": r.created_at,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        print(f"{r.created_at:%Y-%m-%d %H:%M}  {r.kind:<20} {r.text}")
    if not rows:
        print("no notifications")
    return 0
