"""``baton corrections``: routing corrections staff proposed, reviewed and recorded.

``list``, ``accept`` and ``reject`` are for supervisors and admins (nobody reviews their
own); ``add`` and ``import`` record accepted corrections directly and are for admins.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli.arguments import with_actor
from bot.cli.errors import UsageError, refusals
from bot.cli.output import print_json
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings

STATUSES = ("pending", "accepted", "rejected")


def register(sub: Any) -> None:
    corrections = sub.add_parser("corrections", help="routing corrections: review and record")
    csub = corrections.add_subparsers(dest="corrections_command", required=True)
    listing = with_actor(csub.add_parser("list", help="corrections waiting for review"))
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--status", choices=STATUSES, default="pending")
    which.add_argument("--all", action="store_true", help="every correction, any status")
    listing.add_argument("--json", action="store_true")
    for verb, what in (("accept", "route with it from now on"), ("reject", "never route with it")):
        review = with_actor(csub.add_parser(verb, help=f"{verb} a correction: {what}"))
        review.add_argument("id", type=int)
    add = with_actor(csub.add_parser("add", help="record an accepted correction (admins)"))
    add.add_argument("--text", required=True, help="a request, as staff would write it")
    add.add_argument("--agent", required=True, metavar="SLUG", help="its right specialist")
    imported = with_actor(
        csub.add_parser("import", help='accepted corrections from {"text", "primary_agent"} lines')
    )
    imported.add_argument("file", type=Path, metavar="FILE.jsonl")
    corrections.set_defaults(run=cmd_corrections)


def _agents() -> frozenset[str]:
    from knowledge.catalog import default_catalog

    return frozenset(default_catalog().agents)


@refusals
def cmd_corrections(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.feedback.service import (
        CorrectionsFileError,
        add_correction,
        import_corrections,
        list_corrections,
        review_correction,
    )

    command = args.corrections_command
    if command == "import" and not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if command == "list":
        views = list_corrections(ctx, actor, None if args.all else args.status)
        if args.json:
            print_json([v.__dict__ for v in views])
            return 0
        for v in views:
            route = f"{v.from_agent or '-'} -> {v.agent}"
            print(f"#{v.id:<5} {v.status:<9} {v.source:<8} {route}\n       {v.text}")
        if not views:
            print("no corrections" if args.all else f"no {args.status} corrections")
        return 0
    if command in ("accept", "reject"):
        view = review_correction(ctx, actor, args.id, accept=command == "accept")
        print(
            f"correction #{view.id} {view.status}: routes to {view.agent}"
            if view.status == "accepted"
            else f"correction #{view.id} rejected"
        )
        return 0
    if command == "add":
        view = add_correction(ctx, actor, args.text, args.agent, _agents())
        print(f"correction #{view.id} accepted: routes to {view.agent}")
        return 0
    try:
        count = import_corrections(ctx, actor, _read_lines(args.file), _agents())
    except CorrectionsFileError as bad:
        print(f"baton: nothing imported; {len(bad.problems)} bad lines:", file=sys.stderr)
        for problem in bad.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{count} corrections imported and accepted")
    return 0


def _read_lines(path: Path) -> list[bytes]:
    try:
        return path.read_bytes().splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
