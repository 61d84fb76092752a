"""``baton`` commands over the system of record: billing, tasks, jobs, staff, panel,
audit, import/export and demo data.

Who is acting: ``--as STAFF_ID`` (or ``BATON_STAFF_ID``); ``baton tasks log`` acts as
the coordinator it names unless ``--as`` says otherwise. Without either, commands run as
the server's operator (the ``system`` admin), who can read the database file anyway.
Every command goes through the tool layer, so its access rules and audit apply here too.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from bot.settings import BatonSettings


class Refused(Exception):
    """A tool refused the call; printed as ``baton: refused (rule): message``."""


def tool_context(settings: BatonSettings):  # noqa: ANN202 - heavy imports stay lazy
    from bot.cli_runtime import guard_for
    from tools.context import ToolContext
    from tools.free_text import PhiTextGuard
    from tools.store.database import Database

    # The PHI guard loads (seconds) only once a command stores free text.
    guard = PhiTextGuard(load=lambda: guard_for(settings))
    ctx = ToolContext(
        Database(settings.database_url_or_default()), **settings.tool_options(), guard=guard
    )
    ctx.prepare()
    return ctx


def cli_actor(
    ctx: Any, args: argparse.Namespace, settings: BatonSettings, default: int | None = None
):
    from tools.access import Actor
    from tools.staff import actor_for

    staff_id = getattr(args, "as_staff", None) or settings.staff_id or default
    return actor_for(ctx, staff_id, "cli") if staff_id else Actor.system("cli")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def with_actor(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--as STAFF_ID`` to a record command."""
    parser.add_argument(
        "--as",
        dest="as_staff",
        type=int,
        metavar="STAFF_ID",
        help="act as this staff member (default: BATON_STAFF_ID)",
    )
    return parser


def register(sub: Any) -> None:

    billing = sub.add_parser("billing", help="CMS care-management codes and the monthly summary")
    bsub = billing.add_subparsers(dest="billing_command", required=True)
    codes = bsub.add_parser("codes", help="codes for one patient-month's minutes")
    codes.add_argument("--program", required=True, type=str.lower, choices=["ccm", "pcm"])
    codes.add_argument("--minutes", required=True, type=int)
    codes.add_argument("--complex", action="store_true")
    codes.add_argument("--physician", action="store_true")
    codes.add_argument("--json", action="store_true")
    month = with_actor(bsub.add_parser("month", help="monthly summary (admins, supervisors)"))
    month.add_argument("month", help="YYYY-MM")
    month.add_argument("--json", action="store_true")
    month.add_argument("--save", action="store_true", help="store the month's rows (admins)")
    month.add_argument("--csv", type=Path, help="also write the patient lines as CSV")
    cx = with_actor(bsub.add_parser("complex", help="record a complex-CCM determination"))
    cx.add_argument("patient", help="chart code")
    cx.add_argument("month", help="YYYY-MM")
    pt = with_actor(
        bsub.add_parser(
            "practitioner-time", help="record the billing practitioner's own minutes (admins)"
        )
    )
    pt.add_argument("patient", help="chart code")
    pt.add_argument("minutes", type=int)
    pt.add_argument("--date", type=_date_arg, help="service date (default today)")
    pt.add_argument("--activity", default="care management")
    wo = with_actor(
        bsub.add_parser("write-off", help="ask the revenue cycle director to write off a charge")
    )
    wo.add_argument("patient", help="chart code")
    wo.add_argument("month", help="YYYY-MM")
    wo.add_argument("amount", help="dollars, e.g. 20.00")
    wo.add_argument("--reason", required=True, help="reason code, e.g. small_balance")
    wos = with_actor(bsub.add_parser("write-offs", help="approved write-offs of a month"))
    wos.add_argument("month", help="YYYY-MM")
    wos.add_argument("--json", action="store_true")
    billing.set_defaults(run=cmd_billing)

    tasks = sub.add_parser("tasks", help="coordinator time entries")
    tsub = tasks.add_subparsers(dest="tasks_command", required=True)
    log = with_actor(tsub.add_parser("log", help="log time for a patient"))
    log.add_argument("--coordinator", required=True, type=int)
    log.add_argument("--patient", required=True, help="chart code or patient id")
    log.add_argument("--type", required=True, dest="task_type")
    log.add_argument("--minutes", required=True, type=int)
    log.add_argument("--date", type=_date_arg)
    log.add_argument("--notes", default="")
    log.add_argument("--confirm", action="store_true", help="confirm time over twice the average")
    lst = with_actor(tsub.add_parser("list", help="entries you may see"))
    lst.add_argument("--date", type=_date_arg)
    lst.add_argument("--month", help="YYYY-MM")
    lst.add_argument("--csv", type=Path, help="write CSV to this file")
    lst.add_argument("--json", action="store_true")
    delete = with_actor(tsub.add_parser("delete", help="delete an entry (history is kept)"))
    delete.add_argument("entry_id", type=int)
    tasks.set_defaults(run=cmd_tasks)

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
    gone.add_argument("staff_id", type=int)
    staff.set_defaults(run=cmd_staff)

    panel = with_actor(sub.add_parser("panel", help="your patient panel (Tab 1)"))
    panel.add_argument("--visit", choices=["overdue", "due_soon", "current"])
    panel.add_argument("--all", action="store_true", help="not only my patients")
    panel.add_argument("--json", action="store_true")
    panel.set_defaults(run=cmd_panel)

    metrics = with_actor(sub.add_parser("metrics", help="coordinator metrics for a month"))
    metrics.add_argument("month", help="YYYY-MM")
    metrics.add_argument("--json", action="store_true")
    metrics.set_defaults(run=cmd_metrics)

    audit = sub.add_parser("audit", help="the tamper-evident audit trail (auditors)")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    with_actor(asub.add_parser("verify", help="check every event's hash chain"))
    export = with_actor(asub.add_parser("export", help="write events as CSV"))
    export.add_argument("--from", dest="start", required=True, type=_date_arg)
    export.add_argument("--to", dest="end", required=True, type=_date_arg)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    audit.set_defaults(run=cmd_audit)

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


