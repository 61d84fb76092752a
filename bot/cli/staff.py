"""``baton staff``: staff members, and their API tokens (``baton staff token``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.arguments import id_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, print_table
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    staff = sub.add_parser("staff", help="staff members")
    ssub = staff.add_subparsers(dest="staff_command", required=True)
    add = with_actor(ssub.add_parser("add", help="add a staff member (admins)"))
    add.add_argument("name")
    add.add_argument(
        "--role", required=True, choices=["coordinator", "supervisor", "admin", "auditor"]
    )
    add.add_argument("--team")
    add.add_argument("--slack-id")
    with_actor(ssub.add_parser("list", help="list staff"))
    gone = with_actor(ssub.add_parser("deactivate", help="someone left (admins)"))
    gone.add_argument("staff_id", type=id_arg)

    tokens = ssub.add_parser("token", help="API tokens for the HTTP API and web pages (admins)")
    tsub = tokens.add_subparsers(dest="token_command", required=True)
    issue = with_actor(tsub.add_parser("issue", help="issue a token (shown once)"))
    issue.add_argument("staff_id", type=id_arg)
    issue.add_argument("--label", default="", help="what the token is for")
    revoke = with_actor(tsub.add_parser("revoke", help="revoke a token at once"))
    revoke.add_argument("token_id", type=id_arg)
    listing = with_actor(tsub.add_parser("list", help="tokens (never their secrets)"))
    listing.add_argument("--staff", type=id_arg, help="only this staff member's")
    listing.add_argument("--json", action="store_true")
    tokens.set_defaults(run=cmd_token)
    staff.set_defaults(run=cmd_staff)


@refusals
def cmd_staff(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.staff import add_staff, deactivate_staff, list_staff

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if args.staff_command == "add":
        added = add_staff(
            ctx, actor, name=args.name, role=args.role, team=args.team, slack_user_id=args.slack_id
        )
        print(
            f"added staff {added.id}: {added.name} ({added.role}"
            f"{', team ' + added.team if added.team else ''})"
        )
        return 0
    if args.staff_command == "deactivate":
        from tools.owners import owner_directory

        gone = deactivate_staff(ctx, actor, args.staff_id)
        print(f"staff {gone.id} ({gone.name}) is inactive")
        roles = [e.role for e in owner_directory(ctx, actor) if gone.id in e.deciders()]
        if roles:
            print(
                f"they were in the owner directory for: {', '.join(roles)}; their open "
                "handoffs and decisions move to the backup or chain at the next run-due "
                "(baton owners set to name a replacement)"
            )
        return 0
    print_table(
        ("id", "role", "team", "name", "active"),
        (
            (m.id, m.role, m.team or "-", m.name, "yes" if m.active else "no")
            for m in list_staff(ctx, actor)
        ),
    )
    return 0


@refusals
def cmd_token(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.tokens import issue_token, list_tokens, revoke_token

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    if args.token_command == "issue":
        issued = issue_token(ctx, actor, args.staff_id, label=args.label)
        print(
            f"token {issued.token.id} for staff {issued.token.staff_id} (shown once; "
            f"Baton keeps only its hash):",
            file=sys.stderr,
        )
        print(issued.secret)
        return 0
    if args.token_command == "revoke":
        revoked = revoke_token(ctx, actor, args.token_id)
        print(f"token {revoked.id} ({revoked.prefix}…) revoked")
        return 0
    found = list_tokens(ctx, actor, staff_id=args.staff)
    if args.json:
        print_json([{**t.__dict__, "active": t.active} for t in found])
        return 0
    for t in found:
        state = "active" if t.active else f"revoked {t.revoked_at:%Y-%m-%d}"
        print(f"{t.id:>5} staff {t.staff_id:<5} {t.prefix}…  {state:<18} {t.label}")
    if not found:
        print("no API tokens")
    return 0
