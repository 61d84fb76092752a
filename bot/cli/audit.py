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
    verify = with_actor(asub.add_parser("verify", help="check the hash chain (reads only)"))
    verify.add_argument(
        "--anchor",
        type=Path,
        help="compare with the last anchor in FILE (default: BATON_AUDIT_ANCHOR_FILE)",
    )
    anchor = with_actor(
        asub.add_parser("anchor", help="append the chain's head to a file kept elsewhere")
    )
    anchor.add_argument("--out", type=Path, help="anchor file (default: BATON_AUDIT_ANCHOR_FILE)")
    export = with_actor(asub.add_parser("export", help="write events as CSV"))
    export.add_argument("--from", dest="start", required=True, type=date_arg)
    export.add_argument("--to", dest="end", required=True, type=date_arg)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    audit.set_defaults(run=cmd_audit)


@refusals
def cmd_audit(args: argparse.Namespace, settings: BatonSettings) -> int:
    if args.audit_command in ("verify", "anchor"):
        return _check(args, settings)
    from tools.audit.reading import export_audit

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as handle:
            count = export_audit(ctx, actor, args.start, args.end, handle)
        print(f"wrote {count} events to {args.out}")
    else:
        export_audit(ctx, actor, args.start, args.end, sys.stdout)
    return 0


def _check(args: argparse.Namespace, settings: BatonSettings) -> int:
    """``verify`` and ``anchor`` open the store read-only and write nothing to it (it may be
    a forensic copy); what they did is on stdout, and an anchor also in its file, on
    stderr and in syslog."""
    from tools.audit.anchor import AnchorFileError, require_outside, send_to_syslog
    from tools.audit.reading import anchor_audit, verify_audit

    ctx = tool_context(settings, read_only=True)
    actor = record_actor(ctx, args, settings)
    path = (args.anchor if args.audit_command == "verify" else args.out) or (
        settings.audit_anchor_file
    )
    try:
        if args.audit_command == "verify":
            if args.anchor and not args.anchor.is_file():
                raise AnchorFileError(f"no anchor file at {args.anchor}")
            result, line = verify_audit(ctx, actor, path), None
        else:
            if path is None:
                raise AnchorFileError(
                    "say where to keep the anchor: --out FILE or BATON_AUDIT_ANCHOR_FILE, "
                    "outside the data directory"
                )
            require_outside(path, *_store_places(settings))
            result, line = anchor_audit(ctx, actor, path)
    except AnchorFileError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 2
    finally:
        ctx.db.dispose()
    if not result.intact:
        print(f"audit trail BROKEN ({len(result.problems)} problem(s)):")
        for problem in result.problems:
            print(f"  {problem}")
        if args.audit_command == "anchor":
            print("nothing anchored")
        return 1
    print(f"audit trail intact: {result.events} events; head {result.head_hash}")
    if line is not None:
        print(f"anchored event {result.last_id} in {path}")
        print(f"baton: audit anchor {line}", file=sys.stderr)
        send_to_syslog(line)
    elif result.anchor is not None:
        print(
            f"matches the anchor of {result.anchor.at.isoformat()} (event {result.anchor.last_id})"
        )
    elif path is not None:
        print(f"no anchor in {path} yet: take one with baton audit anchor")
    return 0


def _store_places(settings: BatonSettings) -> list[Path]:
    """Where an anchor file must not be: the data directory and a SQLite store's folder."""
    from tools.store.database import sqlite_folder

    places = [settings.data_dir]
    folder = sqlite_folder(settings.database_url_or_default())
    return [*places, folder] if folder else places
