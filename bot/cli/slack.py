"""``baton slack socket`` (run the Slack app in Socket Mode) and ``baton slack manifest``.

Socket Mode runs without ``baton serve``, so it also runs the due work every minute
(``bot.jobs``) with the Slack notifier: decision requests, answers, nudges and
escalations reach people as DMs.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from bot.cli.errors import UsageError
from bot.cli.runtime import engine_for
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    slack = sub.add_parser("slack", help="the Slack app: Socket Mode, and its manifest")
    ssub = slack.add_subparsers(dest="slack_command", required=True)
    ssub.add_parser(
        "socket",
        help="connect to Slack in Socket Mode and answer (needs SLACK_BOT_TOKEN and "
        "SLACK_APP_TOKEN)",
    )
    manifest = ssub.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument(
        "--request-url",
        help="HTTP mode: https://HOST/slack/events served by `baton serve` "
        "(default: Socket Mode, no URL)",
    )
    slack.set_defaults(run=cmd_slack)


def cmd_slack(args: argparse.Namespace, settings: BatonSettings) -> int:
    if args.slack_command == "manifest":
        from bot.slack.manifest import manifest_yaml

        try:
            sys.stdout.write(manifest_yaml(args.request_url))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        return 0
    if settings.slack_bot_token is None or settings.slack_app_token is None:
        raise UsageError(
            "Socket Mode needs SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…); "
            "see the README, 'Slack'"
        )
    return run_socket(settings, threading.Event())


def run_socket(settings: BatonSettings, stop: threading.Event) -> int:
    from bot.jobs import JobTimer, run_due_once
    from bot.serving import limit_blas_threads, settle_start_up_heap
    from bot.slack.app import build_slack_app
    from bot.slack.notifier import SlackNotifier
    from bot.slack.socket import run_socket_mode

    assert settings.slack_app_token is not None
    print("Starting Baton for Slack (Socket Mode); loading models…", file=sys.stderr)
    limit_blas_threads()
    engine = engine_for(settings, with_records=True)
    records = engine.records
    assert records is not None  # engine_for(..., with_records=True)
    app = build_slack_app(settings, engine, records)
    settle_start_up_heap()
    notifier = SlackNotifier(app.deps)
    timer = JobTimer(lambda: run_due_once(records, notifier, lambda: engine))
    timer.start()
    print("Connecting to Slack. Press Ctrl-C to stop.", file=sys.stderr)
    try:
        run_socket_mode(app, settings.slack_app_token.get_secret_value(), stop)
    except KeyboardInterrupt:
        pass
    finally:
        timer.stop()
        app.deps.close()
        engine.close()
    return 0
