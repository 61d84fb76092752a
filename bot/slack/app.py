"""Builds Baton's bolt App: configuration, the shared dependencies, the listeners.

Listeners run asynchronously (``process_before_response=False``): bolt acknowledges
events at once and runs listener bodies on a thread pool; anything slow goes on to a
second, bounded pool (``SlackDeps.work``), so an acknowledgement never waits for a turn.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.settings import BatonSettings
from bot.slack.deps import SlackDeps
from bot.slack.listeners import register_all
from bot.slack.ratelimit import UserRateLimiter
from bot.slack.store import SlackStore
from bot.slack.workers import BackgroundPool
from graph.engine import BatonEngine
from tools.context import ToolContext

# Listener bodies are quick (ack, a store read, a views.open); a generous pool keeps
# commands' acknowledgements from queueing behind each other.
LISTENER_THREADS = 16
LISTENER_QUEUE = 10_000


class SlackConfigError(ValueError):
    """Slack is not configured well enough to start; the message names the variable."""


class BatonSlackApp(App):
    """A bolt App that also holds what its listeners share (pools, store, engine)."""

    deps: SlackDeps


def slack_client(settings: BatonSettings) -> WebClient:
    if settings.slack_bot_token is None:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…)")
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
    )


def build_slack_app(
    settings: BatonSettings,
    engine: BatonEngine,
    records: ToolContext,
    client: WebClient | None = None,
) -> BatonSlackApp:
    """The App for either mode. Creating it calls ``auth.test`` once (bolt checks the
    token and learns the bot's user id)."""
    client = client or slack_client(settings)
    secret = settings.slack_signing_secret
    ack_pool = BackgroundPool(LISTENER_THREADS, LISTENER_QUEUE, "slack-listener")
    app = BatonSlackApp(
        name="baton",
        client=client,
        # Socket Mode needs no signing secret (bolt skips the check there); HTTP mode
        # refuses to start without one (bot.slack.http).
        signing_secret=secret.get_secret_value() if secret else "",
        process_before_response=False,
        listener_executor=ack_pool,
        logger=logging.getLogger("bot.slack.bolt"),
    )
    deps = SlackDeps(
        engine=engine,
        records=records,
        store=SlackStore(records.db, records.clock),
        client=client,
        work=BackgroundPool(settings.slack_workers, settings.slack_queue_limit, "slack-work"),
        ack_pool=ack_pool,
        limiter=UserRateLimiter(settings.slack_rate_per_minute, settings.slack_rate_burst),
        verifies_signatures=secret is not None,
    )
    app.deps = deps
    register_all(app, deps)
    return app
