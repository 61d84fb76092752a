"""HTTP mode: ``POST /slack/events`` for ``baton serve`` (events, commands, interactivity).

Bolt verifies every request's signature (v0 HMAC-SHA256 of the timestamp and body, at
most five minutes old) and answers 401 otherwise. Dispatch runs on a worker thread so the
event loop keeps accepting requests while a listener acknowledges.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot.slack.manifest import EVENTS_PATH

AppSource = App | Callable[[], App]


def slack_router(bolt_app: AppSource) -> APIRouter:
    """The router to mount in ``baton serve``.

    ``bolt_app`` is the App, or a function returning it for servers that build the
    engine during start-up (called on the first request, then kept).
    """
    if isinstance(bolt_app, App):
        _require_signing_secret(bolt_app)
    resolved: list[App] = [bolt_app] if isinstance(bolt_app, App) else []
    router = APIRouter(tags=["slack"])

    def app_now() -> App:
        if not resolved:
            assert not isinstance(bolt_app, App)
            built = bolt_app()
            _require_signing_secret(built)
            resolved.append(built)
        return resolved[0]

    @router.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_request = to_bolt_request(request, body)
        bolt_response = await run_in_threadpool(app_now().dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return router


def _require_signing_secret(app: App) -> None:
    deps = getattr(app, "deps", None)
    if deps is not None and not deps.verifies_signatures:
        raise ValueError(
            "HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials): "
            "without it no request from Slack can be verified"
        )
