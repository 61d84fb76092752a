"""Chat turns: ``POST /threads/{id}/turns`` (JSON, or server-sent events while it runs).

Conversation ids are the client's, scoped to the caller: the engine's thread is
``s{staff_id}-{id}``, so nobody can read or answer another person's conversation by
guessing its id.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Path, Request
from fastapi.responses import StreamingResponse

from bot.api.deps import CurrentActor, Engine, turn_actor
from bot.api.errors import Unauthorized
from bot.api.metrics import TURNS
from bot.api.schemas.chat import THREAD_ID_PATTERN, TurnCreate, TurnPublic
from bot.api.turns import turn_public
from tools.access import Actor
from tools.errors import NotFound

log = logging.getLogger("bot.api")
router = APIRouter(prefix="/threads", tags=["chat"])

ThreadId = Annotated[str, Path(pattern=THREAD_ID_PATTERN, description="Your conversation id")]
STREAM_BUFFER = 64


def engine_thread(actor: Actor, thread_id: str) -> str:
    if actor.staff_id is None:
        raise Unauthorized()  # conversations belong to a staff member
    return f"s{actor.staff_id}-{thread_id}"


def public_turn(engine: Any, actor: Actor, thread_id: str, result: Any) -> TurnPublic:
    reveal = partial(engine.reveal, result.thread_id, turn_actor(actor))
    # The conversation's own pause, also when this turn was answered beside it.
    waiting = engine.waiting_decision(engine_thread(actor, thread_id))
    public = turn_public(result, reveal, waiting)
    return public.model_copy(update={"thread_id": thread_id})


def _count(public: TurnPublic) -> None:
    unrouted = "command" if public.kind in ("confirm", "action", "records") else "none"
    agent = public.agent or unrouted
    TURNS.labels(agent, public.kind).inc()


SSE_DESCRIPTION = (
    "With `Accept: text/event-stream` the answer streams as server-sent events: "
    '`status` (`{"node"}`) as each step finishes, `token` (`{"text"}`) for text a '
    "chat model writes, then `result` with this endpoint's JSON body (or `error` with "
    "an incident id)."
)


@router.post(
    "/{thread_id}/turns",
    response_model=TurnPublic,
    summary="Say something in a conversation",
    description=SSE_DESCRIPTION,
    responses={
        200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
        401: {"description": "No valid API token"},
        422: {"description": "Empty or over-long text, or a malformed conversation id"},
    },
)
def post_turn(
    thread_id: ThreadId, body: TurnCreate, actor: CurrentActor, engine: Engine, request: Request
) -> Any:
    internal = engine_thread(actor, thread_id)
    ask = partial(
        engine.ask_stream,
        body.text,
        internal,
        actor=turn_actor(actor),
        channel=actor.channel,
        staff_id=actor.staff_id,
    )
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _sse(ask, engine, actor, thread_id),
            media_type="text/event-stream",
            headers={"X-Accel-Buffering": "no"},
        )
    result = next(e["result"] for e in ask() if e["event"] == "result")
    public = public_turn(engine, actor, thread_id, result)
    _count(public)
    return public


@router.get(
    "/{thread_id}",
    response_model=TurnPublic,
    summary="The conversation's latest answer (e.g. after a decision it waited for)",
    responses={401: {"description": "No valid API token"}, 404: {"description": "No such thread"}},
)
def get_thread(thread_id: ThreadId, actor: CurrentActor, engine: Engine) -> TurnPublic:
    result = engine.thread_result(engine_thread(actor, thread_id))
    if result is None:
        raise NotFound(f"no conversation {thread_id}", field="thread_id")
    return public_turn(engine, actor, thread_id, result)


def _sse_line(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _sse_text(event: dict[str, Any], engine: Any, actor: Actor, thread_id: str) -> str:
    kind = event["event"]
    if kind == "status":
        return _sse_line("status", {"node": event["node"]})
    if kind == "token":
        internal = engine_thread(actor, thread_id)
        return _sse_line(
            "token", {"text": engine.reveal(internal, turn_actor(actor), event["text"])}
        )
    public = public_turn(engine, actor, thread_id, event["result"])
    _count(public)
    return _sse_line("result", public.model_dump(mode="json"))


async def _sse(ask: Any, engine: Any, actor: Actor, thread_id: str) -> AsyncIterator[str]:
    """Runs the whole turn in one worker thread (LangGraph keeps per-run context there)
    and relays its events, already rendered, as they come."""
    send, receive = anyio.create_memory_object_stream[str](STREAM_BUFFER)

    def produce() -> None:
        with send:
            try:
                for event in ask():
                    anyio.from_thread.run(send.send, _sse_text(event, engine, actor, thread_id))
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                return  # the client went away; the turn itself has finished or stopped
            except Exception:
                incident = uuid.uuid4().hex[:12]
                log.exception("chat turn failed, incident %s", incident)
                body = {"detail": f"internal error; incident {incident}", "incident": incident}
                anyio.from_thread.run(send.send, _sse_line("error", body))

    async with anyio.create_task_group() as group:
        group.start_soon(anyio.to_thread.run_sync, produce)
        async with receive:
            async for text in receive:
                yield text
