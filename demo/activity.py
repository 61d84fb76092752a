"""The demo practice's open and finished work: ``baton demo-data`` after the bulk load.

A practice people can look around in has cases at every stage and decisions both
waiting and answered. Everything here goes through the same tool functions as the
surfaces, as the people who would do it (coordinators ask, owners answer, holders
finish steps), so each record has its audit events and notifications. Needs the owner
roles filled (``load_demo(owner_roles=...)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tools.access import Actor
from tools.billing.codes import CODES
from tools.billing.fee_store import set_fee
from tools.cases.service import (
    change_pcp,
    get_case,
    open_complaint,
    open_referral,
    request_panel_removal,
)
from tools.context import ToolContext
from tools.decision_requests.service import answer_decision
from tools.handoffs.service import complete_handoff
from tools.owners import active_deciders
from tools.staff import actor_for
from tools.store.models import Patient, Provider, Staff
from tools.tasks.signoff import request_time_entry_signoff

# (specialty, urgency, outcomes walked: each step's outcome and its details)
REFERRALS: tuple[tuple[str, str, tuple[tuple[str, dict[str, str]], ...]], ...] = (
    (
        "cardiology",
        "routine",
        (
            ("sent", {}),
            ("confirmed", {}),
            ("scheduled", {"appointment_date": "{today}"}),
            ("completed", {}),
            ("received", {}),
        ),
    ),
    ("endocrinology", "routine", (("sent", {}), ("declined", {}))),
    ("nephrology", "routine", (("sent", {}), ("confirmed", {}))),
    ("pulmonology", "urgent", (("sent", {}),)),
    ("rheumatology", "routine", ()),
)
SIGNOFF_TYPE = "Care Coordination: General"
PICKS = 14  # patients the cases and requests below need
# For codes the schedule file has no figure for (99426 in the bundled 2025 file): a
# fictional amount, labelled so, that an admin replaces on the "Fees & owners" page.
DEMO_AMOUNT = "60.00"
DEMO_FEE_SOURCE = "fictional demo amount, not a CMS figure: enter your own"


@dataclass(frozen=True)
class ActivitySummary:
    cases_open: int
    cases_closed: int
    decisions_pending: int
    decisions_decided: int


def price_every_code(ctx: ToolContext) -> list[str]:
    """Give each code the billing run can produce and the fee schedule lacks a demo
    amount, entered by the demo's admin like any edit; the codes priced so."""
    missing = [c.code for c in CODES if ctx.fees.amount_for(c.code) is None]
    admin = next(iter(_people(ctx, "admin").values()))
    for code in missing:
        set_fee(ctx, admin, code, DEMO_AMOUNT, source=DEMO_FEE_SOURCE)
    return missing


