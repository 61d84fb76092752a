"""The --jsonl contract: one answer per line, clear errors, never the text in an error."""

import io
import json

from bot.jsonl import MAX_TEXT_CHARS, process_jsonl


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
