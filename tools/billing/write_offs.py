"""Writing off a patient-month's care-management charge: requested, then decided by a human.

The handoff map gives write-offs to the Revenue cycle director within the director's
approval limit and to the CFO above it. Baton checks the request (the patient-month
billed, the amount no more than what is left of its estimate), opens the decision
request for the right role, and records the adjustment only when it is approved, in the
same transaction as the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import func, select

from tools.access import Actor, require_billing
from tools.billing.errors import BillingError
from tools.billing.month import BillingMonth
from tools.billing.service import patient_month_estimate
from tools.context import Call, ToolContext
from tools.decision_requests.records import DecisionView, insert_request, view_of
from tools.errors import ToolError, refusal_from_validation
from tools.patients import find_visible_patient
from tools.store.models import BillingAdjustment

KIND = "billing.write_off"
DIRECTOR_ROLE = "Revenue cycle director"
ABOVE_LIMIT_ROLE = "CFO"
DECISION_DUE = timedelta(hours=72)
EDITABLE = frozenset({"amount_usd", "reason_code"})
# Why a balance is written off; codes only, so no free text (and no PHI) is stored.
REASON_CODES = {
    "timely_filing": "claim not filed in time",
    "denied_not_appealable": "denied, no further appeal",
    "small_balance": "small balance below the collection threshold",
    "hardship": "financial hardship (policy on file)",
    "consent_missing": "consent not documented for the month",
    "other": "other (explained in the decision comment)",
}


class WriteOffArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient_id: int
    month: str
    amount_usd: Decimal
    reason_code: str

    @field_validator("amount_usd")
    @classmethod
    def _positive_cents(cls, value: Decimal) -> Decimal:
        if value <= 0 or value != value.quantize(Decimal("0.01")):
            raise ValueError("a positive amount in dollars and cents")
        return value

    @field_validator("reason_code")
    @classmethod
    def _known_reason(cls, value: str) -> str:
        if value not in REASON_CODES:
            raise ValueError(f"one of {', '.join(REASON_CODES)}")
        return value


@dataclass(frozen=True)
class WriteOff:
    id: int
    patient_id: int
    month: str
    amount_usd: Decimal
    reason_code: str
    decision_id: int
    approved_by: int
    recorded_at: datetime


def request_write_off(
    ctx: ToolContext,
    actor: Actor,
    *,
    patient: int | str,
    month: str,
    amount_usd: str | Decimal,
    reason_code: str,
    thread_id: str | None = None,
) -> DecisionView:
    """Ask the director (or the CFO above the director's limit) to approve a write-off."""
    with ctx.write(actor, "billing.write_off_request", "decision_request") as call:
        require_billing(actor)
        record = find_visible_patient(call.session, actor, patient)
        arguments = _parse(
            {
                "patient_id": record.id,
                "month": month,
                "amount_usd": _decimal(amount_usd),
                "reason_code": reason_code,
            }
        )
        left = _left_to_write_off(call, actor, arguments)
        if arguments.amount_usd > left:
            raise ToolError(
                f"patient-month {record.id}/{arguments.month} has ${left:.2f} left to write "
                f"off; ${arguments.amount_usd:.2f} is more",
                rule="write_off_too_large",
                field="amount_usd",
            )
        limit = ctx.write_off_director_limit
        owner_role = DIRECTOR_ROLE if arguments.amount_usd <= limit else ABOVE_LIMIT_ROLE
        row = insert_request(
            call,
            kind=KIND,
            question=write_off_question(
                arguments, record.coordinator.name if record.coordinator else None
            ),
            owner_role=owner_role,
            due_in=DECISION_DUE,
            options=("approve", "reject", "edit"),
            evidence=(
                f"Estimated charge left for the month: ${left:.2f}. The director's approval "
                f"limit is ${limit:.2f}; above it the CFO decides."
            ),
            arguments=arguments.model_dump(mode="json"),
            thread_id=thread_id,
            patient_id=record.id,
        )
        call.audit(object_id=row.id, patient_id=record.id, detail=f"${arguments.amount_usd:.2f}")
        return view_of(row, ctx.clock.now())


def write_off_question(arguments: WriteOffArguments, coordinator: str | None) -> str:
    """The stored question: no chart code and no month of service (PHI, 45 CFR
    164.514(b)(2)); each viewer reads those in ``tools.decision_requests.wording``, the
    chart code only where their access allows."""
    whose = f"a patient on {coordinator}'s panel" if coordinator else "a patient"
    return (
        f"Write off ${arguments.amount_usd:.2f} of the care-management charge of {whose} "
        f"({REASON_CODES[arguments.reason_code]})?"
    )


def apply_write_off(call: Call, arguments: dict[str, Any], decision_id: int) -> dict[str, Any]:
    """Record the approved write-off as the deciding person, re-checking what is left."""
    checked = _parse(arguments)
    # The decider may not be on the patient's team: the request itself authorizes them to
    # see this one patient-month, so the estimate is read without the team filter.
    left = _left_to_write_off(call, Actor.system(call.actor.channel), checked)
    if checked.amount_usd > left:
        raise ToolError(
            f"only ${left:.2f} is left to write off now",
            rule="write_off_too_large",
            field="amount_usd",
        )
    row = BillingAdjustment(
        patient_id=checked.patient_id,
        month=checked.month,
        amount_usd=checked.amount_usd,
        reason_code=checked.reason_code,
        decision_id=decision_id,
        approved_by=call.actor.staff_id,
        recorded_at=call.context.clock.now(),
    )
    call.session.add(row)
    call.session.flush()
    return {"billing_adjustment_id": row.id, "amount_usd": f"{checked.amount_usd:.2f}"}


def write_offs_for_month(ctx: ToolContext, actor: Actor, month: str) -> list[WriteOff]:
    with ctx.read(actor, "billing.write_offs", "billing_adjustment") as call:
        require_billing(actor)
        wanted = str(_month(month))
        rows = call.session.scalars(
            select(BillingAdjustment)
            .where(BillingAdjustment.month == wanted)
            .order_by(BillingAdjustment.id)
        ).all()
        visible = []
        for row in rows:
            try:
                find_visible_patient(call.session, actor, row.patient_id)
            except ToolError:
                continue
            visible.append(
                WriteOff(
                    row.id,
                    row.patient_id,
                    row.month,
                    row.amount_usd,
                    row.reason_code,
                    row.decision_id,
                    row.approved_by,
                    row.recorded_at,
                )
            )
        call.audit(object_id=wanted, detail=f"{len(visible)} write-offs")
        return visible


def _left_to_write_off(call: Call, actor: Actor, arguments: WriteOffArguments) -> Decimal:
    month = _month(arguments.month)
    decision, amount = patient_month_estimate(
        call.session, actor, month, arguments.patient_id, call.context.fees
    )
    if decision is None or not decision.billed:
        raise ToolError(
            f"patient {arguments.patient_id} has no billed care management in {month}"
            + (f" ({decision.reason})" if decision else ""),
            rule="not_billed",
            field="month",
        )
    done = call.session.execute(
        select(func.coalesce(func.sum(BillingAdjustment.amount_usd), 0)).where(
            BillingAdjustment.patient_id == arguments.patient_id,
            BillingAdjustment.month == str(month),
        )
    ).scalar_one()  # an aggregate: always one row
    return (amount - Decimal(done)).quantize(Decimal("0.01"))


def _parse(arguments: dict[str, Any]) -> WriteOffArguments:
    try:
        return WriteOffArguments.model_validate(arguments)
    except ValidationError as error:
        raise refusal_from_validation(error, "write_off_invalid") from None


def _decimal(value: str | Decimal) -> Decimal | str:
    try:
        return Decimal(str(value).strip().lstrip("$"))
    except InvalidOperation:
        return str(value)  # pydantic names the field and the problem


def _month(text: str) -> BillingMonth:
    try:
        return BillingMonth.parse(text)
    except BillingError:
        # Not the parser's message: it quotes what was typed.
        raise ToolError(
            "month must be YYYY-MM, e.g. 2026-10", rule="month", field="month"
        ) from None
