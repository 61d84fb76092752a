"""Billing, decisions, owners, staff and audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas.chat import TurnPublic
from bot.api.schemas.fields import Month, PatientRef, StoreId


class TotalsPublic(BaseModel):
    patients: int
    billed_patients: int
    minutes: int
    estimated_amount_usd: str
    codes: dict[str, int]


class BillingLinePublic(BaseModel):
    patient_id: int
    chart_code: str
    coordinator_id: int | None
    practitioner_id: int | None
    program: str | None
    staff_minutes: int
    physician_minutes: int
    codes: list[str]
    billed: bool
    reason: str = Field(description="Why the patient-month did or did not bill")
    estimated_amount_usd: str


class MonthSummaryPublic(BaseModel):
    month: str
    fee_schedule_year: int
    practice: TotalsPublic
    by_coordinator: dict[str, TotalsPublic]
    patients: list[BillingLinePublic]
    missing_fees: list[str]


class FeePublic(BaseModel):
    code: str
    amount_usd: str
    year: int
    source: str


class FeeUpdate(BaseModel):
    """A code's amount in dollars (``"60.49"``) and where the figure comes from."""

    model_config = ConfigDict(extra="forbid")

    amount_usd: str = Field(max_length=20, examples=["60.49"])
    source: str = Field(max_length=200, examples=["CMS PFS 2025 national non-facility"])


class DecisionWordsPublic(BaseModel):
    """The request in plain words for the caller: the chart code only where the caller
    may see the patient, otherwise whose panel the patient is on."""

    title: str
    asker: str = Field(description="Who asks, with their role")
    deciders: str = Field(description="Who decides: the owner, then backup and chain")
    patient: str = Field(description='Chart code, or e.g. "a patient on Ana Coord\'s panel"')
    change: str = Field(description="What exactly would change")
    why: str = Field(description="Why a person must decide (the rule)")
    deadline: str
    answered: str = Field(description="Who decided and when; empty while open")


class DecisionPublic(BaseModel):
    id: int
    thread_id: str | None
    kind: str
    question: str
    options: list[str]
    evidence: str
    arguments: dict[str, Any]
    owner_role: str
    owner_staff_id: int | None
    requester_id: int | None
    patient_id: int | None
    case_id: int | None
    status: str
    urgency: str = Field(description="pending, due_soon, overdue, or the final status")
    due_at: dt.datetime
    created_at: dt.datetime
    decided_by: int | None
    decided_at: dt.datetime | None
    comment: str
    edited_arguments: dict[str, Any] | None
    result: dict[str, Any] | None = Field(description="What was carried out once approved")
    escalation_level: int
    open: bool
    summary: str = Field(description="The request in one plain paragraph, for the caller")
    words: DecisionWordsPublic


class DecisionAnswer(BaseModel):
    answer: str = Field(description="approve, reject, edit or respond")
    comment: str = Field(default="", max_length=4000, description="Required to reject or respond")
    edited: dict[str, Any] | None = Field(default=None, description="Changed arguments (edit)")


class DecisionAnswered(BaseModel):
    decision: DecisionPublic
    thread: TurnPublic | None = Field(
        description="The requester's conversation after it resumed, when it was waiting"
    )


class DecisionRequested(BaseModel):
    """A request sent for a human decision (202): nothing changes until it is answered."""

    message: str
    decision: DecisionPublic


class WriteOffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient: PatientRef
    month: Month
    amount_usd: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    reason_code: str = Field(
        pattern=r"^[a-z_]{1,40}$", description="See GET /billing/write-off-reasons"
    )


class WriteOffPublic(BaseModel):
    id: int
    patient_id: int
    month: str
    amount_usd: str
    reason_code: str
    decision_id: int
    approved_by: int
    recorded_at: dt.datetime


class OwnerPublic(BaseModel):
    role: str
    primary: int | None
    backup: int | None
    chain: list[int]


class OwnerUpdate(BaseModel):
    primary: StoreId | None
    backup: StoreId | None = None
    chain: list[StoreId] = Field(default_factory=list, max_length=20)


class StaffPublic(BaseModel):
    id: int
    name: str
    role: str
    team: str | None
    active: bool


class MePublic(BaseModel):
    staff_id: int | None
    name: str
    role: str
    team: str | None


class AuditEventPublic(BaseModel):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor: str
    role: str
    action: str
    object_type: str
    object_id: str | None
    patient_id: int | None
    channel: str
    outcome: str
    detail: str


class AnchorPublic(BaseModel):
    """The chain's head as anchored outside the database (``baton audit anchor``)."""

    last_id: int
    last_hash: str
    events: int
    at: dt.datetime


class VerificationPublic(BaseModel):
    intact: bool
    events: int
    last_id: int = Field(description="The newest event's id (0: no events)")
    head_hash: str
    problems: list[str]
    anchor: AnchorPublic | None = Field(
        description="The last anchor in BATON_AUDIT_ANCHOR_FILE the trail was compared "
        "with; null when none is configured or taken yet"
    )


class HealthPublic(BaseModel):
    status: str


class ReadyPublic(BaseModel):
    status: str
    checks: dict[str, str]
