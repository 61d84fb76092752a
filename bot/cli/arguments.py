"""Argument types and options that several command groups share.

Numbers, ids and dates are checked by ``tools.fields``, the rules the API's schemas use:
an id the store cannot hold, a Unicode digit or a date like 0 is a usage error (exit 2)
here exactly as it is a 422 there.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from datetime import date

from bot.cli.errors import UsageError
from tools.fields import MAX_CLOCK_HOURS, MAX_ID, MINUTES_IN_A_DAY, iso_date, whole_number


def date_arg(text: str) -> date:
    try:
        return iso_date(text)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(f"{text!r} is not {problem}") from None


def whole_number_arg(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high`` in ASCII digits."""

    def parse(text: str) -> int:
        value = whole_number(text.strip(), low, high)
        if value is None:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from {low} to {high}")
        return value

    return parse


id_arg = whole_number_arg(1, MAX_ID)
# The tool's rules (5 to 120 a time entry) say what is wrong within a day's minutes.
minutes_arg = whole_number_arg(0, MINUTES_IN_A_DAY)


def id_list_arg(text: str) -> list[int]:
    """Ids separated by commas, e.g. ``4,7,9``."""
    parse = whole_number_arg(1, MAX_ID)
    try:
        return [parse(part) for part in text.split(",") if part.strip()]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{text!r}: give ids like 4,7,9") from None


def positive_number_arg(high: float, unit: str) -> Callable[[str], float]:
    """An argument type: a number of ``unit`` above 0 and at most ``high``."""

    def parse(text: str) -> float:
        # ASCII only: float() also reads other scripts' digits, which nothing else takes.
        try:
            value = float(text) if text.isascii() else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of {unit}")
        if not math.isfinite(value) or not 0 < value <= high:
            raise argparse.ArgumentTypeError(f"{unit} must be more than 0 and at most {high:g}")
        return value

    return parse


hours_arg = positive_number_arg(MAX_CLOCK_HOURS, "hours")


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
        type=id_arg,
        metavar="STAFF_ID",
        help="act as this staff member (default: BATON_STAFF_ID)",
    )
    return parser


def require_text(text: str | None) -> str:
    """The request text of ``route``, ``redact`` or ``ask``: given, and not blank."""
    if text is None or not text.strip():
        raise UsageError("give the request text in quotes, or use --jsonl to read JSON lines")
    return text
