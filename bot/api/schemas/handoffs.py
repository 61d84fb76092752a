"""Tracked handoffs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas.fields import Day, Hours, PatientRef, Reference


class HandoffCreate(BaseModel):
    """A boundary to track: its owner role, clock and exception path. Texts are redacted."""

    title: str = Field(min_length=1, max_length=500)
    owner_role: str = Field(min_length=1, max_length=100, description="A handoff-map role")
    due_in_hours: Hours = Field(description="When it must be done")
    escalate_after_hours: Hours = Field(description="Overdue this long: escalated")
    escalate_to_role: str | None = Field(default=None, max_length=100)
    entry_conditions: list[str] = Field(default_factory=list, max_length=20)
    waiting_on: str = Field(default="", max_length=4000)
    outcome_target: str = Field(default="", max_length=4000)
    priority: str = "normal"
    patient: PatientRef | None = None


class StepDetails(BaseModel):
    """What some outcomes of a case step need (``GET /cases/{id}`` lists them per outcome).

    Typed values, not free text: a date and a provider reference are checked, never
    stored as text, so they do not pass the PHI guard (which would take the date for one).
    """

    model_config = ConfigDict(extra="forbid")

    appointment_date: Day | None = Field(
        default=None, description="Outcome 'scheduled' of a referral: the appointment day"
    )
    provider: Reference | None = Field(
        default=None,
        description="Outcome 'new_pcp_chosen': the new PCP's id, NPI or exact name",
    )

    def as_strings(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.model_dump(exclude_none=True).items()}


class HandoffComplete(BaseModel):
    outcome: str | None = Field(
        default=None,
        max_length=40,
        description="For a step of a case: one of its outcomes (GET /cases/{id}); otherwise "
        "'done' or nothing",
    )
    result: str = Field(default="", max_length=2000, description="What was done (redacted)")
    details: StepDetails = Field(default_factory=StepDetails)


class HandoffCancel(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class PlanHandoffsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    boundaries: list[Annotated[int, Field(ge=1, le=50)]] = Field(
        default_factory=list,
        max_length=20,
        description="The plan's handoff numbers to track (1-based); empty: all of them",
    )


class BoundaryNotOpenedPublic(BaseModel):
    boundary: int = Field(description="The handoff's number in the plan")
    name: str | None = Field(description="The boundary's name (null: the plan has no such one)")
    reason: str
    rule: str = Field(description="The rule that refused it, e.g. owner_unfilled")


class TransitionPublic(BaseModel):
    from_status: str | None
    to_status: str
    holder_staff_id: int | None
    actor_id: int | None
    at: dt.datetime
    note: str


class HandoffPublic(BaseModel):
    id: int
    case_id: int | None
    step: str | None
    title: str
    status: str = Field(description="open, accepted, done, stalled, escalated or cancelled")
    priority: str
    owner_role: str
    escalate_to_role: str | None
    holder_staff_id: int | None
    holder_name: str | None
    since: dt.datetime = Field(description="When it reached its status (the clock's start)")
    due_at: dt.datetime
    urgency: str
    waiting_on: str
    entry_conditions: list[str]
    outcome_target: str
    result: str | None
    escalation_level: int
    patient_id: int | None
    thread_id: str | None
    opened_by: int | None
    opened_at: dt.datetime
    history: list[TransitionPublic]
    status_line: str = Field(description="Who has it, since when, and what it waits on")


class PlanHandoffsPublic(BaseModel):
    opened: list[HandoffPublic]
    not_opened: list[BoundaryNotOpenedPublic] = Field(
        description="Boundaries that could not be tracked, with why (e.g. nobody fills the role)"
    )
