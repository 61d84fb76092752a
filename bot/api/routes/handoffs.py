"""Tracked handoffs: open, accept, finish, cancel, and where each stands.

Free texts (title, conditions, results, reasons) pass through the PHI guard before they
reach the store; the tool layer decides who may see and move each handoff.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.fields import IdPath
from bot.api.schemas.handoffs import HandoffCancel, HandoffComplete, HandoffCreate, HandoffPublic
from tools.fields import id_or_name
from tools.handoffs.records import HandoffSpec
from tools.handoffs.service import (
    accept_handoff,
    cancel_handoff,
    complete_handoff,
    get_handoff,
    list_handoffs,
    open_handoff,
)

router = APIRouter(prefix="/handoffs", tags=["handoffs"])
UNAUTHORIZED: ErrorResponses = {401: {"description": "No valid API token"}}
MOVE: ErrorResponses = {
    **UNAUTHORIZED,
    403: {"description": "Not the holder, its escalation ladder or an admin"},
    404: {"description": "No such handoff"},
    422: {"description": "Already closed, or a bad outcome or text"},
}


def public(view: Any, now: Any) -> HandoffPublic:
    data = asdict(view)
    data["entry_conditions"] = list(view.entry_conditions)
    return HandoffPublic(**data, status_line=view.status_line(now))


@router.get(
    "",
    response_model=list[HandoffPublic],
    summary="Handoffs you may see, soonest due first",
    responses={**UNAUTHORIZED, 422: {"description": "Bad filter"}},
)
def listing(
    actor: CurrentActor,
    records: Records,
    mine: bool = False,
    all: bool = False,
) -> list[HandoffPublic]:
    """``mine``: held or opened by you; ``all``: closed ones too."""
    now = records.clock.now()
    views = list_handoffs(records, actor, mine=mine, open_only=not all)
    return [public(v, now) for v in views]


@router.get(
    "/{handoff_id}",
    response_model=HandoffPublic,
    summary="One handoff with its history",
    responses={
        **UNAUTHORIZED,
        404: {"description": "No such handoff"},
        422: {"description": "Bad id"},
    },
)
def one(handoff_id: IdPath, actor: CurrentActor, records: Records) -> HandoffPublic:
    return public(get_handoff(records, actor, handoff_id), records.clock.now())


@router.post(
    "",
    response_model=HandoffPublic,
    status_code=201,
    summary="Open a tracked handoff for a role's owner",
    responses={
        **UNAUTHORIZED,
        403: {"description": "Auditors, or a patient you may not see"},
        404: {"description": "No such patient"},
        422: {"description": "Nobody fills the role, or a bad clock or text"},
    },
)
def create(body: HandoffCreate, actor: CurrentActor, records: Records) -> HandoffPublic:
    spec = HandoffSpec(
        title=body.title,
        owner_role=body.owner_role,
        due_in=timedelta(hours=body.due_in_hours),
        escalate_after=timedelta(hours=body.escalate_after_hours),
        escalate_to_role=body.escalate_to_role,
        entry_conditions=tuple(body.entry_conditions),
        waiting_on=body.waiting_on,
        outcome_target=body.outcome_target,
        priority=body.priority,
    )
    patient = id_or_name(body.patient) if isinstance(body.patient, str) else body.patient
    view = open_handoff(records, actor, spec, patient=patient)
    return public(view, records.clock.now())


@router.post(
    "/{handoff_id}/accept",
    response_model=HandoffPublic,
    summary="Take the handoff on (you become its holder)",
    responses=MOVE,
)
def accept(handoff_id: IdPath, actor: CurrentActor, records: Records) -> HandoffPublic:
    return public(accept_handoff(records, actor, handoff_id), records.clock.now())


@router.post(
    "/{handoff_id}/complete",
    response_model=HandoffPublic,
    summary="Mark it done (a case step names its outcome; the next step opens)",
    description="A step of a case ends with one of its outcomes (`GET /cases/{id}` lists "
    "them with the details each needs, e.g. `appointment_date` for `scheduled`); any "
    "other handoff with `done` or no outcome.",
    responses=MOVE,
)
def complete(
    handoff_id: IdPath, body: HandoffComplete, actor: CurrentActor, records: Records
) -> HandoffPublic:
    view = complete_handoff(
        records,
        actor,
        handoff_id,
        outcome=body.outcome,
        result=body.result,
        # Typed values (a date, a provider reference), checked by the tool and never
        # stored as text; redacting them would turn the date into a placeholder.
        details=body.details.as_strings(),
    )
    return public(view, records.clock.now())


@router.post(
    "/{handoff_id}/cancel",
    response_model=HandoffPublic,
    summary="Cancel it, saying why (whoever opened it, or an admin)",
    responses={**MOVE, 403: {"description": "Not whoever opened it, nor an admin"}},
)
def cancel(
    handoff_id: IdPath, body: HandoffCancel, actor: CurrentActor, records: Records
) -> HandoffPublic:
    view = cancel_handoff(records, actor, handoff_id, body.reason)
    return public(view, records.clock.now())
