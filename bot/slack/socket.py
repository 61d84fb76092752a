"""Socket Mode: Baton opens a WebSocket to Slack, so no public URL is needed (the
default for hospital networks). Uses slack_sdk's built-in client (no extra packages)."""

from __future__ import annotations

import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    """The handler for ``app`` (app-level token ``xapp-…`` with ``connections:write``).

    ``apps.connections.open`` goes to the same Web API address as the app's client, so
    ``SLACK_API_URL`` points Socket Mode at a staging or test server too.
    """
    return SocketModeHandler(app, app_token=app_token, web_client=app.client)


def run_socket_mode(app: App, app_token: str, stop: threading.Event | None = None) -> None:
    """Connect and serve until ``stop`` is set (or the process is interrupted)."""
    handler = socket_mode_handler(app, app_token)
    handler.connect()
    try:
        (stop or threading.Event()).wait()
    finally:
        handler.close()
