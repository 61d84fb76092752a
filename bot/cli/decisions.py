"""``baton owners`` and ``baton decisions``: the owner directory and the decision queue."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.arguments import id_arg, id_list_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, print_table
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def _edit(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write a change as NAME=VALUE")
    return key.strip(), value.strip()


def register(sub: Any) -> None:
    owners = sub.add_parser("owners", help="who fills each human decision role")
    osub = owners.add_subparsers(dest="owners_command", required=True)
    put = with_actor(osub.add_parser("set", help="name a role's owner, backup and chain"))
    put.add_argument("role", help='a handoff-map role, e.g. "Privacy officer"')
    put.add_argument("--primary", type=id_arg, required=True, metavar="STAFF_ID")
    put.add_argument("--backup", type=id_arg, metavar="STAFF_ID")
    put.add_argument("--chain", type=id_list_arg, default=[], metavar="ID,ID")
    with_actor(osub.add_parser("list", help="the directory")).add_argument(
        "--json", action="store_true"
    )
    with_actor(osub.add_parser("check", help="handoff-map roles nobody fills (exit 1 if any)"))
    owners.set_defaults(run=cmd_owners)

    decisions = sub.add_parser("decisions", help="decision requests you own or asked for")
    dsub = decisions.add_subparsers(dest="decisions_command", required=True)
    listing = with_actor(dsub.add_parser("list", help="open requests, due first"))
    listing.add_argument("--all", action="store_true", help="include decided ones")
    listing.add_argument("--mine", action="store_true", help="only those waiting for my answer")
    listing.add_argument("--json", action="store_true")
    show = with_actor(dsub.add_parser("show", help="one request in plain words"))
    show.add_argument("id", type=id_arg)
    show.add_argument("--json", action="store_true")
    answer = with_actor(dsub.add_parser("answer", help="approve, reject, edit or respond"))
    answer.add_argument("id", type=id_arg)
    answer.add_argument("answer", choices=["approve", "reject", "edit", "respond"])
    answer.add_argument("--comment", default="", help="required to reject or respond")
    answer.add_argument(
        "--set",
        dest="edits",
        type=_edit,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a changed argument (with edit)",
    )
    decisions.set_defaults(run=cmd_decisions)


@refusals
def cmd_owners(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.owners import owner_directory, set_owner, unfilled_roles

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if args.owners_command == "set":
        entry = set_owner(
            ctx, actor, args.role, primary=args.primary, backup=args.backup, chain=args.chain
        )
        print(f"{entry.role}: decided by staff {', '.join(map(str, entry.deciders()))} in order")
        return 0
    if args.owners_command == "list":
        entries = owner_directory(ctx, actor)
        if args.json:
            print_json([e.__dict__ for e in entries])
        for e in [] if args.json else entries:
            chain = ", ".join(map(str, e.chain)) or "-"
            print(
                f"{e.role:<34} owner {e.primary or '-':<5} backup {e.backup or '-':<5} "
                f"chain {chain}"
            )
        return 0
    from bot.owner_roles import owner_role_groups
    from knowledge.catalog import default_catalog

    groups = owner_role_groups(default_catalog())
    missing_any = False
    for title, required in groups.items():
        missing = unfilled_roles(ctx, actor, required)
        for role in missing:
            print(f"unfilled: {role}")
        print(f"{len(required) - len(missing)} of {len(required)} {title} have an owner")
        missing_any = missing_any or bool(missing)
    return 1 if missing_any else 0


@refusals
def cmd_decisions(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.decision_requests.described import describe_decisions
    from tools.decision_requests.service import get_decision, list_decisions

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if args.decisions_command == "answer":
        return _answer(args, settings, actor)
    if args.decisions_command == "show":
        view = get_decision(ctx, actor, args.id)
        one = describe_decisions(ctx, actor, [view])[view.id]
        if args.json:
            print_json({**view.__dict__, "open": view.open, "summary": one.summary})
            return 0
        _show(view, one)
        return 0
    views = list_decisions(ctx, actor, open_only=not args.all, mine=args.mine)
    if args.json:
        print_json([{**v.__dict__, "open": v.open} for v in views])
        return 0
    if not views:
        print("no open decision requests for you")
        return 0
    words = describe_decisions(ctx, actor, views)
    print_table(
        ("id", "status", "due", "decides", "asked by", "request"),
        (
            (
                v.id,
                v.urgency.replace("_", " "),
                f"{v.due_at:%Y-%m-%d %H:%M}",
                v.owner_role,
                words[v.id].asker,
                words[v.id].headline,
            )
            for v in views
        ),
    )
    return 0


def _show(view: Any, words: Any) -> None:
    """One request as labelled lines, the way the web card shows it."""
    lines = [
        ("Request", f"#{view.id} {words.title} ({view.status.replace('_', ' ')})"),
        ("Asked by", words.asker),
        ("Decides", words.deciders),
        ("Patient", words.patient),
        ("What would change" if view.open else "What was asked", words.change),
        ("Why a person decides", words.why),
        ("Deadline", words.deadline),
        ("Decided", words.answered),
        ("Comment", view.comment),
        ("Options", ", ".join(view.options)),
    ]
    for label, text in lines:
        if text:
            print(f"{label + ':':<22} {text}")
    if view.evidence:
        print("What Baton gathered:")
        for line in view.evidence.splitlines():
            print(f"  {line}")


def _answer(args: argparse.Namespace, settings: BatonSettings, actor: Any) -> int:
    """Record the answer (the tool checks who may give it and carries out an approved
    sign-off). The conversation that waits for it resumes when its asker writes again, when
    a live view of it (the web chat's stream) next looks, or at the next ``baton jobs
    run-due``; the asker is notified now."""
    from tools.decision_requests.service import answer_decision

    if actor.staff_id is None:
        print("baton: a decision is answered by a person; use --as STAFF_ID", file=sys.stderr)
        return 2
    decided = answer_decision(
        tool_context(settings),
        actor,
        args.id,
        args.answer,
        comment=args.comment,  # the comment and --set values pass the guard in the tool
        edited=dict(args.edits) or None,
    )
    print(f"decision {decided.id}: {decided.status} by {actor.name}")
    if decided.result:
        print("carried out: " + ", ".join(f"{k} {v}" for k, v in sorted(decided.result.items())))
    return 0
