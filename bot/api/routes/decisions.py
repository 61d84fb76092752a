"""The decision queue: requests you own or asked for, and answering them.

An answer goes through ``BatonEngine.answer_decision``: the tool layer records it (only
the role's owner, backup or chain may answer; a rejection needs a comment; an approved
sign-off is carried out), the comment passes the PHI guard, and the conversation that
waits for it resumes, so the person who asked sees the outcome in their thread.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Engine, Records, staff_id_of, turn_actor
from bot.api.schemas.admin import (
    DecisionAnswer,
    DecisionAnswered,
    DecisionPublic,
    DecisionWordsPublic,
)
from bot.api.schemas.fields import IdPath
from bot.api.turns import turn_public
from tools.access import Actor
from tools.context import ToolContext
from tools.decision_requests.described import describe_decisions
from tools.decision_requests.service import DecisionView, get_decision, list_decisions

router = APIRouter(prefix="/decisions", tags=["decisions"])


def publics(records: ToolContext, actor: Actor, views: list[DecisionView]) -> list[DecisionPublic]:
    """The requests for ``actor``: every stored field for programs, and the plain words
    (``summary``, ``words``) the caller may read."""
    words = describe_decisions(records, actor, views)
    return [
        DecisionPublic(
            **{**asdict(v), "options": list(v.options)},
            open=v.open,
            summary=words[v.id].summary,
            words=DecisionWordsPublic(**asdict(words[v.id])),
        )
        for v in views
    ]


def public(records: ToolContext, actor: Actor, view: DecisionView) -> DecisionPublic:
    return publics(records, actor, [view])[0]


@router.get(
    "",
    response_model=list[DecisionPublic],
    summary="Decision requests you may decide or asked for (admins: all), due first",
    responses={401: {"description": "No valid API token"}},
)
def listing(
    actor: CurrentActor,
    records: Records,
    all: bool = False,
    mine: bool = False,
) -> list[DecisionPublic]:
    """``all``: decided ones too; ``mine``: only those waiting for your own answer."""
    return publics(records, actor, list_decisions(records, actor, open_only=not all, mine=mine))


@router.get(
    "/{decision_id}",
    response_model=DecisionPublic,
    summary="One decision request",
    responses={401: {"description": "No valid API token"}, 404: {"description": "Not found"}},
)
def one(decision_id: IdPath, actor: CurrentActor, records: Records) -> DecisionPublic:
    return public(records, actor, get_decision(records, actor, decision_id))


@router.post(
    "/{decision_id}/answer",
    response_model=DecisionAnswered,
    summary="Approve, reject (with a comment), edit or respond",
    responses={
        401: {"description": "No valid API token"},
        403: {"description": "Not the owner, backup or chain; or your own request"},
        404: {"description": "No such decision request"},
        422: {"description": "Already decided, comment missing, unknown answer or edit"},
    },
)
def answer(
    decision_id: IdPath, body: DecisionAnswer, actor: CurrentActor, records: Records, engine: Engine
) -> DecisionAnswered:
    view, resumed = engine.answer_decision(
        staff_id_of(actor), actor.channel, decision_id, body.answer, body.comment, body.edited
    )
    thread = None
    if resumed is not None:
        # The answerer sees placeholders: the values behind them are the asker's.
        reveal = partial(engine.reveal, resumed.thread_id, turn_actor(actor))
        thread = turn_public(resumed, reveal)
    return DecisionAnswered(decision=public(records, actor, view), thread=thread)
