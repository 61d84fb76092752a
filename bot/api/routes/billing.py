"""Billing: the month summary (practice, coordinator, patient, with reasons), its CSV,
one patient's month, and the fee schedule (admins edit it here). Admins see everything,
supervisors their team; coordinators never see codes or amounts (the tool layer refuses
them)."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Path, Response

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.admin import BillingLinePublic, FeePublic, FeeUpdate, MonthSummaryPublic
from bot.api.schemas.fields import MonthPath
from tools.billing.fee_store import set_fee
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month, fee_schedule
from tools.errors import NotFound

router = APIRouter(prefix="/billing", tags=["billing"])
RESPONSES: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Billing is hidden from this role"},
    422: {"description": "Bad month"},
}
CSV_COLUMNS = (
    "month",
    "chart_code",
    "patient_id",
    "coordinator_id",
    "practitioner_id",
    "program",
    "staff_minutes",
    "physician_minutes",
    "codes",
    "billed",
    "reason",
    "estimated_amount_usd",
)


@router.get(
    "/months/{month}",
    response_model=MonthSummaryPublic,
    summary="The month's billing summary with the reason for every patient-month",
    responses=RESPONSES,
)
def month_summary(month: MonthPath, actor: CurrentActor, records: Records) -> MonthSummaryPublic:
    summary = billing_month(records, actor, BillingMonth.parse(month))
    return MonthSummaryPublic.model_validate(summary.as_dict())


@router.post(
    "/months/{month}/save",
    response_model=MonthSummaryPublic,
    summary="Store the month's summary rows (admins)",
    responses=RESPONSES,
)
def save_month(month: MonthPath, actor: CurrentActor, records: Records) -> MonthSummaryPublic:
    summary = billing_month(records, actor, BillingMonth.parse(month), save=True)
    return MonthSummaryPublic.model_validate(summary.as_dict())


@router.get(
    "/months/{month}/patients.csv",
    summary="The month's patient lines as CSV (a download)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **RESPONSES},
)
def month_csv(month: MonthPath, actor: CurrentActor, records: Records) -> Response:
    summary = billing_month(records, actor, BillingMonth.parse(month))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in summary.as_dict()["patients"]:
        writer.writerow({**row, "month": month, "codes": " ".join(row["codes"])})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="baton-billing-{month}.csv"'},
    )


@router.get(
    "/months/{month}/patients/{ref}",
    response_model=BillingLinePublic,
    summary="One patient's month: codes, minutes, amount and why",
    responses={**RESPONSES, 404: {"description": "Patient not in the month's billing"}},
)
def patient_month(
    month: MonthPath, ref: str, actor: CurrentActor, records: Records
) -> BillingLinePublic:
    summary = billing_month(records, actor, BillingMonth.parse(month))
    wanted = ref.strip().upper()
    for row in summary.as_dict()["patients"]:
        if str(row["patient_id"]) == wanted or row["chart_code"] == wanted:
            return BillingLinePublic.model_validate(row)
    raise NotFound(f"patient {ref} is not in the {month} billing you may see", field="ref")


@router.get(
    "/fee-schedule",
    response_model=list[FeePublic],
    summary="The fee schedule used for estimates",
    responses={401: RESPONSES[401], 403: RESPONSES[403]},
)
def fees(actor: CurrentActor, records: Records) -> list[FeePublic]:
    return [
        FeePublic(code=f.code, amount_usd=f"{f.amount:.2f}", year=f.year, source=f.source)
        for f in fee_schedule(records, actor)
    ]


@router.put(
    "/fee-schedule/{code}",
    response_model=FeePublic,
    summary="Add or change one code's amount (admins; audited)",
    responses={
        401: RESPONSES[401],
        403: {"description": "Not an admin"},
        422: {"description": "Bad code, amount or source"},
    },
)
def put_fee(
    code: Annotated[str, Path(max_length=10)],
    body: FeeUpdate,
    actor: CurrentActor,
    records: Records,
) -> FeePublic:
    fee = set_fee(records, actor, code, body.amount_usd, source=body.source)
    return FeePublic(
        code=fee.code, amount_usd=f"{fee.amount:.2f}", year=fee.year, source=fee.source
    )
