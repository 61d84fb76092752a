"""The ``baton`` parser, and running one command: settings read once, errors as one line.

Each command group registers its sub-commands in the order ``baton --help`` lists them.
Nothing here loads a model: the commands load what they need when they run.
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from bot.cli import (
    audit,
    billing,
    chat,
    corrections,
    decisions,
    documents,
    evaluation,
    feedback,
    handoffs,
    jobs,
    panel,
    practice_data,
    redaction,
    routing,
    serve,
    slack,
    staff,
    task_types,
    tasks,
)
from bot.cli.errors import UsageError
from bot.cli.parser import EXAMPLES, BatonParser
from bot.cli.runtime import (
    log_is_guarded,
    record_incident_without_text,
    silence_logs_until_guarded,
)
from bot.settings import BatonSettings

log = logging.getLogger("baton.cli")


def baton_version() -> str:
    try:
        return version("baton")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = BatonParser(
        prog="baton",
        description="Routes healthcare-operations requests to the right specialist and "
        "answers with a handoff plan.",
        epilog=EXAMPLES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {baton_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    chat.register_chat(sub)
    routing.register(sub)
    redaction.register(sub)
    chat.register_ask(sub)
    documents.register(sub)
    evaluation.register(sub)
    corrections.register(sub)
    feedback.register(sub)
    billing.register(sub)
    tasks.register(sub)
    task_types.register(sub)
    staff.register(sub)
    panel.register(sub)
    audit.register(sub)
    practice_data.register(sub)
    jobs.register(sub)
    decisions.register(sub)
    handoffs.register(sub)
    serve.register(sub)
    slack.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = BatonSettings()
    except ValueError as exc:  # pydantic's ValidationError names the variable
        print(f"baton: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        silence_logs_until_guarded()
        return int(args.run(args, settings) or 0)
    except UsageError as exc:
        print(f"baton: {exc}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError, OSError) as exc:
        # Known failure kinds (bad data, missing model, unreadable file) carry messages
        # written for users and never the request text.
        print(f"baton: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        incident = uuid.uuid4().hex[:8]
        logged = log_is_guarded(settings)
        if logged:
            log.exception("unexpected failure, incident %s", incident)
        else:  # nothing is logged before a guard is loaded; keep a text-free record
            logged = record_incident_without_text(settings, incident, exc)
        where = f"details are in {settings.data_dir / 'baton.log'}" if logged else "not logged"
        print(f"baton: internal error (incident {incident}); {where}", file=sys.stderr)
        return 70
