"""Tracked cases (closed-loop referrals, PCP attribution) and the requests that open them.

Cases carry codes and ids only: a reason is a code from ``GET /pcp/reasons``, a
specialty a word, so no free text (and no PHI) reaches a case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas.fields import PatientRef, Reference
from bot.api.schemas.handoffs import HandoffPublic

CODE_PATTERN = r"^[a-z_]{1,40}$"


class StepOutcomePublic(BaseModel):
    outcome: str
    leads_to: str | None = Field(description="The next step, or null when it closes the case")
    needs: list[str] = Field(description="Details to send with it, e.g. appointment_date")


class CaseStepPublic(HandoffPublic):
    """A step of a case is a tracked handoff; finish it with ``POST /handoffs/{id}/complete``
    naming one of ``outcomes`` (and the details it needs)."""

    outcomes: list[StepOutcomePublic]


class CasePublic(BaseModel):
    id: int
    workflow: str = Field(description="closed_loop_referral or pcp_attribution")
    workflow_name: str
    kind: str = Field(description="referral, member_change, panel_removal, complaint or fwa")
    status: str = Field(description="open, closed or cancelled")
    priority: str
    patient_id: int | None
    data: dict[str, Any] = Field(description="Codes and ids: specialty, reason_code, ...")
    flags: list[str]
    open_loop: bool = Field(description="A referral whose receipt was not confirmed in time")
    outcome: str | None
    opened_by: int | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    current_step: CaseStepPublic | None = Field(description="The open step, if any")
    steps: list[CaseStepPublic]


class ReferralCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient: PatientRef
    specialty: str = Field(min_length=1, max_length=60, description="e.g. cardiology")
    urgency: Literal["routine", "urgent"] = "routine"
    open_loop_days: float | None = Field(
        default=None,
        gt=0,
        le=60,
        allow_inf_nan=False,
        description="Flag it open-loop when receipt is not confirmed in this many days "
        "(default: the step's 2 days)",
    )


class PcpChangeCreate(BaseModel):
    """A member-initiated PCP change."""

    model_config = ConfigDict(extra="forbid")

    patient: PatientRef
    provider: Reference = Field(description="Provider id, NPI or exact name")
    reason_code: str = Field(pattern=CODE_PATTERN, description="See GET /pcp/reasons")


class PanelRemovalCreate(BaseModel):
    """A PCP asks to remove a member from the panel; the Provider services manager decides."""

    model_config = ConfigDict(extra="forbid")

    patient: PatientRef
    reason_code: str = Field(pattern=CODE_PATTERN, description="See GET /pcp/reasons")
    disability: bool = Field(default=False, description="The member has a disability")


class ComplaintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient: PatientRef
    category: str = Field(pattern=CODE_PATTERN, description="See GET /pcp/reasons")


class FwaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(pattern=CODE_PATTERN, description="See GET /pcp/reasons")
    patient: PatientRef | None = None


class CodePublic(BaseModel):
    code: str
    label: str


class PcpReasonsPublic(BaseModel):
    """The codes the PCP endpoints accept, for pickers."""

    member_change: list[CodePublic]
    panel_removal: list[CodePublic]
    complaint_categories: list[CodePublic]
    fwa_categories: list[CodePublic]
