"""Tracking the handoffs of a conversation's last plan: ``POST /threads/{id}/handoffs``.

The conversation id is the caller's own (mapped to the engine's thread exactly as the
chat turns are), so nobody tracks the plan of someone else's conversation. Each chosen
boundary becomes a tracked handoff for its owner role, with the boundary's clock, entry
conditions and escalation path; the texts come from the plan, already redacted.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.api.deps import CurrentActor, Engine, Records, staff_id_of
from bot.api.routes.chat import ThreadId, engine_thread
from bot.api.routes.handoffs import public
from bot.api.schemas.handoffs import (
    BoundaryNotOpenedPublic,
    PlanHandoffsCreate,
    PlanHandoffsPublic,
)
from tools.errors import AccessDenied, NotFound

router = APIRouter(prefix="/threads", tags=["handoffs"])
NO_BOUNDARIES = "the plan has no handoffs to track"


@router.post(
    "/{thread_id}/handoffs",
    response_model=PlanHandoffsPublic,
    status_code=201,
    summary="Track handoffs of the conversation's last plan",
    description="Opens the chosen boundaries (all when `boundaries` is empty) as tracked "
    "handoffs for their owners. A boundary that cannot be opened (nobody fills its role, "
    "no such number) is listed in `not_opened` with the reason; when none opens the "
    "answer is 422 with one error per boundary.",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "Your role may not open handoffs (auditors)"},
        404: {"description": "No such conversation"},
        422: {"description": "No plan in the conversation, a bad body, or nothing opened"},
    },
)
def track(
    thread_id: ThreadId,
    body: PlanHandoffsCreate,
    actor: CurrentActor,
    engine: Engine,
    records: Records,
) -> Any:
    internal = engine_thread(actor, thread_id)
    if engine.thread_result(internal) is None:
        raise NotFound(f"no conversation {thread_id}", field="thread_id")
    wanted = tuple(dict.fromkeys(body.boundaries))  # each boundary once, in the given order
    opened, problems = engine.open_plan_handoff(internal, wanted, staff_id_of(actor), actor.channel)
    not_opened = [
        BoundaryNotOpenedPublic(boundary=p.number, name=p.name, reason=p.reason, rule=p.rule)
        for p in problems
    ]
    if not opened:
        denied = next((p.error for p in problems if isinstance(p.error, AccessDenied)), None)
        if denied is not None:
            raise denied  # 403; the tool layer has audited it
        detail = [
            {"loc": ["body", "boundaries"], "msg": str(p), "type": p.rule} for p in problems
        ] or [{"loc": ["body", "boundaries"], "msg": NO_BOUNDARIES, "type": "no_boundary"}]
        return JSONResponse({"detail": detail}, status_code=422)
    now = records.clock.now()
    return PlanHandoffsPublic(opened=[public(v, now) for v in opened], not_opened=not_opened)
