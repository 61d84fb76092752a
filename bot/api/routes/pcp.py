"""PCP attribution: a member's PCP change, a PCP's panel removal, complaints and suspected
fraud, waste or abuse, each a tracked case; and the codes they accept.

A panel removal is a final decision: it answers 202 with the decision request for the
Provider services manager, and nothing changes for the member until it is approved.
Reasons and categories are codes (``GET /pcp/reasons``), never free text.
"""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.routes.cases import case_public, reference
from bot.api.routes.decisions import public as decision_public
from bot.api.schemas.admin import DecisionRequested
from bot.api.schemas.cases import (
    CasePublic,
    CodePublic,
    ComplaintCreate,
    FwaCreate,
    PanelRemovalCreate,
    PcpChangeCreate,
    PcpReasonsPublic,
)
from tools.cases.definitions import MEMBER_CHANGE_REASONS, PANEL_REMOVAL_REASONS
from tools.cases.service import (
    COMPLAINT_CATEGORIES,
    FWA_CATEGORIES,
    change_pcp,
    open_complaint,
    report_fwa,
    request_panel_removal,
)

router = APIRouter(prefix="/pcp", tags=["cases"])
OPENS_A_CASE: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Auditors, or a patient you may not see"},
    404: {"description": "No such patient or provider"},
    422: {"description": "An unknown code, or nobody fills the step's role"},
}


def _codes(labels: dict[str, str]) -> list[CodePublic]:
    return [CodePublic(code=code, label=label) for code, label in labels.items()]


def _named(codes: tuple[str, ...]) -> list[CodePublic]:
    return [CodePublic(code=code, label=code.replace("_", " ")) for code in codes]


@router.get(
    "/reasons",
    response_model=PcpReasonsPublic,
    summary="Reason codes and categories the PCP endpoints accept",
    responses={401: {"description": "No valid API token"}},
)
def reasons(_actor: CurrentActor) -> PcpReasonsPublic:
    return PcpReasonsPublic(
        member_change=_codes(MEMBER_CHANGE_REASONS),
        panel_removal=_codes(PANEL_REMOVAL_REASONS),
        complaint_categories=_named(COMPLAINT_CATEGORIES),
        fwa_categories=_named(FWA_CATEGORIES),
    )


@router.post(
    "/changes",
    response_model=CasePublic,
    status_code=201,
    summary="A member-initiated PCP change: made from today, confirmed by member services",
    responses=OPENS_A_CASE,
)
def change(body: PcpChangeCreate, actor: CurrentActor, records: Records) -> CasePublic:
    case = change_pcp(
        records,
        actor,
        patient=reference(body.patient),
        provider=reference(body.provider),
        reason_code=body.reason_code,
    )
    return case_public(case, records.clock.now())


@router.post(
    "/removals",
    response_model=DecisionRequested,
    status_code=202,
    summary="A PCP asks to remove a member from the panel: sent for a decision",
    responses={
        **OPENS_A_CASE,
        404: {"description": "No such patient"},
        422: {"description": "An unknown reason code, or the member has no PCP"},
    },
)
def removal(body: PanelRemovalCreate, actor: CurrentActor, records: Records) -> DecisionRequested:
    asked = request_panel_removal(
        records,
        actor,
        patient=reference(body.patient),
        reason_code=body.reason_code,
        disability=body.disability,
    )
    return DecisionRequested(
        message=(
            f"Sent to the {asked.owner_role} as decision request #{asked.id} (case "
            f"#{asked.case_id}); nothing changes for the member until it is approved."
        ),
        decision=decision_public(records, actor, asked),
    )


@router.post(
    "/complaints",
    response_model=CasePublic,
    status_code=201,
    summary="A member's complaint about attribution, for grievance and appeals",
    responses=OPENS_A_CASE,
)
def complaint(body: ComplaintCreate, actor: CurrentActor, records: Records) -> CasePublic:
    case = open_complaint(records, actor, patient=reference(body.patient), category=body.category)
    return case_public(case, records.clock.now())


@router.post(
    "/fwa",
    response_model=CasePublic,
    status_code=201,
    summary="Suspected fraud, waste or abuse, for special investigations",
    responses=OPENS_A_CASE,
)
def fwa(body: FwaCreate, actor: CurrentActor, records: Records) -> CasePublic:
    patient = reference(body.patient) if body.patient is not None else None
    case = report_fwa(records, actor, category=body.category, patient=patient)
    return case_public(case, records.clock.now())
