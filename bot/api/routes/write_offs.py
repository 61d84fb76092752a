"""Write-offs of a patient-month's care-management charge.

A write-off is a final decision: ``POST /billing/write-offs`` answers 202 with the
decision request for the Revenue cycle director (the CFO above the director's limit),
and the adjustment is recorded only when it is approved. Reasons are codes
(``GET /billing/write-off-reasons``). Billing roles only, as for the rest of billing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.routes.cases import reference
from bot.api.routes.decisions import public as decision_public
from bot.api.schemas.admin import DecisionRequested, WriteOffCreate, WriteOffPublic
from bot.api.schemas.cases import CodePublic
from bot.api.schemas.fields import MonthPath
from tools.billing.write_offs import REASON_CODES, request_write_off, write_offs_for_month

router = APIRouter(prefix="/billing", tags=["billing"])
DENIED: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Billing is hidden from this role"},
}


@router.get(
    "/write-off-reasons",
    response_model=list[CodePublic],
    summary="The reason codes a write-off accepts",
    responses={401: DENIED[401]},
)
def reasons(_actor: CurrentActor) -> list[CodePublic]:
    return [CodePublic(code=code, label=label) for code, label in REASON_CODES.items()]


@router.post(
    "/write-offs",
    response_model=DecisionRequested,
    status_code=202,
    summary="Ask for a write-off: sent to the Revenue cycle director (or the CFO) to decide",
    responses={
        **DENIED,
        404: {"description": "No such patient"},
        422: {"description": "Bad month, amount or reason; not billed; more than is left"},
    },
)
def ask(body: WriteOffCreate, actor: CurrentActor, records: Records) -> DecisionRequested:
    asked = request_write_off(
        records,
        actor,
        patient=reference(body.patient),
        month=body.month,
        amount_usd=body.amount_usd,
        reason_code=body.reason_code,
    )
    return DecisionRequested(
        message=(
            f"Sent to the {asked.owner_role} as decision request #{asked.id}; nothing is "
            "written off until it is approved."
        ),
        decision=decision_public(records, actor, asked),
    )


@router.get(
    "/{month}/write-offs",
    response_model=list[WriteOffPublic],
    summary="Approved write-offs of a month (patients you may see)",
    responses={**DENIED, 422: {"description": "Bad month"}},
)
def for_month(month: MonthPath, actor: CurrentActor, records: Records) -> list[WriteOffPublic]:
    return [
        WriteOffPublic(
            id=w.id,
            patient_id=w.patient_id,
            month=w.month,
            amount_usd=f"{w.amount_usd:.2f}",
            reason_code=w.reason_code,
            decision_id=w.decision_id,
            approved_by=w.approved_by,
            recorded_at=_utc(w.recorded_at),
        )
        for w in write_offs_for_month(records, actor, month)
    ]


def _utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone columns; they are stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