def refusals(run):  # noqa: ANN001, ANN202
    """Turn tool refusals into one clear line and a non-zero exit."""

    def wrapped(args: argparse.Namespace, settings: BatonSettings) -> int:
        from tools.errors import AccessDenied, NeedsConfirmation, ToolError
        from tools.importing import ImportRejected

        try:
            return run(args, settings)
        except NeedsConfirmation as exc:
            print(f"baton: needs confirmation ({exc.rule}): {exc}; add --confirm", file=sys.stderr)
            return 3
        except AccessDenied as exc:
            print(f"baton: denied ({exc.rule}): {exc}", file=sys.stderr)
            return 4
        except ToolError as exc:
            where = f", {exc.field}" if exc.field else ""
            print(f"baton: refused ({exc.rule}{where}): {exc}", file=sys.stderr)
            return 1
        except ImportRejected as exc:
            print(f"baton: import refused: {exc}", file=sys.stderr)
            return 1

    return wrapped


@refusals
def cmd_billing(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.billing.codes import billing_codes, describe_codes
    from tools.billing.month import BillingMonth

    if args.billing_command == "codes":
        found = billing_codes(
            args.program.upper(), args.minutes, complex=args.complex, physician=args.physician
        )
        if args.json:
            print_json({"codes": found})
        else:
            print(describe_codes(found))
        return 0
    ctx = tool_context(settings)
    actor = cli_actor(ctx, args, settings)
    if args.billing_command in ("write-off", "write-offs"):
        return _write_offs(args, ctx, actor)
    if args.billing_command == "practitioner-time":
        from tools.billing.practitioner_time import log_practitioner_time

        recorded = log_practitioner_time(
            ctx,
            actor,
            patient=args.patient,
            minutes=args.minutes,
            service_date=args.date,
            activity=args.activity,
        )
        print(
            f"recorded {recorded.minutes} min of practitioner time for {recorded.chart_code} "
            f"on {recorded.service_date.isoformat()} (entry {recorded.id})"
        )
        return 0
    month = BillingMonth.parse(args.month)
    if args.billing_command == "complex":
        from tools.billing.service import record_complexity

        record_complexity(ctx, actor, args.patient, month)
        print(f"complex CCM determination recorded for {args.patient.upper()}, {month}")
        return 0
    from tools.billing.service import billing_month

    summary = billing_month(ctx, actor, month, save=args.save)
    data = summary.as_dict()
    if args.csv:
        _write_csv(args.csv, data["patients"])  # type: ignore[arg-type]
    if args.json:
        print_json(data)
        return 0
    practice = data["practice"]
    print(
        f"Billing {month} (fee schedule {summary.fee_year}): "
        f"{practice['billed_patients']} of {practice['patients']} patients bill, "
        f"estimated ${practice['estimated_amount_usd']}"
    )
    for key, totals in data["by_coordinator"].items():  # type: ignore[union-attr]
        print(
            f"  coordinator {key}: {totals['billed_patients']}/{totals['patients']} billed, "
            f"{totals['minutes']} min, ${totals['estimated_amount_usd']}"
        )
    for line in summary.lines:
        print(
            f"  {line.decision.chart_code:<10} {line.codes_text:<22} ${line.amount:>8.2f}  "
            f"{line.decision.reason}"
        )
    if summary.missing_fees:
        print(f"  no fee on file for {', '.join(summary.missing_fees)} (edit the fee schedule)")
    return 0


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        if not rows:
            return  # an empty file: nothing to describe, not even a header
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: (" ".join(v) if isinstance(v, list) else v) for k, v in row.items()}
            )


