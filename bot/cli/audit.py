"""``baton audit``: verify and export the tamper-evident audit trail (auditors)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.arguments import date_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident audit trail (auditors)")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    with_actor(asub.add_parser("verify", help="check every event's hash chain"))
    export = with_actor(asub.add_parser("export", help="write events as CSV"))
    export.add_argument("--from", dest="start", required=True, type=date_arg)
    export.add_argument("--to", dest="end", required=True, type=date_arg)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    audit.set_defaults(run=cmd_audit)


@refusals
def cmd_audit(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.access import Role, require_role
    from tools.audit.trail import export_csv, verify_chain

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    with ctx.read(actor, f"audit.{args.audit_command}", "audit_event"):
        if actor.staff_id is not None:  # the operator (system) may verify its own store
            require_role(actor, Role.AUDITOR, what="reading the audit trail")
    with ctx.db.reading() as session:
        if args.audit_command == "verify":
            result = verify_chain(session)
            if result.intact:
                print(f"audit trail intact: {result.events} events; head {result.head_hash}")
                return 0
            print(f"audit trail BROKEN ({len(result.problems)} problem(s)):")
            for problem in result.problems:
                print(f"  {problem}")
            return 1
        if args.out:
            with open(args.out, "w", newline="", encoding="utf-8") as handle:
                count = export_csv(session, args.start, args.end, handle)
            print(f"wrote {count} events to {args.out}")
        else:
            export_csv(session, args.start, args.end, sys.stdout)
    return 0
