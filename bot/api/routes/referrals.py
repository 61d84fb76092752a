"""Closed-loop referrals: ``POST /referrals`` opens one as a tracked case.

sent → receipt confirmed → appointment scheduled → visit completed → outcome back to the
referrer, each step a tracked handoff for its owner role; a receipt not confirmed within
``open_loop_days`` flags the referral open-loop.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.routes.cases import case_public, reference
from bot.api.schemas.cases import CasePublic, ReferralCreate
from tools.cases.service import open_referral
from tools.errors import ToolError

router = APIRouter(prefix="/referrals", tags=["cases"])


@router.post(
    "",
    response_model=CasePublic,
    status_code=201,
    summary="Open a closed-loop referral (its first step goes to the referral lead)",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "Auditors, or a patient you may not see"},
        404: {"description": "No such patient"},
        422: {"description": "Bad specialty, urgency or clock, or nobody fills the step's role"},
    },
)
def create(body: ReferralCreate, actor: CurrentActor, records: Records) -> CasePublic:
    # The specialty is a word; the tool refuses a name typed there (the PHI guard finds it).
    days = body.open_loop_days
    try:
        case = open_referral(
            records,
            actor,
            patient=reference(body.patient),
            specialty=body.specialty,
            urgency=body.urgency,
            open_loop_after=timedelta(days=days) if days else None,
        )
    except ToolError as error:
        if error.field != "open_loop_after":
            raise
        raise ToolError(str(error), rule=error.rule, field="open_loop_days") from None
    return case_public(case, records.clock.now())
