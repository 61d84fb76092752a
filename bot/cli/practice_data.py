"""``baton import`` (the roster and the provider service log, as CSV) and
``baton demo-data`` (a fictional practice for an empty store)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.arguments import with_actor
from bot.cli.errors import refusals
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    imp = sub.add_parser("import", help="import the roster or the provider service log (CSV)")
    isub = imp.add_subparsers(dest="import_command", required=True)
    with_actor(isub.add_parser("roster", help="patients and assignments")).add_argument(
        "file", type=Path
    )
    with_actor(isub.add_parser("service-log", help="last visits")).add_argument("file", type=Path)
    imp.set_defaults(run=cmd_import)

    demo = sub.add_parser("demo-data", help="load a fictional practice into an empty store")
    demo.add_argument("--patients", type=int, default=200)
    demo.add_argument("--months", type=int, default=2)
    demo.set_defaults(run=cmd_demo)


@refusals
def cmd_import(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.importing import import_roster, import_service_log

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    run = import_roster if args.import_command == "roster" else import_service_log
    result = run(ctx, actor, args.file)
    print(f"imported {result.rows} rows: {result.added} added, {result.updated} updated")
    return 0


@refusals
def cmd_demo(args: argparse.Namespace, settings: BatonSettings) -> int:
    from bot.owner_roles import all_owner_roles
    from demo.activity import add_demo_activity, price_every_code
    from demo.practice import load_demo
    from knowledge.catalog import default_catalog

    ctx = tool_context(settings)
    roles = all_owner_roles(default_catalog())
    summary = load_demo(ctx, patients=args.patients, months=args.months, owner_roles=roles)
    work = add_demo_activity(ctx)
    priced = price_every_code(ctx)
    print(
        f"demo practice loaded: {summary.coordinators} coordinators, {summary.patients} "
        f"patients, {summary.entries} time entries, {len(roles)} owner roles filled, "
        f"{work.cases_open} open and {work.cases_closed} closed cases, "
        f"{work.decisions_pending} decisions waiting and {work.decisions_decided} decided "
        "(all fictional)"
    )
    if priced:
        print(
            f"fee schedule: {', '.join(priced)} had no fee on file and got a fictional demo "
            "amount; enter your own on the Fees & owners page"
        )
    return 0
