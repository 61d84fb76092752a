"""``baton handoffs``, ``baton cases``, ``baton referrals`` and ``baton pcp``: tracked work.

Free text a person types (titles, results, reasons) passes the PHI guard in the tool
layer before it is stored; codes and ids are validated there.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.cli.arguments import (
    hours_arg,
    id_arg,
    positive_number_arg,
    whole_number_arg,
    with_actor,
)
from bot.cli.errors import refusals
from bot.cli.output import print_json
from bot.cli.runtime import engine_for, record_actor, tool_context
from bot.settings import BatonSettings
from tools.fields import id_or_name


def _detail(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write a detail as NAME=VALUE")
    return key.strip(), value.strip()


def register(sub: Any) -> None:
    handoffs = sub.add_parser("handoffs", help="tracked handoffs: owner, clock, escalation")
    hsub = handoffs.add_subparsers(dest="handoffs_command", required=True)
    listing = with_actor(hsub.add_parser("list", help="open handoffs you may see, due first"))
    listing.add_argument("--mine", action="store_true", help="held or opened by me")
    listing.add_argument("--all", action="store_true", help="include done and cancelled")
    listing.add_argument("--json", action="store_true")
    show = with_actor(hsub.add_parser("show", help="one handoff with its history"))
    show.add_argument("id", type=id_arg)
    show.add_argument("--json", action="store_true")
    opening = with_actor(hsub.add_parser("open", help="open a handoff for a role"))
    opening.add_argument("--role", help='the owner role, e.g. "Billing supervisor"')
    opening.add_argument("--title", help="what the handoff is")
    opening.add_argument("--due-hours", type=hours_arg, help="time frame")
    opening.add_argument("--escalate-to", help="role above the owner when it stalls")
    opening.add_argument("--escalate-after-hours", type=hours_arg, default=24.0)
    opening.add_argument("--condition", action="append", default=[], help="an entry condition")
    opening.add_argument("--waiting-on", default="")
    opening.add_argument("--outcome", default="", help="the measurable outcome")
    opening.add_argument("--patient", help="chart code, if it concerns one patient")
    opening.add_argument("--thread", help="a conversation whose last plan to track")
    opening.add_argument(
        "--boundary",
        type=whole_number_arg(1, 50),
        action="append",
        default=[],
        help="the plan's handoff number",
    )
    accept = with_actor(hsub.add_parser("accept", help="take a handoff on"))
    accept.add_argument("id", type=id_arg)
    done = with_actor(hsub.add_parser("done", help="finish a handoff"))
    done.add_argument("id", type=id_arg)
    done.add_argument("--outcome", help="for a step of a case: how it ended")
    done.add_argument("--result", default="", help="what was done")
    done.add_argument(
        "--set",
        dest="details",
        type=_detail,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a detail the outcome needs (appointment_date, provider)",
    )
    cancel = with_actor(hsub.add_parser("cancel", help="cancel a handoff you opened"))
    cancel.add_argument("id", type=id_arg)
    cancel.add_argument("--reason", required=True)
    handoffs.set_defaults(run=cmd_handoffs)

    cases = sub.add_parser("cases", help="tracked workflows (referrals, PCP attribution)")
    csub = cases.add_subparsers(dest="cases_command", required=True)
    clist = with_actor(csub.add_parser("list", help="open cases you may see"))
    clist.add_argument("--workflow", choices=["closed_loop_referral", "pcp_attribution"])
    clist.add_argument("--all", action="store_true")
    clist.add_argument("--json", action="store_true")
    cshow = with_actor(csub.add_parser("show", help="one case and its steps"))
    cshow.add_argument("id", type=id_arg)
    cshow.add_argument("--json", action="store_true")
    cases.set_defaults(run=cmd_cases)

    referrals = sub.add_parser("referrals", help="closed-loop referrals")
    rsub = referrals.add_subparsers(dest="referrals_command", required=True)
    ropen = with_actor(rsub.add_parser("open", help="start tracking a referral"))
    ropen.add_argument("--patient", required=True, help="chart code")
    ropen.add_argument("--specialty", required=True)
    ropen.add_argument("--urgent", action="store_true")
    ropen.add_argument(
        "--open-loop-days",
        type=positive_number_arg(60, "days"),
        help="flag it open-loop if receipt is not confirmed",
    )
    referrals.set_defaults(run=cmd_referrals)

    pcp = sub.add_parser("pcp", help="PCP attribution: changes, panel removals, escalations")
    psub = pcp.add_subparsers(dest="pcp_command", required=True)
    change = with_actor(psub.add_parser("change", help="a member-initiated PCP change"))
    change.add_argument("--patient", required=True)
    change.add_argument("--provider", required=True, help="id, NPI or exact name")
    change.add_argument("--reason", required=True, help="reason code (see domain docs)")
    remove = with_actor(psub.add_parser("remove", help="a PCP asks to remove a member"))
    remove.add_argument("--patient", required=True)
    remove.add_argument("--reason", required=True)
    remove.add_argument("--disability", action="store_true", help="the member has a disability")
    complaint = with_actor(psub.add_parser("complaint", help="a member complaint"))
    complaint.add_argument("--patient", required=True)
    complaint.add_argument("--category", required=True)
    fwa = with_actor(psub.add_parser("fwa", help="suspected fraud, waste or abuse"))
    fwa.add_argument("--category", required=True)
    fwa.add_argument("--patient")
    pcp.set_defaults(run=cmd_pcp)


@refusals
def cmd_handoffs(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.handoffs.service import (
        accept_handoff,
        cancel_handoff,
        complete_handoff,
        get_handoff,
        list_handoffs,
    )

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    now = ctx.clock.now()
    command = args.handoffs_command
    if command == "list":
        views = list_handoffs(ctx, actor, mine=args.mine, open_only=not args.all)
        if args.json:
            print_json([_public(v) for v in views])
            return 0
        for view in views:
            print(f"[{view.urgency:<8}] {view.status_line(now)}")
        if not views:
            print("no open handoffs for you")
        return 0
    if command == "show":
        view = get_handoff(ctx, actor, args.id)
        if args.json:
            print_json(_public(view))
            return 0
        _print_handoff(view, now)
        return 0
    if command == "open":
        return _open(args, settings, ctx, actor, now)
    if command == "accept":
        view = accept_handoff(ctx, actor, args.id)
    elif command == "done":
        view = complete_handoff(
            ctx,
            actor,
            args.id,
            outcome=args.outcome,
            result=args.result,
            details=dict(args.details),
        )
    else:
        view = cancel_handoff(ctx, actor, args.id, args.reason)
    print(view.status_line(now))
    if view.result:
        print(f"result: {view.result}")
    return 0


def _open(args: argparse.Namespace, settings: BatonSettings, ctx: Any, actor: Any, now: Any) -> int:
    from tools.handoffs.records import HandoffSpec
    from tools.handoffs.service import open_handoff

    if args.thread:
        if actor.staff_id is None:
            print("baton: handoffs are opened by a person; use --as STAFF_ID", file=sys.stderr)
            return 2
        with engine_for(settings, with_records=True) as engine:
            opened, problems = engine.open_plan_handoff(
                args.thread, tuple(args.boundary), actor.staff_id, "cli"
            )
        for view in opened:
            print(view.status_line(now))
        for problem in problems:
            print(f"not opened: {problem}")
        return 0 if opened else 1
    missing = [
        f"--{n}"
        for n, v in (("role", args.role), ("title", args.title), ("due-hours", args.due_hours))
        if not v
    ]
    if missing:
        print(
            f"baton: give {', '.join(missing)} (or --thread and --boundary from a plan)",
            file=sys.stderr,
        )
        return 2
    spec = HandoffSpec(
        title=args.title,
        owner_role=args.role,
        escalate_to_role=args.escalate_to,
        due_in=timedelta(hours=args.due_hours),
        escalate_after=timedelta(hours=args.escalate_after_hours),
        entry_conditions=tuple(args.condition),
        waiting_on=args.waiting_on,
        outcome_target=args.outcome,
    )
    view = open_handoff(ctx, actor, spec, patient=args.patient)
    print(view.status_line(now))
    return 0


def _print_handoff(view: Any, now: datetime) -> None:
    print(view.status_line(now))
    print(f"  {view.title}")
    if view.entry_conditions:
        print("  entry conditions:")
        for condition in view.entry_conditions:
            print(f"    - {condition}")
    if view.outcome_target:
        print(f"  outcome: {view.outcome_target}")
    print(
        f"  escalates to: {view.escalate_to_role or '-'}; level {view.escalation_level}; "
        f"priority {view.priority}"
    )
    if view.result:
        print(f"  result: {view.result}")
    print("  history:")
    for t in view.history:
        note = f" ({t.note})" if t.note else ""
        print(f"    {t.at:%Y-%m-%d %H:%M}  {t.from_status or '-'} → {t.to_status}{note}")


def _public(view: Any) -> dict[str, Any]:
    data = asdict(view)
    data["status_line"] = view.status_line(datetime.now(UTC))
    return data


@refusals
def cmd_cases(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.cases.service import get_case, list_cases

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    now = ctx.clock.now()
    if args.cases_command == "show":
        case = get_case(ctx, actor, args.id)
        if args.json:
            print_json(asdict(case))
            return 0
        _print_case(case, now)
        return 0
    cases = list_cases(ctx, actor, workflow=args.workflow, open_only=not args.all)
    if args.json:
        print_json([asdict(c) for c in cases])
        return 0
    for case in cases:
        current = next((s for s in reversed(case.steps) if s.open), None)
        where = current.status_line(now) if current else case.outcome or case.status
        flags = f" [{', '.join(case.flags)}]" if case.flags else ""
        print(f"case #{case.id} {case.workflow}/{case.kind} {case.priority}{flags}: {where}")
    if not cases:
        print("no open cases for you")
    return 0


def _print_case(case: Any, now: datetime) -> None:
    flags = f" [{', '.join(case.flags)}]" if case.flags else ""
    print(f"case #{case.id} {case.workflow}/{case.kind}: {case.status}{flags}")
    print(f"  priority {case.priority}; patient {case.patient_id or '-'}; data {case.data}")
    if case.outcome:
        print(f"  outcome: {case.outcome}")
    for step in case.steps:
        print(f"  - {step.step}: {step.status_line(now)}")
        if step.result:
            print(f"      result: {step.result}")


@refusals
def cmd_referrals(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.cases.service import open_referral

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    days = args.open_loop_days
    case = open_referral(
        ctx,
        actor,
        patient=args.patient,
        specialty=args.specialty,
        urgency="urgent" if args.urgent else "routine",
        open_loop_after=timedelta(days=days) if days else None,
    )
    _print_case(case, ctx.clock.now())
    return 0


@refusals
def cmd_pcp(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.cases import service as cases

    ctx = tool_context(settings)
    actor = record_actor(ctx, args, settings)
    command = args.pcp_command
    if command == "remove":
        asked = cases.request_panel_removal(
            ctx, actor, patient=args.patient, reason_code=args.reason, disability=args.disability
        )
        print(
            f"decision request #{asked.id} sent to the {asked.owner_role} (case "
            f"#{asked.case_id}); nothing changes for the member until it is approved"
        )
        return 0
    if command == "change":
        case = cases.change_pcp(
            ctx, actor, patient=args.patient, provider=_ref(args.provider), reason_code=args.reason
        )
    elif command == "complaint":
        case = cases.open_complaint(ctx, actor, patient=args.patient, category=args.category)
    else:
        case = cases.report_fwa(ctx, actor, category=args.category, patient=args.patient)
    _print_case(case, ctx.clock.now())
    return 0


def _ref(text: str) -> int | str:
    return id_or_name(text, max_digits=9)
