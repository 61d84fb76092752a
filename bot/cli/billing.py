"""``baton billing``: CMS care-management codes, the monthly summary, complex-CCM
determinations, the practitioner's own minutes and write-offs.

``baton billing codes`` is a pure rule: it opens no store and loads no model.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.cli.arguments import date_arg, minutes_arg, month_arg, with_actor
from bot.cli.errors import refusals
from bot.cli.output import print_json, write_csv
from bot.cli.runtime import record_actor, tool_context
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    billing = sub.add_parser("billing", help="CMS care-management codes and the monthly summary")
    bsub = billing.add_subparsers(dest="billing_command", required=True)
    codes = bsub.add_parser("codes", help="codes for one patient-month's minutes")
    codes.add_argument("--program", required=True, type=str.lower, choices=["ccm", "pcm"])
    codes.add_argument("--minutes", required=True, type=minutes_arg)
    codes.add_argument("--complex", action="store_true")
    codes.add_argument("--physician", action="store_true")
    codes.add_argument("--json", action="store_true")
    month = with_actor(bsub.add_parser("month", help="monthly summary (admins, supervisors)"))
    month.add_argument("month", type=month_arg, help="YYYY-MM")
    month.add_argument("--json", action="store_true")
    month.add_argument("--save", action="store_true", help="store the month's rows (admins)")
    month.add_argument("--csv", type=Path, help="also write the patient lines as CSV")
    cx = with_actor(bsub.add_parser("complex", help="record a complex-CCM determination"))
    cx.add_argument("patient", help="chart code")
    cx.add_argument("month", type=month_arg, help="YYYY-MM")
    pt = with_actor(
        bsub.add_parser(
            "practitioner-time", help="record the billing practitioner's own minutes (admins)"
        )
    )
    pt.add_argument("patient", help="chart code")
    pt.add_argument("minutes", type=minutes_arg)
    pt.add_argument("--date", type=date_arg, help="service date (default today)")
    pt.add_argument("--activity", default="care management")
    wo = with_actor(
        bsub.add_parser("write-off", help="ask the revenue cycle director to write off a charge")
    )
    wo.add_argument("patient", help="chart code")
    wo.add_argument("month", type=month_arg, help="YYYY-MM")
    wo.add_argument("amount", help="dollars, e.g. 20.00")
    wo.add_argument("--reason", required=True, help="reason code, e.g. small_balance")
    wos = with_actor(bsub.add_parser("write-offs", help="approved write-offs of a month"))
    wos.add_argument("month", type=month_arg, help="YYYY-MM")
    wos.add_argument("--json", action="store_true")
    billing.set_defaults(run=cmd_billing)


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
    actor = record_actor(ctx, args, settings)
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
        write_csv(args.csv, data["patients"])
    if args.json:
        print_json(data)
        return 0
    practice = data["practice"]
    print(
        f"Billing {month} (fee schedule {summary.fee_year}): "
        f"{practice['billed_patients']} of {practice['patients']} patients bill, "
        f"estimated ${practice['estimated_amount_usd']}"
    )
    for key, totals in data["by_coordinator"].items():
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
