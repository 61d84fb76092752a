"""The JSON-lines contract of ``baton route --jsonl`` and ``baton redact --jsonl``.

Each input line is ``{"id": ..., "text": ...}``; each output line answers one
input line, in order. A bad line gets ``{"id", "error"}`` and the rest go on.
Error messages name what is wrong but never quote the text: it may hold PHI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class JsonlRequest:
    id: Any
    text: str


class BadLine(ValueError):
    def __init__(self, request_id: Any, message: str) -> None:
        super().__init__(message)
        self.request_id = request_id


def parse_line(raw: bytes, number: int) -> JsonlRequest:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLine(None, f"line {number} is not valid UTF-8") from None
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        raise BadLine(None, f"line {number} is not valid JSON") from None
    if not isinstance(item, dict):
        raise BadLine(None, f"line {number} must be a JSON object with 'id' and 'text'")
    request_id = item.get("id")
    if "id" not in item or not isinstance(request_id, str | int) or isinstance(request_id, bool):
        raise BadLine(None, f"line {number} needs an 'id' that is a string or an integer")
    text = item.get("text")
    if not isinstance(text, str):
        raise BadLine(request_id, "'text' is missing or is not a string")
    if not text.strip():
        raise BadLine(request_id, "'text' is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise BadLine(request_id, f"'text' is longer than {MAX_TEXT_CHARS} characters")
    if "\x00" in text:
        raise BadLine(request_id, "'text' contains NUL characters")
    return JsonlRequest(id=request_id, text=text)


def process_jsonl(
    stream: BinaryIO, handle: Callable[[JsonlRequest], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Yield one output object per non-blank input line."""
    lines: Iterable[bytes] = stream
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        try:
            request = parse_line(stripped, number)
        except BadLine as bad:
            yield {"id": bad.request_id, "error": str(bad)}
            continue
        try:
            yield {"id": request.id, **handle(request)}
        except ValueError as exc:  # a domain error with a message meant for the user
            yield {"id": request.id, "error": str(exc)}
