"""``baton serve``: the HTTP API and the web pages (uvicorn)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.settings import BatonSettings

GRACEFUL_SHUTDOWN_S = 20
# A worker is "ready" once its engine is loaded (models and index: seconds when idle, a few
# minutes on a busy machine); uvicorn's default 5 s would kill and respawn it forever.
WORKER_READY_TIMEOUT_S = 600


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve the HTTP API and the web pages")
    serve.add_argument("--host", help="address to listen on (default BATON_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default BATON_PORT, 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        help="worker processes (default BATON_WORKERS, 1); use "
        "PostgreSQL and a Chroma server with more than one",
    )
    serve.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: BatonSettings) -> int:
    import uvicorn

    from bot.workers import per_worker_sockets_supported, serve_workers

    updates = {
        key: value
        for key, value in (("host", args.host), ("port", args.port), ("workers", args.workers))
        if value is not None
    }
    settings = settings.model_copy(update=updates)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
        "log_config": None,  # Baton's JSON logging, set up behind the PHI guard
        "proxy_headers": True,  # X-Forwarded-Proto from a local reverse proxy (https cookies)
        "server_header": False,
        "timeout_worker_healthcheck": WORKER_READY_TIMEOUT_S,
    }
    print(
        f"Baton serving on http://{settings.host}:{settings.port}/ "
        f"(API at /api/v1, {settings.workers} worker(s)); loading models…",
        file=sys.stderr,
    )
    if settings.workers > 1 and per_worker_sockets_supported():
        # Each worker builds its own engine and accepts on its own socket (bot/workers.py).
        return serve_workers(settings, options, settings.workers)
    if settings.workers > 1:
        # Elsewhere uvicorn's workers, which share one socket; each builds its own engine.
        uvicorn.run(
            "bot.api.app:app_from_environment", factory=True, workers=settings.workers, **options
        )
        return 0
    from bot.api.app import create_app

    address = f"http://{settings.host}:{settings.port}/"

    def announce_ready() -> None:
        print(f"Baton is ready: open {address} (Ctrl-C stops it)", file=sys.stderr, flush=True)

    uvicorn.run(create_app(settings, on_ready=announce_ready), **options)
    return 0
