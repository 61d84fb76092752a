"""Events: @mentions in channels and top-level direct messages, each answered in its
thread (threaded direct messages belong to the assistant listeners)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.slack.conversation import SlackTurn, submit_turn
from bot.slack.deps import SlackDeps
from bot.slack.threads import plain_text, thread_ts_of

# Event types as listeners see them; the manifest subscribes to app_mention and
# message.im (message events from direct messages only).
EVENTS = ("app_mention", "message")
HELP = "help"  # what an empty mention asks


def turn_from_event(
    body: dict[str, Any], event: dict[str, Any], bot_user_id: str | None, kind: str
) -> SlackTurn:
    private = kind == "dm"
    text = plain_text(str(event.get("text") or ""), bot_user_id) or HELP
    return SlackTurn(
        team_id=str(body.get("team_id") or event.get("team") or ""),
        channel_id=str(event["channel"]),
        thread_ts=str(event["ts"]) if private else thread_ts_of(event),
        user_id=str(event["user"]),
        text=text,
        kind=kind,
        private=private,
        event_id=body.get("event_id"),
    )


def is_top_level_dm(event: dict[str, Any]) -> bool:
    """A person's new message in a DM with Baton (not an edit, a bot, or a thread)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and not event.get("thread_ts")
        and bool(event.get("user"))
    )


def register(app: App, deps: SlackDeps) -> None:
    @app.event("app_mention")
    def on_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if not event.get("user"):
            return  # e.g. a bot or workflow mentioning Baton
        submit_turn(deps, turn_from_event(body, event, context.bot_user_id, "mention"))

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        # Every other message event (edits, deletions, bots, joins) is acknowledged and
        # ignored: an unhandled event would make Slack retry it.
        if is_top_level_dm(event):
            submit_turn(deps, turn_from_event(body, event, context.bot_user_id, "dm"))
