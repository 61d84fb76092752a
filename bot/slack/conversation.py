"""One conversation turn from Slack: dedupe, identify, limit, ask the graph, answer.

Runs in the background pool, after Slack has had its acknowledgement. The graph only
ever sees text through ``BatonEngine.ask_stream`` (which redacts it first); what is
posted in a thread others can read keeps the placeholders, and only a private thread (a
DM or the assistant panel, which only its author reads) shows the author their own
values. With a chat model, its answer streams into the thread first (``streaming``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from slack_sdk.errors import SlackApiError

from bot.slack.blocks.limits import truncate
from bot.slack.blocks.notices import BUSY, RATE_LIMITED, UNKNOWN_USER
from bot.slack.blocks.turns import answer_for_turn
from bot.slack.deps import SlackDeps
from bot.slack.errors import log_incident
from bot.slack.identity import identify, slack_actor_name
from bot.slack.posting import post_answer, post_failure, post_private_note
from bot.slack.store import ThreadLink
from bot.slack.streaming import AnswerStream, StreamPlace
from bot.slack.threads import graph_thread_id
from graph.results import TurnResult
from tools.access import Actor

log = logging.getLogger("bot.slack")
THINKING = "is thinking…"
Show = Callable[[str], str]
MAX_TITLE = 60


@dataclass(frozen=True)
class SlackTurn:
    team_id: str
    channel_id: str
    thread_ts: str  # the thread Baton answers in
    user_id: str
    text: str
    kind: str  # mention | dm | assistant | command | button: for the audit trail
    private: bool  # only the author reads this thread (a DM, the assistant panel)
    event_id: str | None = None  # Events API deliveries: retried until acknowledged
    assistant: bool = False  # the assistant panel: status and title apply

    @property
    def thread_id(self) -> str:
        return graph_thread_id(self.team_id, self.channel_id, self.thread_ts)


def submit_turn(deps: SlackDeps, turn: SlackTurn) -> None:
    """Queue the turn; when the queue is full say so in the thread rather than drop it."""
    if not deps.work.try_submit(run_turn, deps, turn):
        log.warning("turn queue full (%s waiting)", deps.work.pending)
        deps.work.submit(_tell, deps, turn, BUSY)


def _tell(deps: SlackDeps, turn: SlackTurn, text: str) -> None:
    post_private_note(deps.client, turn.channel_id, turn.user_id, text, turn.thread_ts)


def run_turn(deps: SlackDeps, turn: SlackTurn, actor: Actor | None = None) -> TurnResult | None:
    """Everything after the ack. Every failure ends in a message in the thread.

    ``actor`` is given when the caller has already identified (and audited) the user.
    """
    try:
        if deps.event_seen(turn.event_id):
            log.info("event %s already taken; not answering twice", turn.event_id)
            return None
        actor = actor or identify(deps.records, turn.user_id, turn.kind, turn.thread_id)
        if actor is None:
            _tell(deps, turn, UNKNOWN_USER)
            return None
        if not deps.limiter.allow(turn.user_id):
            wait = max(1, round(deps.limiter.retry_after(turn.user_id)))
            _tell(deps, turn, RATE_LIMITED.format(seconds=wait))
            return None
        if turn.assistant:
            _assistant_call(
                deps.client.assistant_threads_setStatus,
                channel_id=turn.channel_id,
                thread_ts=turn.thread_ts,
                status=THINKING,
            )
        first_turn = deps.store.link_thread(
            ThreadLink(
                thread_id=turn.thread_id,
                team_id=turn.team_id,
                channel_id=turn.channel_id,
                thread_ts=turn.thread_ts,
                slack_user_id=turn.user_id,
                staff_id=actor.staff_id,
                private=turn.private,
            )
        )
        author = slack_actor_name(turn.user_id)
        show = _viewer(deps, turn, author)
        result = _ask(deps, turn, author, actor.staff_id, show)
        answer = answer_for_turn(result, show, requester=turn.user_id, thread_ts=turn.thread_ts)
        post_answer(deps.client, turn.channel_id, turn.thread_ts, answer)
        if turn.assistant and first_turn:
            _assistant_call(
                deps.client.assistant_threads_setTitle,
                channel_id=turn.channel_id,
                thread_ts=turn.thread_ts,
                title=_title(result),
            )
        return result
    except Exception:  # noqa: BLE001 - never silence: the thread hears about it
        incident = log_incident(f"slack {turn.kind} turn")
        post_failure(deps.client, turn.channel_id, incident, turn.thread_ts)
        return None


def _ask(
    deps: SlackDeps, turn: SlackTurn, author: str, staff_id: int | None, show: Show
) -> TurnResult:
    """Run the turn; a chat model's answer streams into the thread as it is written.

    Offline no token comes: no stream is opened and the turn is answered as before.
    """
    events = deps.engine.ask_stream(
        turn.text, thread_id=turn.thread_id, actor=author, channel="slack", staff_id=staff_id
    )
    stream: AnswerStream | None = None
    result: TurnResult | None = None
    try:
        for event in events:
            if event["event"] == "token":
                if stream is None:
                    place = StreamPlace(
                        turn.channel_id, turn.thread_ts, turn.user_id, turn.team_id or None
                    )
                    redact = partial(deps.engine.redact_in_thread, turn.thread_id)
                    stream = AnswerStream(deps.client, place, redact, show)
                stream.add(str(event["text"]))
            elif event["event"] == "result":
                result = event["result"]
    except BaseException:
        if stream is not None:
            stream.abandon()
        raise
    if result is None:
        raise RuntimeError("a turn ended without a result")
    if stream is not None:
        stream.finish(result.plan.summary if result.plan is not None else None)
    return result


def _assistant_call(method: Callable[..., object], **arguments: str) -> None:
    """Status and title are niceties of the assistant panel: a DM thread outside it
    refuses them, and the answer must still go out."""
    try:
        method(**arguments)
    except SlackApiError as refused:
        log.info("assistant call refused: %s", refused.response.get("error"))


def _viewer(deps: SlackDeps, turn: SlackTurn, author: str) -> Show:
    if turn.private:
        return partial(deps.engine.reveal, turn.thread_id, author)
    return lambda text: text


def _title(result: TurnResult) -> str:
    """The assistant thread's title: the plan's subject, else the redacted request."""
    if result.plan is not None:
        return truncate(result.plan.workflow_name or result.plan.primary.display_name, MAX_TITLE)
    return truncate(result.request, MAX_TITLE)
