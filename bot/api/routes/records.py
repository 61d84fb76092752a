"""Patients and the panel (Tab 1), task types and coordinator metrics."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.fields import IdFilter, MonthQuery
from bot.api.schemas.records import CoordinatorMetricsPublic, PanelRowPublic, TaskTypePublic
from tools.billing.month import BillingMonth
from tools.fields import PATIENT_REF_PATTERN, parse_patient_ref
from tools.panel import coordinator_metrics, patient_panel
from tools.tasks.types import list_task_types

router = APIRouter(tags=["patients"])
PatientRef = Annotated[
    str, Path(pattern=PATIENT_REF_PATTERN, description="Patient id or chart code")
]
DENIED: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Not allowed"},
}


def _row(row) -> PanelRowPublic:
    return PanelRowPublic(**asdict(row), completion=row.completion)


@router.get(
    "/patients",
    response_model=list[PanelRowPublic],
    summary="The patient panel: visit status, monthly task progress, minutes, care gaps",
    responses={**DENIED, 422: {"description": "A filter value is not allowed"}},
)
def panel(
    actor: CurrentActor,
    records: Records,
    mine_only: bool = True,
    status: Literal["active", "inactive", "deceased", "all"] = "active",
    visit: Literal["overdue", "due_soon", "current"] | None = None,
    care_gaps: Literal["open", "pending", "closed"] | None = None,
    completion: Literal["low", "medium", "high"] | None = None,
    facility: Annotated[str | None, Query(max_length=100)] = None,
    provider_id: IdFilter = None,
) -> list[PanelRowPublic]:
    rows = patient_panel(
        records,
        actor,
        mine_only=mine_only,
        status=None if status == "all" else status,
        visit=visit,
        care_gaps=care_gaps,
        completion=completion,
        facility=facility,
        provider_id=provider_id,
    )
    return [_row(r) for r in rows]


@router.get(
    "/patients/{ref}",
    response_model=PanelRowPublic,
    summary="One patient's panel row, by id or chart code",
    responses={
        **DENIED,
        404: {"description": "No such patient"},
        422: {"description": "Not a patient id or chart code"},
    },
)
def patient(ref: PatientRef, actor: CurrentActor, records: Records) -> PanelRowPublic:
    key = parse_patient_ref(ref)
    (row,) = patient_panel(records, actor, mine_only=False, status=None, patient=key)
    return _row(row)


@router.get(
    "/task-types",
    response_model=list[TaskTypePublic],
    summary="Task types to choose from, by category",
    responses=DENIED,
)
def task_types(actor: CurrentActor, records: Records) -> list[TaskTypePublic]:
    return [TaskTypePublic(**asdict(t)) for t in list_task_types(records, actor)]


@router.get(
    "/metrics/coordinators",
    response_model=list[CoordinatorMetricsPublic],
    summary="Coordinator metrics for a month (a coordinator sees their own, a supervisor "
    "their team)",
    responses={**DENIED, 422: {"description": "Bad month"}},
)
def metrics(
    actor: CurrentActor,
    records: Records,
    month: MonthQuery,
    coordinator_id: IdFilter = None,
) -> list[CoordinatorMetricsPublic]:
    found = coordinator_metrics(records, actor, BillingMonth.parse(month), coordinator_id)
    return [CoordinatorMetricsPublic(**asdict(m)) for m in found]
