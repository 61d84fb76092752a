"""Feedback on an answer (``POST /threads/{id}/feedback``), the specialists to pick
from, and the feedback report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from bot.api.deps import CurrentActor, Engine, Records
from bot.api.errors import ErrorResponses
from bot.api.routes.chat import ThreadId, engine_thread
from bot.api.schemas.feedback import (
    AgentPublic,
    DivisionPublic,
    FeedbackCreate,
    FeedbackPublic,
    FeedbackReportPublic,
)
from bot.feedback_names import named_report
from graph.feedback import agents_by_division, give_feedback
from tools.feedback.report import feedback_report
from tools.feedback.service import Verdict

router = APIRouter(tags=["feedback"])
UNAUTHORIZED: ErrorResponses = {401: {"description": "No valid API token"}}


@router.post(
    "/threads/{thread_id}/feedback",
    response_model=FeedbackPublic,
    status_code=201,
    summary="Rate the conversation's latest answer; optionally name the right specialist",
    responses={
        **UNAUTHORIZED,
        403: {"description": "Auditors give no feedback"},
        404: {"description": "No answer in this conversation"},
        422: {"description": "Unknown specialist, the same one Baton chose, or a bad comment"},
    },
)
def post_feedback(
    thread_id: ThreadId, body: FeedbackCreate, actor: CurrentActor, engine: Engine, records: Records
) -> FeedbackPublic:
    verdict = Verdict(body.helpful, body.corrected_agent or None, body.comment)
    recorded = give_feedback(engine, records, actor, engine_thread(actor, thread_id), verdict)
    return FeedbackPublic(feedback_id=recorded.feedback_id, correction_id=recorded.correction_id)


@router.get(
    "/agents",
    response_model=list[DivisionPublic],
    summary='The 51 specialists by division (for a "the right specialist is" picker)',
    responses=UNAUTHORIZED,
)
def agents(actor: CurrentActor, engine: Engine) -> list[DivisionPublic]:
    return [
        DivisionPublic(
            division=division,
            agents=[AgentPublic(slug=a.slug, display_name=a.display_name) for a in members],
        )
        for division, members in agents_by_division(engine.catalog)
    ]


@router.get(
    "/feedback/report",
    response_model=FeedbackReportPublic,
    summary="Helpful rate per specialist and workflow, most corrected routes, pending review",
    responses={**UNAUTHORIZED, 403: {"description": "Supervisors and admins only"}},
)
def report(
    actor: CurrentActor,
    records: Records,
    engine: Engine,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> Any:
    return named_report(engine.catalog, feedback_report(records, actor, month))
