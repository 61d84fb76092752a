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
    from bot.feedback_names import agent_label, named_corrections
    from knowledge.catalog import default_catalog

    catalog = default_catalog()
    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if command == "list":
        views = list_corrections(ctx, actor, None if args.all else args.status)
        named = named_corrections(ctx, catalog, views)
        if args.json:
            print_json(named)
            return 0
        for v in named:
            print(f"#{v['id']:<5} {v['status']:<9} {v['source']:<8} {_route_line(v)}")
            print(f"       {v['text']}")
            if people := _people_line(v):
                print(f"       {people}")
        if not views:
            print("no corrections" if args.all else f"no {args.status} corrections")
        return 0
    if command in ("accept", "reject"):
        view = review_correction(ctx, actor, args.id, accept=command == "accept")
        print(
            f"correction #{view.id} {view.status}: routes to "
            f"{agent_label(catalog, view.agent)} ({view.agent})"
            if view.status == "accepted"
            else f"correction #{view.id} rejected"
        )
        return 0
    if command == "add":
        view = add_correction(ctx, actor, args.text, args.agent, _agents())
        name = agent_label(catalog, view.agent)
        print(f"correction #{view.id} accepted: routes to {name} ({view.agent})")
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


def _route_line(named: dict[str, Any]) -> str:
    """Baton's choice and the right specialist, by name with the slug beside it."""
    chose = f"{named['from_agent_name']} ({named['from_agent']})" if named["from_agent"] else "-"
    return f"{chose} -> {named['agent_name']} ({named['agent']})"


def _people_line(named: dict[str, Any]) -> str:
    people = [
        f"{word} {named[f'{key}_name'] or 'staff ' + str(named[key])}"
        for word, key in (("proposed by", "proposed_by"), ("reviewed by", "reviewed_by"))
        if named[key] is not None
    ]
    return ", ".join(people)