def _write_offs(args: argparse.Namespace, ctx: Any, actor: Any) -> int:
    from tools.billing.write_offs import request_write_off, write_offs_for_month

    if args.billing_command == "write-off":
        asked = request_write_off(
            ctx,
            actor,
            patient=args.patient,
            month=args.month,
            amount_usd=args.amount,
            reason_code=args.reason,
        )
        print(
            f"decision request #{asked.id} sent to the {asked.owner_role}; nothing is written "
            "off until it is approved"
        )
        return 0
    rows = write_offs_for_month(ctx, actor, args.month)
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    for r in rows:
        print(
            f"patient {r.patient_id} {r.month}: ${r.amount_usd} ({r.reason_code}), "
            f"decision #{r.decision_id} approved by staff {r.approved_by}"
        )
    if not rows:
        print(f"no write-offs for {args.month}")
    return 0


@refusals
def cmd_tasks(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.tasks.service import delete_task, list_tasks, log_task

    ctx = tool_context(settings)
    if args.tasks_command == "log":
        from tools.errors import NeedsSignOff
        from tools.tasks.signoff import request_time_entry_signoff

        actor = cli_actor(ctx, args, settings, default=args.coordinator)
        patient = int(args.patient) if args.patient.isdigit() else args.patient
        entry_args = dict(
            coordinator_id=args.coordinator,
            patient=patient,
            task_type=args.task_type,
            minutes=args.minutes,
            task_date=args.date,
            notes=args.notes,  # free text: the tool layer redacts it before storing
        )
        try:
            entry = log_task(ctx, actor, **entry_args, confirm=args.confirm)
        except NeedsSignOff:
            asked = request_time_entry_signoff(ctx, actor, **entry_args)
            print(
                f"sent to the {asked.owner_role} for sign-off as decision request "
                f"#{asked.id}; nothing is logged until it is approved"
            )
            return 0
        print(
            f"logged entry {entry.id}: {entry.minutes} min {entry.task_type} for "
            f"{entry.chart_code} on {entry.task_date}; {entry.minutes_that_day} min that day"
        )
        return 0
    actor = cli_actor(ctx, args, settings)
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
        _write_csv(args.csv, rows)
        print(f"wrote {len(rows)} entries to {args.csv}")
    elif args.json:
        print_json(rows)
    else:
        for row in rows:
            print(
                f"{row['id']:>6} {row['task_date']} {row['chart_code']:<10} "
                f"{row['minutes']:>4} min  {row['task_type']}"
            )
        print(f"{len(rows)} entries, {sum(r['minutes'] for r in rows)} min")
    return 0


@refusals
def cmd_staff(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.staff import add_staff, deactivate_staff, list_staff

    ctx = tool_context(settings)
    actor = cli_actor(ctx, args, settings)
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
    for member in list_staff(ctx, actor):
        state = "" if member.active else " (inactive)"
        print(f"{member.id:>5} {member.role:<12} {member.team or '-':<10} {member.name}{state}")
    return 0


@refusals
def cmd_panel(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.panel import patient_panel

    ctx = tool_context(settings)
    rows = patient_panel(
        ctx, cli_actor(ctx, args, settings), mine_only=not args.all, visit=args.visit
    )
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    for r in rows:
        print(
            f"{r.chart_code:<10} {r.name:<28} {r.visit_status:<9} next {r.next_visit_due}  "
            f"tasks {r.monthly_tasks_done}/{r.monthly_tasks_total}  "
            f"{r.minutes_this_month:>4} min  gaps {r.open_care_gaps}"
        )
    print(f"{len(rows)} patients")
    return 0


@refusals
def cmd_metrics(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.billing.month import BillingMonth
    from tools.panel import coordinator_metrics

    ctx = tool_context(settings)
    found = coordinator_metrics(ctx, cli_actor(ctx, args, settings), BillingMonth.parse(args.month))
    if args.json:
        print_json([asdict(m) for m in found])
        return 0
    for m in found:
        print(
            f"{m.name:<24} tasks {m.total_tasks:>5}  min {m.total_minutes:>6}  "
            f"avg {m.average_task_minutes:>5}  coverage {m.patient_coverage_pct:>5}%  "
            f"completion {m.task_completion_pct if m.task_completion_pct is not None else '-'}"
        )
    return 0


@refusals
def cmd_audit(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.access import Role, require_role
    from tools.audit.trail import export_csv, verify_chain

    ctx = tool_context(settings)
    actor = cli_actor(ctx, args, settings)
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


@refusals
def cmd_import(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.importing import import_roster, import_service_log

    ctx = tool_context(settings)
    actor = cli_actor(ctx, args, settings)
    run = import_roster if args.import_command == "roster" else import_service_log
    result = run(ctx, actor, args.file)
    print(f"imported {result.rows} rows: {result.added} added, {result.updated} updated")
    return 0


@refusals
def cmd_demo(args: argparse.Namespace, settings: BatonSettings) -> int:
    from bot.owner_roles import all_owner_roles
    from knowledge.catalog import default_catalog
    from tools.demo import load_demo

    ctx = tool_context(settings)
    roles = all_owner_roles(default_catalog())
    summary = load_demo(ctx, patients=args.patients, months=args.months, owner_roles=roles)
    print(
        f"demo practice loaded: {summary.coordinators} coordinators, {summary.patients} "
        f"patients, {summary.entries} time entries, {len(roles)} owner roles filled "
        "(all fictional)"
    )
    return 0
