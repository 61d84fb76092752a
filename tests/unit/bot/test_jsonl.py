"""The --jsonl contract: one answer per line, clear errors, never the text in an error."""

import io
import json

import pytest

from bot.jsonl import (
    MAX_ID_CHARS,
    MAX_LINE_BYTES,
    MAX_TEXT_CHARS,
    JsonlRequest,
    process_jsonl,
)


def run(raw: bytes) -> list[dict]:
    return list(process_jsonl(io.BytesIO(raw), lambda r: {"echo_len": len(r.text)}))


def test_good_lines_are_answered_in_order_with_their_ids() -> None:
    out = run(b'{"id": "a", "text": "one"}\n{"id": 2, "text": "three"}\n')
    assert out == [{"id": "a", "echo_len": 3}, {"id": 2, "echo_len": 5}]


def test_each_bad_line_gets_an_error_and_the_rest_go_on() -> None:
    lines = [
        b'{"id": "ok1", "text": "fine"}',
        b"not json",
        b'["a list"]',
        b'{"text": "no id"}',
        b'{"id": "e1", "text": ""}',
        b'{"id": "e2", "text": 5}',
        b'{"id": "e3"}',
        b'{"id": "bin", "text": "\xff\xfe"}',
        json.dumps({"id": "big", "text": "x" * (MAX_TEXT_CHARS + 1)}).encode(),
        b'{"id": "ok2", "text": "fine again"}',
    ]
    out = run(b"\n".join(lines) + b"\n")
    assert [o.get("id") for o in out] == [
        "ok1",
        None,
        None,
        None,
        "e1",
        "e2",
        "e3",
        None,
        "big",
        "ok2",
    ]
    errors = [o["error"] for o in out if "error" in o]
    assert len(errors) == 8
    assert "not valid JSON" in errors[0]
    assert "not valid UTF-8" in errors[6]
    assert "empty" in errors[3]
    assert out[-1] == {"id": "ok2", "echo_len": 10}


def test_blank_lines_are_skipped() -> None:
    assert run(b'\n\n{"id": 1, "text": "a"}\n\n') == [{"id": 1, "echo_len": 1}]


def test_error_messages_never_quote_the_text() -> None:
    secret = "Maria Delgado"
    out = run(json.dumps({"id": 1, "text": secret, "extra": 1}).encode() + b"\n")
    assert out == [{"id": 1, "echo_len": len(secret)}]
    out = list(process_jsonl(io.BytesIO(json.dumps({"id": 9, "text": secret}).encode()), _fail))
    assert out == [{"id": 9, "error": "could not process"}]


def _fail(_request: object) -> dict:
    raise ValueError("could not process")


DEEP = 5000


@pytest.mark.parametrize(
    ("raw", "request_id", "says"),
    [
        (b"[" * DEEP + b"]" * DEEP, None, "nested more than"),
        (b'{"id": 1, "text": "a", "x": ' + b"[" * DEEP + b"]" * DEEP + b"}", None, "nested"),
        (b'{"id": 1, "text": ' + b"{" * DEEP, None, "nested"),
        (b'{"id": 1, "text": "' + b"[" * DEEP + b'"}', 1, "echo"),  # brackets in a string
        (b'{"id": ' + b"9" * 5000 + b', "text": "a"}', None, "not valid JSON"),
        (b'{"id": "' + b"i" * (MAX_ID_CHARS + 1) + b'", "text": "a"}', None, "'id'"),
        (b'{"id": "\\ud800", "text": "a"}', None, "'id'"),
        (b'{"id": 3, "text": "lone \\udc00 surrogate"}', 3, "surrogate"),
        (b'{"id": 4, "text": "nul \\u0000"}', 4, "NUL"),
        (b'{"id": true, "text": "a"}', None, "'id'"),
        (b'{"id": 1.5, "text": "a"}', None, "'id'"),
        (b'{"id": NaN, "text": "a"}', None, "'id'"),
        (b'{"id": 5, "text": ["a"]}', 5, "not a string"),
        (b'{"id": 6, "text": "   "}', 6, "empty"),
        (b'"just a string"', None, "JSON object"),
        (b"null", None, "JSON object"),
        (b"1e999999", None, "JSON object"),
        (b"\xc3\x28", None, "UTF-8"),
    ],
)
def test_any_bad_line_is_its_own_error_and_the_batch_goes_on(
    raw: bytes, request_id: object, says: str
) -> None:
    out = run(b'{"id": "before", "text": "a"}\n' + raw + b'\n{"id": "after", "text": "b"}\n')
    assert out[0] == {"id": "before", "echo_len": 1}
    assert out[-1] == {"id": "after", "echo_len": 1}
    assert len(out) == 3
    assert out[1]["id"] == request_id
    assert says in (out[1].get("error") or "echo")
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # every answer can be written out


def test_a_line_too_long_to_read_is_skipped_unread() -> None:
    huge = b'{"id": "huge", "text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}'
    out = run(b'{"id": 1, "text": "a"}\n' + huge + b'\n{"id": 2, "text": "b"}\n')
    assert out[0] == {"id": 1, "echo_len": 1}
    assert out[1] == {"id": None, "error": f"line 2 is longer than {MAX_LINE_BYTES} bytes"}
    assert out[2] == {"id": 2, "echo_len": 1}


def test_a_longest_allowed_text_in_escapes_still_fits_a_line() -> None:
    text = "\U0001f600" * MAX_TEXT_CHARS  # astral: 12 bytes each as JSON escapes
    raw = json.dumps({"id": 1, "text": text}).encode()
    assert len(raw) <= MAX_LINE_BYTES
    assert len(text) == MAX_TEXT_CHARS and run(raw) == [{"id": 1, "echo_len": MAX_TEXT_CHARS}]


@pytest.mark.parametrize(
    "failure", [RecursionError("deep"), MemoryError(), KeyError("x"), RuntimeError("Maria Delgado")]
)
def test_a_line_whose_handling_fails_in_any_way_is_that_lines_error(failure: Exception) -> None:
    def handle(request: JsonlRequest) -> dict:
        if request.id == "bad":
            raise failure
        return {"ok": True}

    raw = b'{"id": "bad", "text": "Maria Delgado"}\n{"id": "good", "text": "b"}\n'
    out = list(process_jsonl(io.BytesIO(raw), handle))
    assert out[0]["id"] == "bad" and "incident" in out[0]["error"]
    assert "Maria" not in out[0]["error"]
    assert out[1] == {"id": "good", "ok": True}
