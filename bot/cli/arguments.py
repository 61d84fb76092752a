"""Argument types and options that several command groups share."""

from __future__ import annotations

import argparse
import re
from datetime import date

from bot.cli.errors import UsageError


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def month_arg(text: str) -> str:
    """A ``YYYY-MM`` month as an argument: a bad one is a usage error (exit 2)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month (YYYY-MM, e.g. 2026-11)")
    return text


def with_actor(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--as STAFF_ID`` to a record command."""
    parser.add_argument(
        "--as",
        dest="as_staff",
        type=int,
        metavar="STAFF_ID",
        help="act as this staff member (default: BATON_STAFF_ID)",
    )
    return parser


def require_text(text: str | None) -> str:
    """The request text of ``route``, ``redact`` or ``ask``: given, and not blank."""
    if text is None or not text.strip():
        raise UsageError("give the request text in quotes, or use --jsonl to read JSON lines")
    return text
