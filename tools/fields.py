"""Identifiers, numbers, dates and names as every surface checks them: one set of rules.

The API's path and query schemas, the CLI's arguments and the importers all ask these
functions, so a chart code the roster accepts is one the API can address, and a number
that passes is one the store can hold. Checks return a short problem (or None) written
for a row-level report: they never repeat the value, which may be a name (PHI).

Digits are ASCII digits only: ``str.isdigit()`` is true for "²" and "¹", which ``int()``
then rejects, so it is never the test here.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from tools.errors import ToolError

# The store's integer keys are signed 64-bit (SQLite INTEGER, PostgreSQL BIGINT/serial).
MAX_ID = 2**63 - 1
MAX_CHART_CODE_CHARS = 40
# A chart code: ASCII letters, digits, "-" and "_", with at least one non-digit, since a
# reference made of digits alone is a patient id (``/api/v1/patients/{ref}``).
CHART_CODE_PATTERN = rf"^(?=[A-Za-z0-9_-]*[A-Za-z_-])[A-Za-z0-9_-]{{1,{MAX_CHART_CODE_CHARS}}}$"
# A patient reference in a path or query: an id or a chart code.
PATIENT_REF_PATTERN = rf"^[A-Za-z0-9_-]{{1,{MAX_CHART_CODE_CHARS}}}$"
# Dates a record can carry: nothing before this (a typo like 0202 for 2022).
EARLIEST_DATE = date(1900, 1, 1)
# Nor after this: far beyond any due date or filter, and far enough from ``date.max``
# that a week, month or range around it can still be computed.
LATEST_DATE = date(2999, 12, 31)
# A day is written YYYY-MM-DD in ASCII digits: not a number of seconds since 1970 (which
# pydantic would otherwise take for a date), nor "2026-W42" or other ISO 8601 spellings.
ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Minutes of one piece of work: whatever the rules allow (5 to 120 for a time entry),
# never more than a day has.
MINUTES_IN_A_DAY = 24 * 60
# A tracked handoff's clock (its time frame, its escalation timeout): up to 90 days.
MAX_CLOCK_HOURS = 24 * 90
# A calendar month, YYYY-MM. ``[0-9]``, not ``\d``, which matches every script's digits.
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

_CHART_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def is_ascii_digits(text: str) -> bool:
    """True for "0".."9" only (not "²", "١" or other Unicode digits)."""
    return text.isascii() and text.isdecimal()


def whole_number_problem(text: str, low: int, high: int) -> str | None:
    """Why ``text`` is not a whole number from ``low`` to ``high``; None if it is."""
    # Leading zeros do not count, but never reach int(): it refuses over 4,300 digits.
    significant = text.lstrip("0") or "0"
    if (
        not is_ascii_digits(text)
        or len(significant) > len(str(high))
        or not low <= int(significant) <= high
    ):
        return f"a whole number from {low} to {high}"
    return None


def whole_number(text: str, low: int, high: int) -> int | None:
    """``text`` as a whole number from ``low`` to ``high``, or None."""
    return None if whole_number_problem(text, low, high) else int(text.lstrip("0") or "0")


def iso_date(text: str) -> date:
    """``text`` as a day written YYYY-MM-DD from ``EARLIEST_DATE`` to ``LATEST_DATE``;
    ValueError (with a message naming the form, never the value) otherwise."""
    problem = "a date written YYYY-MM-DD"
    if not re.fullmatch(ISO_DATE_PATTERN, text):
        raise ValueError(problem)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(problem) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"a date from {EARLIEST_DATE} to {LATEST_DATE}")
    return day


def chart_code_problem(text: str) -> str | None:
    """Why ``text`` is not a chart code the API can address; None if it is."""
    if (
        not text
        or len(text) > MAX_CHART_CODE_CHARS
        or not set(text) <= _CHART_CODE_CHARS
        or is_ascii_digits(text)
    ):
        return (
            f"1 to {MAX_CHART_CODE_CHARS} letters, digits, '-' or '_' (A-Z, 0-9), not digits alone"
        )
    return None


def id_or_name(text: str, field: str = "patient", max_digits: int | None = None) -> int | str:
    """A reference as the tools take it: ASCII digits are an id (bounded by what the
    store holds; refused above), anything else is looked up by name or code as typed.

    With ``max_digits``, longer digit strings stay text (a provider's 10-digit NPI is
    not an id).
    """
    text = str(text).strip()
    if not is_ascii_digits(text) or (max_digits is not None and len(text) > max_digits):
        return text
    value = whole_number(text, 0, MAX_ID)
    if value is None:
        raise ToolError(f"an id is at most {MAX_ID}", rule="patient_ref", field=field)
    return value


def parse_patient_ref(text: str, field: str = "patient") -> int | str:
    """A patient reference: ASCII digits are an id, anything else a chart code
    (upper-cased, as stored). Refused if it is neither."""
    text = text.strip()
    if is_ascii_digits(text):
        return id_or_name(text, field)
    problem = chart_code_problem(text)
    if problem:
        raise ToolError(f"a patient id or chart code ({problem})", rule="patient_ref", field=field)
    return text.upper()


def text_problem(text: str, max_chars: int, *, required: bool = False) -> str | None:
    """Why ``text`` cannot be stored as a name or label; None if it can. Control
    characters (NUL, escapes, line breaks) are refused: PostgreSQL cannot store NUL, and
    the others hide text from whoever reads the record."""
    if not text:
        return "required" if required else None
    if len(text) > max_chars:
        return f"at most {max_chars} characters"
    if any(unicodedata.category(char) == "Cc" for char in text):
        return "contains a control character"
    return None


def date_problem(
    day: date, *, today: date, future: bool = False, earliest: date = EARLIEST_DATE
) -> str | None:
    """Why ``day`` is not a plausible record date; None if it is."""
    if day < earliest:
        return f"before {earliest.isoformat()}"
    if not future and day > today:
        return "in the future"
    return None
