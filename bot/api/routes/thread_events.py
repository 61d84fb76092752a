"""Live updates of a conversation: ``GET /threads/{id}/events`` as server-sent events.

The web chat listens here instead of asking "any answers yet?". The stream sends the
conversation's latest answer when it opens (unless the client names it already, with
``Last-Event-ID`` as ``EventSource`` does when it reconnects), then each new one: the
outcome once an owner answers the decision the conversation waited for, or an answer
given in another tab. Answers are read from the checkpoint every ``BATON_ANSWER_POLL_S``
seconds (any worker may have written them); a comment line after
``BATON_ANSWER_KEEPALIVE_S`` quiet seconds keeps proxies from closing the stream.

The same rules as ``GET /threads/{id}``: the conversation id is scoped to the caller, so
another person's conversation is not found (404) and no stream opens.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from bot.api.deps import CurrentActor, Engine, Services
from bot.api.routes.chat import ThreadId, engine_thread, public_turn
from bot.api.schemas.chat import TurnPublic
from graph.results import turn_markdown
from tools.access import Actor
from tools.errors import NotFound

log = logging.getLogger("bot.api")
router = APIRouter(prefix="/threads", tags=["chat"])
RETRY_MS = 3000  # how long EventSource waits before it reconnects
KEY_CHARS = 16


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


@dataclass(frozen=True)
class Snapshot:
    """The conversation's latest answer, for this viewer, and a key that names it."""

    key: str
    turn: TurnPublic


def read_snapshot(engine: Any, actor: Actor, thread_id: str) -> Snapshot | None:
    result = engine.thread_result(engine_thread(actor, thread_id))
    if result is None:
        return None
    turn = public_turn(engine, actor, thread_id, result)
    # Keyed on the redacted answer: the event id never carries a value the guard replaced.
    named = f"{result.kind}\n{turn.waiting_for_decision}\n{turn_markdown(result)}"
    return Snapshot(hashlib.sha256(named.encode()).hexdigest()[:KEY_CHARS], turn)


def event_text(event: str, snapshot: Snapshot) -> str:
    data = json.dumps(snapshot.turn.model_dump(mode="json"), ensure_ascii=False)
    return f"event: {event}\nid: {snapshot.key}\ndata: {data}\n\n"


def event_name(before: Snapshot, now: Snapshot) -> str:
    """``decision`` when the change ends the wait for a decision, else ``answer``."""
    waited = before.turn.waiting_for_decision
    ended = waited is not None and now.turn.waiting_for_decision != waited
    return "decision" if ended else "answer"


EVENTS_DESCRIPTION = (
    "Server-sent events: `answer` (this conversation's latest answer, the body of "
    "`GET /threads/{id}`) when the stream opens and whenever a new one comes; `decision` "
    "(the same body) when the decision the conversation waited for has been answered; a "
    "`: keep-alive` comment after `BATON_ANSWER_KEEPALIVE_S` quiet seconds; `error` with "
    "an incident id if reading fails (the stream then ends). Each answer's `id` names it: "
    "a client that reconnects with `Last-Event-ID` is not sent the answer it has."
)


@router.get(
    "/{thread_id}/events",
    response_class=EventStreamResponse,
    summary="Follow a conversation live: new answers and decision outcomes as they come",
    description=EVENTS_DESCRIPTION,
    responses={
        200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
        401: {"description": "No valid API token"},
        404: {"description": "No such conversation of yours"},
    },
)
def thread_events(
    thread_id: ThreadId,
    actor: CurrentActor,
    engine: Engine,
    services: Services,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=KEY_CHARS, description="The answer you have"),
    ] = None,
) -> EventStreamResponse:
    read = partial(read_snapshot, engine, actor, thread_id)
    first = read()
    if first is None:
        raise NotFound(f"no conversation {thread_id}", field="thread_id")
    settings = services.settings
    return EventStreamResponse(
        follow(read, first, last_event_id, settings.answer_poll_s, settings.answer_keepalive_s),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def follow(
    read: Callable[[], Snapshot | None],
    first: Snapshot,
    known: str | None,
    poll_s: float,
    keepalive_s: float,
) -> AsyncIterator[str]:
    """The stream's text; ends only when the client goes (Starlette stops it then)."""
    yield f"retry: {RETRY_MS}\n\n"
    if first.key != known:
        yield event_text("answer", first)
    shown, quiet = first, 0.0
    while True:
        await anyio.sleep(poll_s)
        try:
            now = await anyio.to_thread.run_sync(read)
        except Exception:
            incident = uuid.uuid4().hex[:12]
            log.exception("conversation stream failed, incident %s", incident)
            body = {"detail": f"internal error; incident {incident}", "incident": incident}
            yield f"event: error\ndata: {json.dumps(body)}\n\n"
            return
        if now is not None and now.key != shown.key:
            yield event_text(event_name(shown, now), now)
            shown, quiet = now, 0.0
            continue
        quiet += poll_s
        if quiet >= keepalive_s:
            yield ": keep-alive\n\n"
            quiet = 0.0
