"""Live updates of a conversation: ``GET /threads/{id}/events`` as server-sent events.

The web chat listens here instead of asking "any answers yet?". Every answer the
conversation gives comes once, in order, with its ``answer_id`` as the event's ``id``: the
answers to the asker's messages (also those sent from another tab), the answers given
beside a pause for a decision, and the decision's outcome, whichever surface recorded the
owner's answer (web, API, Slack, or ``baton decisions answer``): when the store holds an
answer for the decision the conversation waits for, the stream resumes the conversation
(``BatonEngine.resume_if_answered``, one resume however many streams look).

When it opens, the stream sends the answers after the one named by ``Last-Event-ID``
(``EventSource`` sends it when it reconnects), or with ``?history=true`` every answer of
the conversation, else only the latest. Answers are read from the checkpoint every
``BATON_ANSWER_POLL_S`` seconds (any worker may have written them); a comment line after
``BATON_ANSWER_KEEPALIVE_S`` quiet seconds keeps proxies from closing the stream.

The same rules as ``GET /threads/{id}``: the conversation id is scoped to the caller, so
another person's conversation is not found (404) and no stream opens.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse

from bot.api.deps import CurrentActor, Engine, Services, turn_actor
from bot.api.routes.chat import ThreadId, engine_thread
from bot.api.schemas.chat import TurnPublic
from bot.api.turns import turn_public
from graph.thread_answers import ThreadAnswer, answers_after
from tools.access import Actor
from tools.errors import NotFound

log = logging.getLogger("bot.api")
router = APIRouter(prefix="/threads", tags=["chat"])
RETRY_MS = 3000  # how long EventSource waits before it reconnects
ANSWER_ID_CHARS = 64


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


def answer_public(engine: Any, actor: Actor, thread_id: str, answer: ThreadAnswer) -> TurnPublic:
    """One answer for its author: their own values put back (a side answer's placeholders
    are its side conversation's), the decision it waited for as it stood then."""
    reveal = partial(engine.reveal, answer.result.thread_id, turn_actor(actor))
    public = turn_public(answer.result, reveal, answer.waiting_for)
    return public.model_copy(update={"thread_id": thread_id})


def event_text(engine: Any, actor: Actor, thread_id: str, answer: ThreadAnswer) -> str:
    """``decision`` for the outcome of the decision the conversation waited for, else
    ``answer``; the body is ``GET /threads/{id}``'s, the ``id`` the answer's."""
    public = answer_public(engine, actor, thread_id, answer)
    data = json.dumps(public.model_dump(mode="json"), ensure_ascii=False)
    event = "decision" if answer.decided else "answer"
    return f"event: {event}\nid: {answer.answer_id}\ndata: {data}\n\n"


def opening_answers(
    answers: list[ThreadAnswer], known: str | None, history: bool
) -> list[ThreadAnswer]:
    """What the stream sends first: after the answer the client has, else all of them
    (``history``), else the latest."""
    if known in {a.answer_id for a in answers}:
        return answers_after(answers, known)
    return answers if history else answers[-1:]


EVENTS_DESCRIPTION = (
    "Server-sent events, each answer of this conversation once and in order, its `id` the "
    "answer's `answer_id`: `answer` (the body of `GET /threads/{id}`) for an answer, also one "
    "given while the conversation waits for a decision; `decision` (the same body) for the "
    "outcome of the decision it waited for, however the owner answered; a `: keep-alive` "
    "comment after `BATON_ANSWER_KEEPALIVE_S` quiet seconds; `error` with an incident id if "
    "reading fails (the stream then ends). It opens with the answers after the one named by "
    "`Last-Event-ID` (a reconnect is sent nothing twice), with every answer for "
    "`?history=true`, else with the latest."
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
    history: Annotated[
        bool, Query(description="Send every answer of the conversation first")
    ] = False,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID", max_length=ANSWER_ID_CHARS, description="The answer you have"
        ),
    ] = None,
) -> EventStreamResponse:
    internal = engine_thread(actor, thread_id)
    engine.resume_if_answered(internal)  # an outcome recorded while nobody looked
    heads = engine.answers_head(internal)  # read first: a later answer is looked for again
    answers = engine.answers(internal)
    if not answers:
        raise NotFound(f"no conversation {thread_id}", field="thread_id")
    first = opening_answers(answers, last_event_id, history)
    render = partial(event_text, engine, actor, thread_id)
    opened = {a.answer_id for a in first}
    sent = {a.answer_id for a in answers if a.answer_id not in opened}
    settings = services.settings
    return EventStreamResponse(
        follow(
            partial(look, engine, internal),
            render,
            first,
            sent,
            heads,
            settings.answer_poll_s,
            settings.answer_keepalive_s,
        ),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def look(engine: Any, internal: str, heads: Any) -> tuple[Any, list[ThreadAnswer] | None]:
    """One poll: resume the conversation if its decision was answered, then its answers if
    anything was written since ``heads`` (None: nothing new)."""
    engine.resume_if_answered(internal)
    now = engine.answers_head(internal)
    return now, (engine.answers(internal) if now != heads else None)


async def follow(
    poll: Callable[[Any], tuple[Any, list[ThreadAnswer] | None]],
    render: Callable[[ThreadAnswer], str],
    first: list[ThreadAnswer],
    sent: set[str],
    heads: Any,
    poll_s: float,
    keepalive_s: float,
) -> AsyncIterator[str]:
    """The stream's text; ends only when the client goes (Starlette stops it then)."""
    yield f"retry: {RETRY_MS}\n\n"
    for answer in first:  # rendering reads the viewer's placeholders: off the event loop
        yield await anyio.to_thread.run_sync(render, answer)
        sent.add(answer.answer_id)
    quiet = 0.0
    while True:
        await anyio.sleep(poll_s)
        try:
            heads, answers = await anyio.to_thread.run_sync(poll, heads)
            new = [a for a in answers or [] if a.answer_id not in sent]
            texts = [await anyio.to_thread.run_sync(render, a) for a in new]
        except Exception:
            incident = uuid.uuid4().hex[:12]
            log.exception("conversation stream failed, incident %s", incident)
            body = {"detail": f"internal error; incident {incident}", "incident": incident}
            yield f"event: error\ndata: {json.dumps(body)}\n\n"
            return
        for answer, text in zip(new, texts, strict=True):
            yield text
            sent.add(answer.answer_id)
        quiet = 0.0 if new else quiet + poll_s
        if quiet >= keepalive_s:
            yield ": keep-alive\n\n"
            quiet = 0.0
