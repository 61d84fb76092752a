"""Opening and following tracked cases: closed-loop referrals and PCP attribution.

Each operation checks access and its inputs, writes the case, its first step (a tracked
handoff for the step's owner role) or its sign-off request, and the audit events in one
transaction. Cases carry codes and ids only; free text stays out of them (a specialty is
checked by the PHI guard before it is kept).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.cases.assignments import assign_pcp, current_pcp, find_provider, is_high_risk
from tools.cases.definitions import (
    CLOSED_LOOP_REFERRAL,
    MEMBER_CHANGE_REASONS,
    PANEL_REMOVAL_OWNER,
    PANEL_REMOVAL_REASONS,
    PCP_ATTRIBUTION,
)
from tools.cases.progress import case_data, close_case, open_step
from tools.context import Call, ToolContext
from tools.decision_requests.records import DecisionView, insert_request, view_of
from tools.errors import NotFound, ToolError
from tools.handoffs.records import HandoffView
from tools.handoffs.records import view_of as handoff_view
from tools.patients import find_visible_patient
from tools.store.models import Case, Handoff

URGENCIES = {"routine": None, "urgent": timedelta(hours=8)}  # urgent: sent the same day
SPECIALTY_MAX = 60
COMPLAINT_CATEGORIES = ("access", "quality_of_care", "attribution_error", "service", "other")
FWA_CATEGORIES = ("billing_pattern", "identity", "kickback", "unnecessary_services", "other")
PANEL_REMOVAL_DUE = timedelta(hours=48)
PANEL_REMOVAL_KIND = "pcp.panel_removal"


@dataclass(frozen=True)
class CaseView:
    id: int
    workflow: str
    kind: str
    status: str
    priority: str
    patient_id: int | None
    data: dict[str, Any]
    flags: tuple[str, ...]
    outcome: str | None
    opened_by: int | None
    opened_at: datetime
    closed_at: datetime | None
    steps: tuple[HandoffView, ...]


def open_referral(
    ctx: ToolContext,
    actor: Actor,
    *,
    patient: int | str,
    specialty: str,
    urgency: str = "routine",
    open_loop_after: timedelta | None = None,
    thread_id: str | None = None,
) -> CaseView:
    """Start a closed-loop referral: sent → receipt confirmed → scheduled → visit →
    outcome back to the referrer. ``open_loop_after``: how long an unconfirmed receipt
    may wait before the referral is flagged open-loop (default: the step's 2 days)."""
    typed = " ".join(str(specialty).split())
    if (
        not typed
        or len(typed) > SPECIALTY_MAX
        or not typed.replace(" ", "").replace("-", "").isalpha()
    ):
        raise ToolError(
            f"specialty must be 1 to {SPECIALTY_MAX} letters, e.g. 'cardiology'",
            rule="specialty",
            field="specialty",
        )
    # A specialty is a typed value, kept in the case's data; a name typed there (as typed,
    # before lower case hides it from the guard) is refused rather than stored.
    if ctx.free_text(typed) != typed:
        raise ToolError(
            "specialty must name a specialty, e.g. 'cardiology', not a person or place",
            rule="specialty",
            field="specialty",
        )
    specialty = typed.lower()
    if urgency not in URGENCIES:
        raise ToolError(
            f"urgency must be one of {', '.join(URGENCIES)}", rule="urgency", field="urgency"
        )
    if open_loop_after is not None and not timedelta(hours=1) <= open_loop_after <= timedelta(
        days=60
    ):
        raise ToolError(
            "open-loop days must be between 1 hour and 60 days",
            rule="clock",
            field="open_loop_after",
        )
    with ctx.write(actor, "case.referral_open", "case") as call:
        _require_staff(actor, "opening a referral")
        record = find_visible_patient(call.session, actor, patient)
        case = _new_case(
            call,
            CLOSED_LOOP_REFERRAL.key,
            "referral",
            record.id,
            {
                "specialty": specialty,
                "urgency": urgency,
                # The receipt step's clock: past it, the referral is flagged open-loop.
                "step_due_hours": {"receipt": _hours(open_loop_after)} if open_loop_after else {},
            },
            priority="high" if urgency == "urgent" else "normal",
        )
        open_step(call, case, "sent", due_in=URGENCIES[urgency], thread_id=thread_id)
        call.audit(object_id=case.id, patient_id=record.id, detail=urgency)
        return _view(call, case)


def change_pcp(
    ctx: ToolContext,
    actor: Actor,
    *,
    patient: int | str,
    provider: int | str,
    reason_code: str,
) -> CaseView:
    """A member-initiated PCP change: the reason captured, the change made from today,
    and member services asked to confirm it with the member."""
    _require_code(reason_code, MEMBER_CHANGE_REASONS, "reason_code")
    with ctx.write(actor, "case.pcp_change", "case") as call:
        _require_staff(actor, "changing a member's PCP")
        record = find_visible_patient(call.session, actor, patient)
        new = find_provider(call.session, provider)
        previous = current_pcp(call.session, record.id)
        case = _new_case(
            call,
            PCP_ATTRIBUTION.key,
            "member_change",
            record.id,
            {
                "reason_code": reason_code,
                "to_provider_id": new.id,
                "from_provider_id": previous.provider_id if previous else None,
            },
        )
        assign_pcp(
            call.session,
            patient_id=record.id,
            provider_id=new.id,
            source="member_choice",
            today=ctx.clock.today(),
            now=ctx.clock.now(),
            changed_by=actor.staff_id,
            reason_code=reason_code,
            case_id=case.id,
        )
        open_step(call, case, "member_confirmation")
        call.audit(object_id=case.id, patient_id=record.id, detail=reason_code)
        return _view(call, case)


def request_panel_removal(
    ctx: ToolContext,
    actor: Actor,
    *,
    patient: int | str,
    reason_code: str,
    disability: bool = False,
    thread_id: str | None = None,
) -> DecisionView:
    """A PCP asks to remove a member from the panel: Provider Services' manager decides.

    Nothing changes for the member until the decision is approved; then the assignment
    ends and Special Outreach (or, for a high-risk member, complex case management as a
    high-priority item) gets the member to a new PCP."""
    _require_code(reason_code, PANEL_REMOVAL_REASONS, "reason_code")
    with ctx.write(actor, "case.panel_removal_request", "case") as call:
        _require_staff(actor, "requesting a panel removal")
        record = find_visible_patient(call.session, actor, patient)
        assignment = current_pcp(call.session, record.id)
        if assignment is None:
            raise ToolError(
                f"patient {record.id} is not attributed to any PCP",
                rule="no_pcp",
                field="patient",
            )
        high_risk = is_high_risk(record.chronic_conditions, record.program, disability)
        case = _new_case(
            call,
            PCP_ATTRIBUTION.key,
            "panel_removal",
            record.id,
            {
                "reason_code": reason_code,
                "from_provider_id": assignment.provider_id,
                "high_risk": high_risk,
            },
            priority="high" if high_risk else "normal",
        )
        row = insert_request(
            call,
            kind=PANEL_REMOVAL_KIND,
            question=(
                # No chart code (PHI): each viewer reads the patient in
                # tools.decision_requests.wording, where their access allows.
                "Remove a member from "
                f"{find_provider(call.session, assignment.provider_id).name}'s panel "
                f"({PANEL_REMOVAL_REASONS[reason_code]})?"
                + (" The member is high-risk." if high_risk else "")
            ),
            owner_role=PANEL_REMOVAL_OWNER,
            due_in=PANEL_REMOVAL_DUE,
            evidence=(
                "On approval the member's attribution ends today and "
                + (
                    "complex case management gets a high-priority item to find a new PCP."
                    if high_risk
                    else "Special Outreach contacts the member to choose a new PCP."
                )
            ),
            arguments={
                "case_id": case.id,
                "patient_id": record.id,
                "provider_id": assignment.provider_id,
                "reason_code": reason_code,
            },
            thread_id=thread_id,
            patient_id=record.id,
            case_id=case.id,
        )
        call.audit(object_id=case.id, patient_id=record.id, detail=f"decision {row.id}")
        return view_of(row, ctx.clock.now())


def apply_panel_removal(call: Call, arguments: dict[str, Any]) -> dict[str, Any]:
    """Approved: end the attribution and hand the member to outreach (inside the answer)."""
    case = _case_for(call, arguments)
    assignment = current_pcp(call.session, case.patient_id or 0)
    if assignment is None or assignment.provider_id != arguments.get("provider_id"):
        raise ToolError(
            "the member's PCP changed since the request; reject it and ask again",
            rule="pcp_changed",
        )
    assignment.end_date = call.context.clock.today()
    data = case_data(case)
    step = "complex_case_management" if data.get("high_risk") else "special_outreach"
    handoff = open_step(call, case, step)
    return {"pcp_assignment_ended": assignment.id, "handoff_id": handoff.id}


def reject_panel_removal(call: Call, arguments: dict[str, Any]) -> dict[str, Any]:
    """Rejected: the member stays on the panel and the case closes."""
    case = _case_for(call, arguments)
    close_case(call, case, "removal not approved; the member stays on the panel")
    return {"case_closed": case.id}


def open_complaint(
    ctx: ToolContext, actor: Actor, *, patient: int | str, category: str
) -> CaseView:
    """A member complaint about attribution goes to grievance and appeals."""
    _require_code(category, dict.fromkeys(COMPLAINT_CATEGORIES, ""), "category")
    with ctx.write(actor, "case.complaint_open", "case") as call:
        _require_staff(actor, "logging a complaint")
        record = find_visible_patient(call.session, actor, patient)
        case = _new_case(call, PCP_ATTRIBUTION.key, "complaint", record.id, {"category": category})
        open_step(call, case, "complaint_review")
        call.audit(object_id=case.id, patient_id=record.id, detail=category)
        return _view(call, case)


def report_fwa(
    ctx: ToolContext, actor: Actor, *, category: str, patient: int | str | None = None
) -> CaseView:
    """A suspected fraud, waste or abuse case goes to special investigations at once."""
    _require_code(category, dict.fromkeys(FWA_CATEGORIES, ""), "category")
    with ctx.write(actor, "case.fwa_report", "case") as call:
        _require_staff(actor, "reporting fraud, waste or abuse")
        patient_id = (
            find_visible_patient(call.session, actor, patient).id if patient is not None else None
        )
        case = _new_case(
            call, PCP_ATTRIBUTION.key, "fwa", patient_id, {"category": category}, priority="high"
        )
        open_step(call, case, "fwa_investigation")
        call.audit(object_id=case.id, patient_id=patient_id, detail=category)
        return _view(call, case)


def get_case(ctx: ToolContext, actor: Actor, case_id: int) -> CaseView:
    with ctx.read(actor, "case.view", "case") as call:
        case = call.session.get(Case, case_id)
        if case is None or not _may_see_case(call, actor, case):
            raise NotFound(f"no case {case_id}", field="case")
        call.audit(object_id=case.id, patient_id=case.patient_id)
        return _view(call, case)


def list_cases(
    ctx: ToolContext, actor: Actor, *, workflow: str | None = None, open_only: bool = True
) -> list[CaseView]:
    with ctx.read(actor, "case.list", "case") as call:
        # Auditors read the audit trail, not the work (as with the patient panel).
        _require_staff(actor, "listing cases")
        query = select(Case).order_by(Case.opened_at.desc(), Case.id.desc())
        if workflow:
            query = query.where(Case.workflow == workflow)
        if open_only:
            query = query.where(Case.status == "open")
        views = [
            _view(call, c) for c in call.session.scalars(query) if _may_see_case(call, actor, c)
        ]
        call.audit(detail=f"{len(views)} cases")
        return views


def _may_see_case(call: Call, actor: Actor, case: Case) -> bool:
    if actor.role is Role.ADMIN or actor.staff_id == case.opened_by:
        return True
    if actor.role is Role.AUDITOR:
        return False
    holders = call.session.scalars(
        select(Handoff.holder_staff_id).where(Handoff.case_id == case.id)
    )
    if actor.staff_id in set(holders):
        return True
    if case.patient_id is None:
        return False
    try:
        find_visible_patient(call.session, actor, case.patient_id)
    except ToolError:
        return False
    return True


def _new_case(
    call: Call,
    workflow: str,
    kind: str,
    patient_id: int | None,
    data: dict[str, Any],
    *,
    priority: str = "normal",
) -> Case:
    case = Case(
        workflow=workflow,
        kind=kind,
        patient_id=patient_id,
        status="open",
        priority=priority,
        data=json.dumps(data, sort_keys=True),
        flags="[]",
        opened_by=call.actor.staff_id,
        opened_at=call.context.clock.now(),
    )
    call.session.add(case)
    call.session.flush()
    return case


def _case_for(call: Call, arguments: dict[str, Any]) -> Case:
    case = call.session.scalar(
        select(Case).where(Case.id == int(arguments.get("case_id", 0))).with_for_update()
    )
    if case is None or case.status != "open":
        raise ToolError("the case of this request is no longer open", rule="case_closed")
    return case


def _view(call: Call, case: Case) -> CaseView:
    now = call.context.clock.now()
    steps = call.session.scalars(
        select(Handoff).where(Handoff.case_id == case.id).order_by(Handoff.id)
    )
    opened_at = (
        case.opened_at if case.opened_at.tzinfo else case.opened_at.replace(tzinfo=now.tzinfo)
    )
    return CaseView(
        id=case.id,
        workflow=case.workflow,
        kind=case.kind,
        status=case.status,
        priority=case.priority,
        patient_id=case.patient_id,
        data=case_data(case),
        flags=tuple(json.loads(case.flags or "[]")),
        outcome=case.outcome,
        opened_by=case.opened_by,
        opened_at=opened_at,
        closed_at=case.closed_at,
        steps=tuple(handoff_view(call.session, h, now) for h in steps),
    )


def _require_staff(actor: Actor, what: str) -> None:
    require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what=what)


def _require_code(value: str, codes: dict[str, str], field: str) -> None:
    if value not in codes:
        raise ToolError(f"{field} must be one of {', '.join(codes)}", rule=field, field=field)


def _hours(span: timedelta | None) -> int | None:
    return None if span is None else max(1, round(span.total_seconds() / 3600))
