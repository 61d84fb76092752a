"""``baton tasks``: coordinators' time entries (logging time, or sending it for sign-off).

``baton tasks log`` acts as the coordinator it names unless ``--as`` says otherwise.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.cli.arguments import date_arg, id_arg, minutes_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, print_table, write_csv
from bot.cli.runtime import record_actor, tool_context
from bot.cli.task_types import type_for_entry
from bot.settings import BatonSettings
from tools.fields import id_or_name


def register(sub: Any) -> None:
    tasks = sub.add_parser("tasks", help="coordinator time entries")
    tsub = tasks.add_subparsers(dest="tasks_command", required=True)
    log = with_actor(tsub.add_parser("log", help="log time for a patient"))
    log.add_argument("--coordinator", required=True, type=id_arg)
    log.add_argument("--patient", required=True, help="chart code or patient id")
    log.add_argument(
        "--type",
        required=True,
        dest="task_type",
        help='a type from `baton task-types`, or "phone call"',
    )
    log.add_argument("--minutes", required=True, type=minutes_arg)
    log.add_argument("--date", type=date_arg)
    log.add_argument("--notes", default="")
    log.add_argument("--confirm", action="store_true", help="confirm time over twice the average")
    lst = with_actor(tsub.add_parser("list", help="entries you may see"))
    lst.add_argument("--date", type=date_arg)
    lst.add_argument("--month", help="YYYY-MM")
    lst.add_argument("--csv", type=Path, help="write CSV to this file")
    lst.add_argument("--json", action="store_true")
    delete = with_actor(tsub.add_parser("delete", help="delete an entry (history is kept)"))
    delete.add_argument("entry_id", type=id_arg)
    tasks.set_defaults(run=cmd_tasks)


@refusals
def cmd_tasks(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.tasks.service import delete_task, list_tasks

    ctx = tool_context(settings)
    if args.tasks_command == "log":
        from tools.tasks.recording import SentForSignOff, TimeToLog, logged_message, record_time

        actor = record_actor(ctx, args, settings, default=args.coordinator)
        patient = id_or_name(args.patient)
        entry = TimeToLog(
            coordinator_id=args.coordinator,
            patient=patient,
            task_type=type_for_entry(ctx, actor, args.task_type, patient),
            minutes=args.minutes,
            task_date=args.date,
            notes=args.notes,
        )
        recorded = record_time(ctx, actor, entry, confirm=args.confirm)
        if isinstance(recorded, SentForSignOff):
            print(recorded.message)
        else:
            print(logged_message(recorded))
        return 0
    actor = record_actor(ctx, args, settings)
    if args.tasks_command == "delete":
        delete_task(ctx, actor, args.entry_id)
        print(f"deleted entry {args.entry_id} (its history is kept)")
        return 0
    start = end = None
    if args.month:
        from tools.billing.month import BillingMonth

        month = BillingMonth.parse(args.month)
        start, end = month.first_day, month.last_day
    rows = [asdict(t) for t in list_tasks(ctx, actor, day=args.date, start=start, end=end)]
    if args.csv:
        write_csv(args.csv, rows)
        print(f"wrote {len(rows)} entries to {args.csv}")
    elif args.json:
        print_json(rows)
    else:
        if rows:
            print_table(
                ("id", "date", "chart", "minutes", "task type"),
                (
                    (r["id"], r["task_date"], r["chart_code"], r["minutes"], r["task_type"])
                    for r in rows
                ),
            )
        print(f"{len(rows)} entries, {sum(r['minutes'] for r in rows)} min")
    return 0
