"""The FastAPI application: ``create_app`` builds it; this module does nothing else.

``create_app(settings)`` alone builds the engine and opens the store when the server
starts (the path each worker process of ``baton serve --workers N`` takes);
``create_app(settings, engine, records)`` uses ones the caller already has (``baton
serve`` with one worker, tests). ``extra_routers`` are mounted as given, outside
``/api/v1`` (e.g. Slack's ``POST /slack/events``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import ExitStack, asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from bot.api.errors import install_error_handlers
from bot.api.metrics import DECISIONS_PENDING
from bot.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from bot.api.responses import install_error_responses
from bot.api.routes import (
    audit,
    billing,
    cases,
    chat,
    corrections,
    decisions,
    directory,
    feedback,
    handoffs,
    health,
    notifications,
    pcp,
    records,
    referrals,
    routing,
    schedules,
    tasks,
    thread_events,
    thread_handoffs,
    write_offs,
)
from bot.api.services import ApiServices
from bot.settings import BatonSettings
from tools.context import ToolContext

log = logging.getLogger("bot.api")
API_PREFIX = "/api/v1"
API_ROUTERS = (
    chat.router,
    thread_events.router,
    feedback.router,
    corrections.router,
    thread_handoffs.router,
    routing.router,
    records.router,
    tasks.router,
    schedules.router,
    billing.router,
    write_offs.router,
    decisions.router,
    handoffs.router,
    cases.router,
    referrals.router,
    pcp.router,
    notifications.router,
    directory.router,
    audit.router,
)


def build_services(settings: BatonSettings, stack: ExitStack) -> ApiServices:
    """The PHI guard (and logs behind it), the store and the engine, closed by ``stack``."""
    from bot.logs import log_through_guard, serve_uvicorn_logs_through_ours
    from bot.serving import limit_blas_threads, settle_start_up_heap
    from graph.engine import BatonEngine
    from tools.free_text import PhiTextGuard
    from tools.phi.guard import PhiGuard
    from tools.store.database import Database

    limit_blas_threads()  # each worker process, before its models load
    guard = PhiGuard()
    log_through_guard(settings, guard, to_stderr=True)
    serve_uvicorn_logs_through_ours()
    records = ToolContext(
        Database(settings.database_url_or_default()),
        **settings.tool_options(),
        guard=PhiTextGuard(guard),  # every free text a tool stores passes it
    )
    records.prepare()
    stack.callback(records.db.dispose)
    engine = BatonEngine(settings.engine_config(), guard=guard, records=records)
    stack.callback(engine.close)
    engine.warm_up()  # before the first request, and before the heap is frozen
    settle_start_up_heap()
    return ApiServices(settings, engine, records)


def create_app(
    settings: BatonSettings,
    engine: Any = None,
    records: ToolContext | None = None,
    extra_routers: Iterable[APIRouter] = (),
    on_ready: Callable[[], None] | None = None,
) -> FastAPI:
    """The API and web pages; ``on_ready`` runs once the engine is loaded (``baton serve``
    tells the operator, who otherwise sees nothing at the default log level)."""
    from bot.serving import choose_nlp_ops_for_requests

    choose_nlp_ops_for_requests()
    given = ApiServices(settings, engine, records) if engine and records else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            if app.state.baton is None:
                app.state.baton = await run_in_threadpool(build_services, settings, stack)
            if slack_http_enabled(settings) and app.state.baton.slack_app is None:
                app.state.baton.slack_app = await run_in_threadpool(_build_slack, app.state.baton)
                stack.callback(app.state.baton.slack_app.deps.close)
            DECISIONS_PENDING.records = (
                app.state.baton.records if settings.metrics_enabled else None
            )
            timer = _job_timer(app.state.baton) if settings.jobs_interval_s > 0 else None
            if timer is not None:
                timer.start()
                stack.callback(timer.stop)
            log.info("Baton ready")
            if on_ready is not None:
                on_ready()
            yield
            DECISIONS_PENDING.records = None
            log.info("Baton stopping: requests in flight have finished")

    app = FastAPI(
        title="Baton",
        version="1",
        summary="Healthcare-operations requests routed to specialists, with handoff plans; "
        "the coordinators' task log, billing and decision queue.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.baton = given
    api = APIRouter(prefix=API_PREFIX)
    for router in API_ROUTERS:
        api.include_router(router)
    app.include_router(api)
    app.include_router(health.router, include_in_schema=True)
    for router in extra_routers:
        app.include_router(router)
    if slack_http_enabled(settings):
        from bot.slack.http import slack_router

        # Built with the engine at start-up; every worker answers Slack's events.
        app.include_router(slack_router(lambda: app.state.baton.slack_app))
    _mount_web(app)
    install_error_handlers(app)
    install_error_responses(app, API_PREFIX)
    origins = settings.cors_origin_list()
    if origins:  # off unless BATON_CORS_ORIGINS names the origins to allow
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(RequestContextMiddleware)  # outermost: ids and headers on everything
    return app


def _job_timer(services: ApiServices) -> Any:
    """Nudges, escalations, task sets, notifications and answered-decision resumes, every
    ``BATON_JOBS_INTERVAL_S`` seconds (safe with several workers: the work locks its rows)."""
    from bot.jobs import JobTimer, run_due_once

    notifier = notifier_for(services)

    def work() -> None:
        run_due_once(services.records, notifier, lambda: services.engine)

    return JobTimer(work, services.settings.jobs_interval_s)


def notifier_for(services: ApiServices) -> Any:
    """Slack DMs when the Slack app runs here; otherwise the log (the outbox keeps all)."""
    if services.slack_app is not None:
        from bot.slack.notifier import SlackNotifier

        return SlackNotifier(services.slack_app.deps)
    from tools.notify import LogNotifier

    return LogNotifier()


def slack_http_enabled(settings: BatonSettings) -> bool:
    """Slack's HTTP mode: a bot token and the signing secret that verifies its requests."""
    return settings.slack_bot_token is not None and settings.slack_signing_secret is not None


def _build_slack(services: ApiServices) -> Any:
    from bot.slack.app import build_slack_app

    return build_slack_app(services.settings, services.engine, services.records)


def _mount_web(app: FastAPI) -> None:
    from bot.web.pages import mount_web

    mount_web(app)


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory`` worker processes: settings from the environment."""
    return create_app(BatonSettings(), on_ready=_announce_worker_ready)


def _announce_worker_ready() -> None:
    print(f"Baton worker {os.getpid()} is ready", file=sys.stderr, flush=True)
