"""Listeners grouped by kind, each module with ``register(app, deps)``.

Every listener acknowledges Slack first and leaves anything slow to the background
pool; the events, commands and interactivity they use are declared in the manifest.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners import actions, assistant, commands, events, feedback, views


def register_all(app: App, deps: SlackDeps) -> None:
    # The assistant middleware goes first: it claims threaded DM messages before the
    # plain message listener sees them.
    assistant.register(app, deps)
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    feedback.register(app, deps)
    views.register(app, deps)
