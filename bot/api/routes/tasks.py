"""The task log (Tab 2): log, edit, delete and list time entries, and their history.

A rule that refuses an entry answers 422 naming the field (``loc``) and the rule
(``type``); an entry over twice the task's average answers 409 with ``"confirm": true``:
send it again with ``"confirm": true`` once the user has confirmed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.fields import Day, IdFilter, IdPath
from bot.api.schemas.records import (
    SignOffRequested,
    TaskCreate,
    TaskPublic,
    TaskRevisionPublic,
    TaskUpdate,
)
from tools.access import Role
from tools.billing.month import BillingMonth
from tools.errors import ToolError
from tools.fields import MONTH_PATTERN, id_or_name
from tools.tasks.recording import SentForSignOff, TimeToLog, record_time
from tools.tasks.service import delete_task, edit_task, list_tasks, task_history

router = APIRouter(prefix="/tasks", tags=["tasks"])
WRITE_RESPONSES: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Not your patient or coordinator"},
    404: {"description": "No such entry, patient, coordinator or task type"},
    409: {"description": "Needs confirmation: resend with confirm=true"},
    422: {"description": "A rule refused the entry (loc names the field)"},
}


def _public(task) -> TaskPublic:
    return TaskPublic(**asdict(task))


@router.post(
    "",
    response_model=TaskPublic,
    status_code=201,
    summary="Log time",
    responses={
        **WRITE_RESPONSES,
        202: {
            "model": SignOffRequested,
            "description": "A coordinator's confirmed entry over twice the average: sent to "
            "the team supervisor for sign-off; logged once approved",
        },
    },
)
def create(body: TaskCreate, actor: CurrentActor, records: Records) -> Any:
    coordinator = body.coordinator_id
    if coordinator is None:
        if actor.role is not Role.COORDINATOR:
            raise ToolError(
                "say whose time this is (coordinator_id)", rule="required", field="coordinator_id"
            )
        coordinator = actor.staff_id
    patient = id_or_name(body.patient) if isinstance(body.patient, str) else body.patient
    entry = TimeToLog(
        coordinator_id=int(coordinator or 0),
        patient=patient,
        task_type=body.task_type,
        minutes=body.minutes,
        task_date=body.task_date,
        notes=body.notes,
    )
    recorded = record_time(records, actor, entry, confirm=body.confirm)
    if not isinstance(recorded, SentForSignOff):
        return _public(recorded)
    answer = SignOffRequested(
        message=recorded.message,
        decision_id=recorded.decision.id,
        owner_role=recorded.decision.owner_role,
    )
    return JSONResponse(answer.model_dump(), status_code=202)


@router.patch(
    "/{entry_id}",
    response_model=TaskPublic,
    summary="Edit an entry (a new version)",
    responses=WRITE_RESPONSES,
)
def update(entry_id: IdPath, body: TaskUpdate, actor: CurrentActor, records: Records) -> TaskPublic:
    return _public(
        edit_task(
            records,
            actor,
            entry_id,
            minutes=body.minutes,
            task_type=body.task_type,
            task_date=body.task_date,
            notes=body.notes,
            confirm=body.confirm,
        )
    )


@router.delete(
    "/{entry_id}",
    status_code=204,
    summary="Delete an entry (its history is kept)",
    responses={code: WRITE_RESPONSES[code] for code in (401, 403, 404)},
)
def delete(entry_id: IdPath, actor: CurrentActor, records: Records) -> Response:
    delete_task(records, actor, entry_id)
    return Response(status_code=204)


@router.get(
    "",
    response_model=list[TaskPublic],
    summary="Entries you may see, newest first",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "Not allowed (auditors, other patients)"},
        404: {"description": "No such patient or task type"},
        422: {"description": "Bad filter"},
    },
)
def listing(
    actor: CurrentActor,
    records: Records,
    day: Annotated[Day | None, Query(alias="date")] = None,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    start: Annotated[Day | None, Query()] = None,
    end: Annotated[Day | None, Query()] = None,
    coordinator_id: IdFilter = None,
    patient: Annotated[str | None, Query(max_length=40)] = None,
    task_type: Annotated[str | None, Query(max_length=200)] = None,
) -> list[TaskPublic]:
    if month is not None:
        period = BillingMonth.parse(month)
        start, end = period.first_day, period.last_day
    ref = id_or_name(patient) if patient else patient
    found = list_tasks(
        records,
        actor,
        day=day,
        start=start,
        end=end,
        coordinator_id=coordinator_id,
        patient=ref or None,
        task_type=task_type or None,
    )
    return [_public(t) for t in found]


@router.get(
    "/{entry_id}/history",
    response_model=list[TaskRevisionPublic],
    summary="Every version of an entry",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "Not allowed"},
        404: {"description": "No such entry"},
    },
)
def history(entry_id: IdPath, actor: CurrentActor, records: Records) -> list[TaskRevisionPublic]:
    return [
        TaskRevisionPublic(
            version=r.version,
            change=r.change,
            minutes=r.minutes,
            notes=r.notes,
            task_date=r.task_date,
            changed_by=r.changed_by,
            changed_at=r.changed_at,
        )
        for r in task_history(records, actor, entry_id)
    ]
