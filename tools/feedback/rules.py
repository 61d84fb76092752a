"""What a feedback verdict, a comment and a routing correction must be, as pure checks.

Texts are checked before the PHI guard sees them; the checks never quote the text, so
their messages are safe to show, log and audit.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

MAX_COMMENT_CHARS = 500  # a short remark; longer stories belong elsewhere
MAX_CORRECTION_CHARS = 20_000  # a request as long as a chat turn may be
MAX_IMPORT_LINE_BYTES = 1 << 20


@dataclass(frozen=True)
class CorrectionLine:
    """One line of a corrections file: a request and the specialist it belongs to."""

    text: str
    agent: str


def comment_problem(comment: str) -> str | None:
    """Why ``comment`` cannot be stored; None if it can (line breaks are fine)."""
    return _text_problem(comment, MAX_COMMENT_CHARS)


def correction_text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a labelled request; None if it can."""
    if not text.strip():
        return "required"
    return _text_problem(text, MAX_CORRECTION_CHARS)


def _text_problem(text: str, max_chars: int) -> str | None:
    if len(text) > max_chars:
        return f"at most {max_chars} characters"
    if any(_is_hidden_control(char) for char in text):
        return "contains a control character"
    if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
        return "contains an unpaired surrogate"
    return None


def agent_problem(agent: str, agents: Collection[str]) -> str | None:
    """Why ``agent`` is not a specialist Baton knows; None if it is one."""
    if not agent:
        return "required"
    if agent not in agents:
        return "not one of the 51 specialists"
    return None


def _is_hidden_control(char: str) -> bool:
    # Line breaks and tabs are how people write; NUL and escapes hide text (and
    # PostgreSQL cannot store NUL).
    return unicodedata.category(char) == "Cc" and char not in "\n\t\r"


def parse_correction_line(line: str | bytes, agents: Collection[str]) -> CorrectionLine:
    """A ``{"text", "primary_agent"}`` JSON line; ValueError names what is wrong."""
    if isinstance(line, bytes):
        if len(line) > MAX_IMPORT_LINE_BYTES:
            raise ValueError("longer than 1 MiB")
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("not UTF-8") from None
    elif len(line) > MAX_IMPORT_LINE_BYTES:
        raise ValueError("longer than 1 MiB")
    try:
        item: Any = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError("not JSON") from None
    if not isinstance(item, dict):
        raise ValueError('not an object with "text" and "primary_agent"')
    text, agent = item.get("text"), item.get("primary_agent")
    if not isinstance(text, str):
        raise ValueError("text: required, a string")
    if not isinstance(agent, str):
        raise ValueError("primary_agent: required, a string")
    problem = correction_text_problem(text)
    if problem:
        raise ValueError(f"text: {problem}")
    problem = agent_problem(agent, agents)
    if problem:
        raise ValueError(f"primary_agent: {problem}")
    return CorrectionLine(text=text, agent=agent)
