"""Routing corrections: the review queue, accept and reject, and admin additions."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Engine, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.feedback import CorrectionCreate, CorrectionPublic
from bot.feedback_names import named_corrections
from graph.engine import BatonEngine
from tools.context import ToolContext
from tools.feedback.service import (
    CorrectionView,
    add_correction,
    list_corrections,
    review_correction,
)

router = APIRouter(prefix="/corrections", tags=["feedback"])
REVIEWERS_ONLY: ErrorResponses = {
    401: {"description": "No valid API token"},
    403: {"description": "Supervisors and admins only; nobody reviews their own"},
}


def _public(records: ToolContext, engine: BatonEngine, view: CorrectionView) -> CorrectionPublic:
    return _publics(records, engine, [view])[0]


def _publics(
    records: ToolContext, engine: BatonEngine, views: list[CorrectionView]
) -> list[CorrectionPublic]:
    named = named_corrections(records, engine.catalog, views)
    return [CorrectionPublic.model_validate(view) for view in named]


@router.get(
    "",
    response_model=list[CorrectionPublic],
    summary="Routing corrections, oldest first (default: those waiting for review)",
    responses=REVIEWERS_ONLY,
)
def corrections(
    actor: CurrentActor,
    records: Records,
    engine: Engine,
    status: Literal["pending", "accepted", "rejected", "all"] = "pending",
) -> list[CorrectionPublic]:
    views = list_corrections(records, actor, None if status == "all" else status)
    return _publics(records, engine, views)


@router.post(
    "",
    response_model=CorrectionPublic,
    status_code=201,
    summary="Record an accepted correction (admins)",
    responses={**REVIEWERS_ONLY, 422: {"description": "Bad text or unknown specialist"}},
)
def post_correction(
    body: CorrectionCreate, actor: CurrentActor, records: Records, engine: Engine
) -> CorrectionPublic:
    view = add_correction(records, actor, body.text, body.agent, engine.catalog.agents)
    return _public(records, engine, view)


def _review(
    records: Records, engine: Engine, actor: CurrentActor, correction_id: int, accept: bool
) -> CorrectionPublic:
    view = review_correction(records, actor, correction_id, accept=accept)
    return _public(records, engine, view)


@router.post(
    "/{correction_id}/accept",
    response_model=CorrectionPublic,
    summary="Accept a pending correction: Baton routes with it from the next request on",
    responses={**REVIEWERS_ONLY, 404: {"description": "No such correction"}},
)
def accept(
    correction_id: int, actor: CurrentActor, records: Records, engine: Engine
) -> CorrectionPublic:
    return _review(records, engine, actor, correction_id, True)


@router.post(
    "/{correction_id}/reject",
    response_model=CorrectionPublic,
    summary="Reject a correction (an accepted one stops routing)",
    responses={**REVIEWERS_ONLY, 404: {"description": "No such correction"}},
)
def reject(
    correction_id: int, actor: CurrentActor, records: Records, engine: Engine
) -> CorrectionPublic:
    return _review(records, engine, actor, correction_id, False)