def add_demo_activity(ctx: ToolContext) -> ActivitySummary:
    coordinators = _people(ctx, "coordinator")
    charts = _active_charts(ctx)
    # Staff 1's first patients are the README's examples; cases use other patients.
    pool = [(cid, chart) for cid, chart, _ in charts if chart != "ZK1029"]
    pcp = {chart: provider for _, chart, provider in charts}
    if len(pool) < PICKS + 3:
        return ActivitySummary(0, 0, 0, 0)  # too small a practice to show every stage
    # PICKS patients with cases or requests, spread over the practice's panels.
    picks = iter(pool[3 :: max(1, len(pool) // (PICKS + 1))][: PICKS - 4])
    used = set()
    today = ctx.clock.today()
    opened, closed = 0, 0
    for specialty, urgency, walk in REFERRALS:
        cid, chart = next(picks)
        case = open_referral(
            ctx, coordinators[cid], patient=chart, specialty=specialty, urgency=urgency
        )
        if _walk(ctx, case.id, coordinators[cid], walk, today):
            closed += 1
        else:
            opened += 1
    providers = _provider_ids(ctx)
    for reason, confirm in (("moved", True), ("access", False)):
        cid, chart = next(picks)
        other = next(p for p in providers if p != pcp[chart])
        case = change_pcp(ctx, coordinators[cid], patient=chart, provider=other, reason_code=reason)
        if confirm:
            _walk(ctx, case.id, coordinators[cid], (("confirmed", {}),), today)
            closed += 1
        else:
            opened += 1
    cid, chart = next(picks)
    open_complaint(ctx, coordinators[cid], patient=chart, category="access")
    opened += 1
    pending, decided = 0, 0
    removal_answers = ("approve", None)
    for answer in removal_answers:
        cid, chart = next(picks)
        view = request_panel_removal(
            ctx, coordinators[cid], patient=chart, reason_code="relationship"
        )
        opened += 1  # a case either way: waiting for the answer, or then for outreach
        if answer:
            _answer(ctx, view.id, view.owner_role, answer)
            decided += 1
        else:
            pending += 1
    yesterday = _working_day_before(today)
    # One answered and one waiting for each of the first two coordinators' supervisors
    # (the coordinators are on alternating teams).
    first, second = sorted(coordinators)[:2]
    signoffs = (
        (first, "approve", 70),
        (second, "reject", 75),
        (first, None, 65),
        (second, None, 80),
    )
    for cid, answer, minutes in signoffs:
        chart = next(c for owner, c in reversed(pool) if owner == cid and c not in used)
        used.add(chart)
        view = request_time_entry_signoff(
            ctx,
            coordinators[cid],
            coordinator_id=cid,
            patient=chart,
            task_type=SIGNOFF_TYPE,
            minutes=minutes,
            task_date=yesterday,
        )
        if answer:
            comment = "" if answer == "approve" else "Split this into the calls it covers."
            _answer(ctx, view.id, view.owner_role, answer, comment)
            decided += 1
        else:
            pending += 1
    return ActivitySummary(opened, closed, pending, decided)


def _walk(
    ctx: ToolContext,
    case_id: int,
    viewer: Actor,
    walk: Sequence[tuple[str, dict[str, str]]],
    today: date,
) -> bool:
    """Finish the case's steps with these outcomes, each as the step's holder; whether
    the case ended closed."""
    for outcome, details in walk:
        [step] = [s for s in get_case(ctx, viewer, case_id).steps if s.open]
        assert step.holder_staff_id is not None  # the demo assigns every step to a person
        holder = actor_for(ctx, step.holder_staff_id, "demo")
        filled = {k: v.format(today=today.isoformat()) for k, v in details.items()}
        complete_handoff(ctx, holder, step.id, outcome=outcome, details=filled)
    return get_case(ctx, viewer, case_id).status == "closed"


def _answer(ctx: ToolContext, decision_id: int, role: str, answer: str, comment: str = "") -> None:
    with ctx.db.reading() as session:
        decider = active_deciders(session, role)[0]
    answer_decision(ctx, actor_for(ctx, decider, "demo"), decision_id, answer, comment=comment)


def _people(ctx: ToolContext, role: str) -> dict[int, Actor]:
    with ctx.db.reading() as session:
        ids = list(session.scalars(select(Staff.id).where(Staff.role == role)))
    return {staff_id: actor_for(ctx, staff_id, "demo") for staff_id in ids}


def _active_charts(ctx: ToolContext) -> list[tuple[int, str, int | None]]:
    """(coordinator, chart code, PCP) of each active assigned patient."""
    with ctx.db.reading() as session:
        return [
            (cid, chart, provider)
            for cid, chart, provider in session.execute(
                select(Patient.coordinator_id, Patient.chart_code, Patient.provider_id)
                .where(Patient.status == "active", Patient.coordinator_id.is_not(None))
                .order_by(Patient.id)
            )
            if cid is not None  # the query keeps assigned patients only; for the checker
        ]


def _provider_ids(ctx: ToolContext) -> list[int]:
    with ctx.db.reading() as session:
        return list(session.scalars(select(Provider.id).order_by(Provider.id)))


def _working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
