"""Patients, the panel, time entries and scheduled tasks."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from bot.api.schemas.fields import Day, Minutes, Month, PatientRef, StoreId


class PanelRowPublic(BaseModel):
    patient_id: int
    name: str
    chart_code: str
    status: str
    coordinator_id: int | None
    provider: str | None
    facility: str | None
    program: str | None
    last_visit: dt.date | None
    next_visit_due: dt.date | None
    visit_status: str = Field(description="overdue, due_soon or current")
    open_care_gaps: int
    monthly_tasks_done: int
    monthly_tasks_total: int
    minutes_this_month: int
    last_activity: dt.date | None
    monthly_tasks_overdue: int = Field(0, description="the month's tasks past due, not done")
    completion: str | None = Field(description="low (<50%), medium (50-80%), high (>80%)")


class TaskCreate(BaseModel):
    """A time entry. The tool checks the rules (5-120 minutes, 480 a day, ...)."""

    coordinator_id: StoreId | None = Field(
        default=None, description="Whose time; default: the caller (a coordinator)"
    )
    patient: PatientRef
    task_type: str = Field(min_length=1, max_length=200)
    minutes: Minutes
    task_date: Day | None = Field(default=None, description="Default: today")
    notes: str = Field(default="", max_length=4000)
    confirm: bool = Field(default=False, description="Confirm time over twice the average")


class TaskUpdate(BaseModel):
    minutes: Minutes | None = None
    task_type: str | None = Field(default=None, min_length=1, max_length=200)
    task_date: Day | None = None
    notes: str | None = Field(default=None, max_length=4000)
    confirm: bool = False


class TaskPublic(BaseModel):
    id: int
    coordinator_id: int
    patient_id: int
    chart_code: str
    task_type: str
    category: str
    minutes: int
    task_date: dt.date
    notes: str
    version: int
    minutes_that_day: int = Field(description="The coordinator's minutes that day (on writes)")


class TaskRevisionPublic(BaseModel):
    version: int
    change: str
    minutes: int
    notes: str
    task_date: dt.date
    changed_by: int | None
    changed_at: dt.datetime


class TaskTypePublic(BaseModel):
    name: str
    category: str
    average_minutes: int
    program: str | None


class ScheduledPublic(BaseModel):
    id: int
    patient_id: int
    chart_code: str
    coordinator_id: int
    task_type: str
    period: str
    due_date: dt.date
    estimated_minutes: int
    priority: str
    status: str


class ScheduledComplete(BaseModel):
    minutes: Minutes
    notes: str = Field(default="", max_length=4000)
    task_date: Day | None = None
    confirm: bool = False


class GenerateCreate(BaseModel):
    month: Month | None = None
    week: Day | None = Field(default=None, description="Any day of the week")


class GenerationPublic(BaseModel):
    period: str
    created: int
    already_there: int


class CoordinatorMetricsPublic(BaseModel):
    coordinator_id: int
    name: str
    month: str
    total_tasks: int
    total_minutes: int
    average_task_minutes: float
    patients_served: int
    total_patients: int
    patient_coverage_pct: float
    task_completion_pct: float | None


class SignOffRequested(BaseModel):
    """A coordinator's confirmed entry over twice the average waits for a sign-off."""

    message: str
    decision_id: int
    owner_role: str = Field(description="Who signs it off (the team supervisor's role)")
