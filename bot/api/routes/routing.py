"""``POST /route``: which specialist, workflow and owners a request goes to."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Engine
from bot.api.schemas.chat import RouteCreate, RoutePublic

router = APIRouter(tags=["routing"])


@router.post(
    "/route",
    response_model=RoutePublic,
    summary="Route a request (redacted first; nothing is stored)",
    responses={401: {"description": "No valid API token"}, 422: {"description": "Bad body"}},
)
def route(body: RouteCreate, _actor: CurrentActor, engine: Engine) -> RoutePublic:
    routed = engine.route(body.text)
    a = routed.assignment
    return RoutePublic(
        workflow=a.workflow,
        primary_agent=a.primary_agent,
        supporting_agents=a.supporting_agents,
        human_owners=a.human_owners,
        needs_human_decision=a.needs_human_decision,
        phi_detected=routed.redaction.phi_detected,
        redacted_text=routed.redaction.text,
        confidence=a.confidence,
    )
