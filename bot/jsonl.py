"""The JSON-lines contract of ``baton route --jsonl`` and ``baton redact --jsonl``.

Each input line is ``{"id": ..., "text": ...}``; each output line answers one
input line, in order. Whatever goes wrong with one line (not UTF-8, not JSON, nested
too deep, too long, wrong types, a failure while handling it) becomes that line's
``{"id", "error"}`` and the rest go on.
Error messages name what is wrong but never quote the text: it may hold PHI.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

MAX_TEXT_CHARS = 20_000
MAX_ID_CHARS = 200
# Room for MAX_TEXT_CHARS written as JSON escapes (up to 12 bytes a character for a
# surrogate pair), an id and a few extra keys; a longer line is refused unread, so one
# huge line cannot exhaust memory.
MAX_LINE_BYTES = 1024 * 1024
# Far below Python's recursion limit: a request is a flat object, so any nesting beyond
# this is not a request, and refusing it before ``json.loads`` keeps the parser's
# recursion out of reach.
MAX_NESTING = 64
_CHUNK = 64 * 1024

log = logging.getLogger("baton.jsonl")


@dataclass(frozen=True)
class JsonlRequest:
    id: Any
    text: str


class BadLine(ValueError):
    def __init__(self, request_id: Any, message: str) -> None:
        super().__init__(message)
        self.request_id = request_id


def _nesting_depth(line: str) -> int:
    """The deepest ``[``/``{`` nesting of a JSON text, outside strings (no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _is_encodable(value: str) -> bool:
    # JSON may spell lone surrogates (\ud800); they cannot be written back out as UTF-8.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _request_id(item: dict[str, Any], number: int) -> str | int:
    request_id = item.get("id")
    if "id" not in item or not isinstance(request_id, str | int) or isinstance(request_id, bool):
        raise BadLine(None, f"line {number} needs an 'id' that is a string or an integer")
    if isinstance(request_id, str) and (
        len(request_id) > MAX_ID_CHARS or not _is_encodable(request_id)
    ):
        raise BadLine(
            None, f"line {number} has an 'id' longer than {MAX_ID_CHARS} characters or not text"
        )
    return request_id


def parse_line(raw: bytes, number: int) -> JsonlRequest:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadLine(None, f"line {number} is not valid UTF-8") from None
    brackets = line.count("[") + line.count("{")
    if brackets > MAX_NESTING and _nesting_depth(line) > MAX_NESTING:
        raise BadLine(None, f"line {number} is nested more than {MAX_NESTING} levels deep")
    try:
        item = json.loads(line)
    except RecursionError:  # a safety net: the depth check above should come first
        raise BadLine(None, f"line {number} is nested too deeply") from None
    except ValueError:  # not JSON, or a number too long for Python to convert
        raise BadLine(None, f"line {number} is not valid JSON") from None
    if not isinstance(item, dict):
        raise BadLine(None, f"line {number} must be a JSON object with 'id' and 'text'")
    request_id = _request_id(item, number)
    text = item.get("text")
    if not isinstance(text, str):
        raise BadLine(request_id, "'text' is missing or is not a string")
    if not text.strip():
        raise BadLine(request_id, "'text' is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise BadLine(request_id, f"'text' is longer than {MAX_TEXT_CHARS} characters")
    if "\x00" in text:
        raise BadLine(request_id, "'text' contains NUL characters")
    if not _is_encodable(text):
        raise BadLine(request_id, "'text' contains unpaired surrogate escapes")
    return JsonlRequest(id=request_id, text=text)


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Each line of ``stream``, or None for a line over ``MAX_LINE_BYTES`` (skipped
    unread, a chunk at a time)."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(_CHUNK)
        yield None


def _answer(
    number: int, raw: bytes | None, handle: Callable[[JsonlRequest], dict[str, Any]]
) -> dict[str, Any] | None:
    if raw is None:
        return {"id": None, "error": f"line {number} is longer than {MAX_LINE_BYTES} bytes"}
    stripped = raw.strip()
    if not stripped:
        return None
    try:
        request = parse_line(stripped, number)
    except BadLine as bad:
        return {"id": bad.request_id, "error": str(bad)}
    try:
        return {"id": request.id, **handle(request)}
    except ValueError as exc:  # a domain error with a message meant for the user
        return {"id": request.id, "error": str(exc)}
    except Exception:
        incident = uuid.uuid4().hex[:8]
        log.exception("line %d failed, incident %s", number, incident)
        return {"id": request.id, "error": f"could not process this line (incident {incident})"}


def process_jsonl(
    stream: BinaryIO, handle: Callable[[JsonlRequest], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Yield one output object per non-blank input line."""
    for number, raw in enumerate(_lines(stream), start=1):
        answer = _answer(number, raw, handle)
        if answer is not None:
            yield answer
