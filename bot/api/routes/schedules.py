"""Automated (scheduled) tasks: the list, completing one, generating a period."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.fields import Day, IdFilter, IdPath
from bot.api.schemas.records import (
    GenerateCreate,
    GenerationPublic,
    ScheduledComplete,
    ScheduledPublic,
    TaskPublic,
)
from tools.billing.month import BillingMonth
from tools.errors import ToolError
from tools.fields import id_or_name
from tools.schedules.service import (
    complete_scheduled,
    generate_month,
    generate_week,
    list_scheduled,
)

router = APIRouter(prefix="/scheduled-tasks", tags=["scheduled tasks"])
DENIED: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Not allowed"},
}


@router.get(
    "",
    response_model=list[ScheduledPublic],
    summary="Generated tasks you may see, due first",
    responses={
        **DENIED,
        404: {"description": "No such patient"},
        422: {"description": "Bad filter"},
    },
)
def listing(
    actor: CurrentActor,
    records: Records,
    due_on_or_before: Annotated[Day | None, Query()] = None,
    status: Literal["pending", "done", "all"] = "pending",
    coordinator_id: IdFilter = None,
    patient: Annotated[str | None, Query(max_length=40)] = None,
) -> list[ScheduledPublic]:
    ref = id_or_name(patient) if patient else patient
    found = list_scheduled(
        records,
        actor,
        due_on_or_before=due_on_or_before,
        status=None if status == "all" else status,
        coordinator_id=coordinator_id,
        patient=ref or None,
    )
    return [ScheduledPublic(**asdict(s)) for s in found]


@router.post(
    "/{scheduled_id}/complete",
    response_model=TaskPublic,
    status_code=201,
    summary="Complete a generated task by logging the time it took",
    responses={
        **DENIED,
        404: {"description": "No such scheduled task"},
        409: {"description": "Needs confirmation: resend with confirm=true"},
        422: {"description": "A rule refused the entry, or the task is already done"},
    },
)
def complete(
    scheduled_id: IdPath, body: ScheduledComplete, actor: CurrentActor, records: Records
) -> TaskPublic:
    logged = complete_scheduled(
        records,
        actor,
        scheduled_id,
        minutes=body.minutes,
        notes=body.notes,
        task_date=body.task_date,
        confirm=body.confirm,
    )
    return TaskPublic(**asdict(logged))


@router.post(
    "/generate",
    response_model=GenerationPublic,
    summary="Generate the monthly or weekly task set (admins; idempotent)",
    responses={**DENIED, 422: {"description": "Give exactly one of month or week"}},
)
def generate(body: GenerateCreate, actor: CurrentActor, records: Records) -> GenerationPublic:
    if (body.month is None) == (body.week is None):
        raise ToolError("give exactly one of month or week", rule="period", field="month")
    if body.month is not None:
        result = generate_month(records, actor, BillingMonth.parse(body.month))
    else:
        assert body.week is not None  # exactly one of month and week was given
        result = generate_week(records, actor, body.week)
    return GenerationPublic(**asdict(result))
