"""Tracked handoffs."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class HandoffCreate(BaseModel):
    """A boundary to track: its owner role, clock and exception path. Texts are redacted."""

    title: str = Field(min_length=1, max_length=500)
    owner_role: str = Field(min_length=1, max_length=100, description="A handoff-map role")
    due_in_hours: float = Field(gt=0, description="When it must be done")
    escalate_after_hours: float = Field(gt=0, description="Overdue this long: escalated")
    escalate_to_role: str | None = Field(default=None, max_length=100)
    entry_conditions: list[str] = Field(default_factory=list, max_length=20)
    waiting_on: str = Field(default="", max_length=4000)
    outcome_target: str = Field(default="", max_length=4000)
    priority: str = "normal"
    patient: int | str | None = Field(default=None, description="Patient id or chart code")


class HandoffComplete(BaseModel):
    outcome: str | None = Field(default=None, description="For a step of a case: its outcome")
    result: str = Field(default="", max_length=2000)
    details: dict[str, str] = Field(default_factory=dict)


class HandoffCancel(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


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
