"""``baton serve`` (the HTTP API and web pages) and ``baton staff token`` (API tokens)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli_records import cli_actor, print_json, refusals, tool_context, with_actor
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

    tokens = _subcommands_of(sub.choices["staff"]).add_parser(
        "token", help="API tokens for the HTTP API and web pages (admins)"
    )
    tsub = tokens.add_subparsers(dest="token_command", required=True)
    issue = with_actor(tsub.add_parser("issue", help="issue a token (shown once)"))
    issue.add_argument("staff_id", type=int)
    issue.add_argument("--label", default="", help="what the token is for")
    revoke = with_actor(tsub.add_parser("revoke", help="revoke a token at once"))
    revoke.add_argument("token_id", type=int)
    listing = with_actor(tsub.add_parser("list", help="tokens (never their secrets)"))
    listing.add_argument("--staff", type=int, help="only this staff member's")
    listing.add_argument("--json", action="store_true")
    tokens.set_defaults(run=cmd_token)


def _subcommands_of(parser: argparse.ArgumentParser) -> Any:
    """The sub-command table of an existing command (``baton staff``), to add to it."""
    for action in parser._actions:  # noqa: SLF001 - argparse exposes no public accessor
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return action
    raise LookupError(f"{parser.prog} has no sub-commands")


@refusals
def cmd_token(args: argparse.Namespace, settings: BatonSettings) -> int:
    from tools.tokens import issue_token, list_tokens, revoke_token

    ctx = tool_context(settings)
    actor = cli_actor(ctx, args, settings)
    if args.token_command == "issue":
        issued = issue_token(ctx, actor, args.staff_id, label=args.label)
        print(
            f"token {issued.token.id} for staff {issued.token.staff_id} (shown once; "
            f"Baton keeps only its hash):",
            file=sys.stderr,
        )
        print(issued.secret)
        return 0
    if args.token_command == "revoke":
        revoked = revoke_token(ctx, actor, args.token_id)
        print(f"token {revoked.id} ({revoked.prefix}…) revoked")
        return 0
    found = list_tokens(ctx, actor, staff_id=args.staff)
    if args.json:
        print_json([{**t.__dict__, "active": t.active} for t in found])
        return 0
    for t in found:
        state = "active" if t.active else f"revoked {t.revoked_at:%Y-%m-%d}"
        print(f"{t.id:>5} staff {t.staff_id:<5} {t.prefix}…  {state:<18} {t.label}")
    if not found:
        print("no API tokens")
    return 0


def cmd_serve(args: argparse.Namespace, settings: BatonSettings) -> int:
    import uvicorn

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
    if settings.workers > 1:
        # Each worker process builds its own engine from the same environment.
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
