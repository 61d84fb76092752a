"""``baton redact``: the request with its PHI replaced by typed placeholders."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.arguments import require_text
from bot.cli.output import print_json
from bot.cli.runtime import guard_for
from bot.jsonl import process_jsonl
from bot.settings import BatonSettings


def register(sub: Any) -> None:
    redact = sub.add_parser("redact", help="replace PHI with typed placeholders")
    redact.add_argument("text", nargs="?")
    redact.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin")
    redact.set_defaults(run=cmd_redact)


def cmd_redact(args: argparse.Namespace, settings: BatonSettings) -> int:
    guard = guard_for(settings)
    if args.jsonl:
        for out in process_jsonl(sys.stdin.buffer, lambda r: _redact_record(guard, r.text)):
            print_json(out)
        return 0
    print(guard.redact(require_text(args.text)).text)
    return 0


def _redact_record(guard: Any, text: str) -> dict[str, Any]:
    redaction = guard.redact(text)
    return {
        "redacted_text": redaction.text,
        "entities": [{"type": e.type, "start": e.start, "end": e.end} for e in redaction.entities],
    }
