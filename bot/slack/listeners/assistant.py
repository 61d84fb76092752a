"""The assistant side panel: greeting and suggested prompts by role, then each message
in the panel's thread is a turn (with "thinking…" status and a thread title)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Assistant, BoltContext

from bot.slack.blocks.assistant import suggested_prompts
from bot.slack.blocks.notices import UNKNOWN_USER, greeting_blocks
from bot.slack.conversation import SlackTurn, submit_turn
from bot.slack.deps import SlackDeps
from bot.slack.errors import log_incident
from bot.slack.identity import identify
from bot.slack.posting import post_blocks, post_failure, post_private_note
from bot.slack.threads import graph_thread_id, plain_text

EVENTS = ("assistant_thread_started", "assistant_thread_context_changed")


def greet(deps: SlackDeps, team_id: str, thread: dict[str, Any]) -> None:
    """A new panel thread: who is this, then a greeting and prompts for their role."""
    channel, ts, user = thread["channel_id"], thread["thread_ts"], thread["user_id"]
    try:
        if deps.event_seen(thread.get("event_id")):
            return
        actor = identify(
            deps.records, user, "assistant.start", graph_thread_id(team_id, channel, ts)
        )
        if actor is None:
            post_private_note(deps.client, channel, user, UNKNOWN_USER, ts)
            return
        post_blocks(
            deps.client, channel, "Hi from Baton", greeting_blocks(actor.name.split()[0]), ts
        )
        deps.client.assistant_threads_setSuggestedPrompts(
            channel_id=channel,
            thread_ts=ts,
            title="Try one of these",
            prompts=suggested_prompts(actor.role),
        )
    except Exception:  # noqa: BLE001 - never silence
        post_failure(deps.client, channel, log_incident("slack assistant greeting"), ts)


def register(app: App, deps: SlackDeps) -> None:
    assistant = Assistant()

    @assistant.thread_started
    def on_started(body: dict[str, Any], payload: dict[str, Any]) -> None:
        thread = {**payload["assistant_thread"], "event_id": body.get("event_id")}
        deps.work.submit(greet, deps, str(body.get("team_id") or ""), thread)

    @assistant.thread_context_changed
    def on_context_changed() -> None:
        # Which channel the user is looking at: Baton does not read channels, so there
        # is nothing to keep (the default would store it in message metadata).
        return None

    @assistant.user_message
    def on_message(body: dict[str, Any], payload: dict[str, Any], context: BoltContext) -> None:
        if payload.get("subtype") or not payload.get("user"):
            return
        submit_turn(
            deps,
            SlackTurn(
                team_id=str(body.get("team_id") or ""),
                channel_id=str(payload["channel"]),
                thread_ts=str(payload["thread_ts"]),
                user_id=str(payload["user"]),
                text=plain_text(str(payload.get("text") or ""), context.bot_user_id) or "help",
                kind="assistant",
                private=True,
                event_id=body.get("event_id"),
                assistant=True,
            ),
        )

    app.assistant(assistant)
