"""Your notifications: what Baton told you (decisions to answer, handoffs assigned,
nudged or escalated, cases flagged), newest first. Only your own."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from bot.api.deps import CurrentActor, Records
from bot.api.schemas.notifications import NotificationPublic
from tools.notify.outbox import MAX_LISTED, notifications_for

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get(
    "",
    response_model=list[NotificationPublic],
    summary="Messages Baton sent you, newest first",
    responses={401: {"description": "No valid API token"}, 422: {"description": "Bad limit"}},
)
def listing(
    actor: CurrentActor,
    records: Records,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED)] = 50,
) -> list[NotificationPublic]:
    return [NotificationPublic(**asdict(n)) for n in notifications_for(records, actor, limit=limit)]
