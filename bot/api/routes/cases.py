"""Tracked cases: the closed-loop referrals and PCP attribution cases you may see.

A case's steps are tracked handoffs; each step lists the outcomes that finish it (and
the details an outcome needs), so a client can offer them at
``POST /handoffs/{id}/complete``. The tool layer decides who sees which case: whoever
opened it, the people holding its steps, staff who may see its patient, and admins.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.routes.handoffs import public as handoff_public
from bot.api.schemas.cases import CasePublic, CaseStepPublic, StepOutcomePublic
from bot.api.schemas.fields import IdPath
from tools.cases.definitions import CLOSE, REFERRAL_OPEN_LOOP_FLAG, WORKFLOWS
from tools.cases.service import CaseView, get_case, list_cases
from tools.fields import id_or_name

router = APIRouter(prefix="/cases", tags=["cases"])
UNAUTHORIZED: ErrorResponses = {401: {"description": "No valid API token"}}
CLOSED = frozenset({"done", "cancelled"})


def reference(value: int | str) -> int | str:
    """A patient or provider as the tools take it: an id when it is all digits."""
    return id_or_name(str(value), max_digits=9)


def step_public(case: CaseView, view: Any, now: datetime) -> CaseStepPublic:
    definition = WORKFLOWS[case.workflow].steps.get(view.step or "")
    outcomes = [
        StepOutcomePublic(
            outcome=name,
            leads_to=None if after.step == CLOSE else after.step,
            needs=list(after.needs),
        )
        for name, after in (definition.outcomes.items() if definition else ())
    ]
    return CaseStepPublic(**handoff_public(view, now).model_dump(), outcomes=outcomes)


def case_public(case: CaseView, now: datetime) -> CasePublic:
    steps = [step_public(case, s, now) for s in case.steps]
    data = asdict(case)
    data.update(
        workflow_name=WORKFLOWS[case.workflow].name,
        flags=list(case.flags),
        open_loop=REFERRAL_OPEN_LOOP_FLAG in case.flags,
        current_step=next((s for s in reversed(steps) if s.status not in CLOSED), None),
        steps=steps,
    )
    return CasePublic(**data)


@router.get(
    "",
    response_model=list[CasePublic],
    summary="Cases you may see, newest first, with their current step",
    responses={
        **UNAUTHORIZED,
        403: {"description": "Auditors read the audit trail, not cases"},
        422: {"description": "Bad filter"},
    },
)
def listing(
    actor: CurrentActor,
    records: Records,
    workflow: Literal["closed_loop_referral", "pcp_attribution"] | None = None,
    status: Literal["open", "all"] = "open",
) -> list[CasePublic]:
    now = records.clock.now()
    cases = list_cases(records, actor, workflow=workflow, open_only=status == "open")
    return [case_public(c, now) for c in cases]


@router.get(
    "/{case_id}",
    response_model=CasePublic,
    summary="One case with all its steps and each step's outcomes",
    responses={
        **UNAUTHORIZED,
        404: {"description": "No such case, or not one you may see"},
        422: {"description": "Bad id"},
    },
)
def one(case_id: IdPath, actor: CurrentActor, records: Records) -> CasePublic:
    return case_public(get_case(records, actor, case_id), records.clock.now())
