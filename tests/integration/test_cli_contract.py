"""The CLI contract other tools depend on, driven through the real `baton` command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BATON = [sys.executable, "-m", "bot.cli"]
ROUTE_KEYS = {
    "id",
    "workflow",
    "workflow_name",
    "primary_agent",
    "primary_agent_name",
    "supporting_agents",
    "supporting_agent_names",
    "human_owners",
    "needs_human_decision",
    "phi_detected",
    "redacted_text",
    "confidence",
}


def run(args: list[str], data_dir: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "BATON_DATA_DIR": str(data_dir)}
    return subprocess.run(BATON + args, input=stdin, env=env, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-data")


def test_route_jsonl_answers_every_line_and_survives_bad_ones(data_dir: Path) -> None:
    lines = [
        json.dumps(
            {"id": "a", "text": "CO-197 denials spiking on imaging claims, need recovery plan"}
        ),
        "this is not json",
        json.dumps({"id": "b", "text": ""}),
        '{"id": "c", "text": "caf\xe9"}'.encode("latin-1").decode("latin-1"),
        json.dumps(
            {
                "id": "d",
                "text": "pt Lorna Vasquez-Whitby MRN 00417722 needs SNF placement, stuck 6 days",
            }
        ),
    ]
    raw = (
        "\n".join(lines[:3]).encode()
        + b"\n"
        + b'{"id": "c", "text": "caf\xe9"}\n'
        + lines[4].encode()
    )
    done = run(["route", "--jsonl"], data_dir, raw)
    assert done.returncode == 0, done.stderr.decode()
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 5
    assert set(out[0]) == ROUTE_KEYS and out[0]["primary_agent"] == "revenue-cycle-specialist"
    assert out[0]["workflow"] == "clean-claim-denial-recovery"
    assert set(out[1]) == {"id", "error"} and out[1]["id"] is None
    assert out[2] == {"id": "b", "error": "'text' is empty"}
    assert set(out[3]) == {"id", "error"}
    assert out[4]["phi_detected"] is True
    assert "Vasquez" not in out[4]["redacted_text"] and "00417722" not in out[4]["redacted_text"]
    assert b"Traceback" not in done.stderr


def test_redact_jsonl_gives_offsets_into_the_input(data_dir: Path) -> None:
    text = "Call Harriet Blomqvist at 412-555-0193 about MRN 00881234."
    done = run(["redact", "--jsonl"], data_dir, json.dumps({"id": 7, "text": text}).encode())
    assert done.returncode == 0, done.stderr.decode()
    (out,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert set(out) == {"id", "redacted_text", "entities"}
    values = {text[e["start"] : e["end"]] for e in out["entities"]}
    assert {"412-555-0193", "00881234"} <= values
    assert any("Blomqvist" in v for v in values)
    assert "Blomqvist" not in out["redacted_text"]


@pytest.mark.parametrize("command", ["route", "redact"])
def test_jsonl_a_line_nested_5000_deep_is_one_error_and_the_batch_goes_on(
    data_dir: Path, command: str
) -> None:
    raw = b"\n".join(
        [
            json.dumps({"id": "first", "text": "need a bed capacity plan"}).encode(),
            b'{"id": "deep", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            b"[" * 5000,
            b'{"id": "lone", "text": "bad \\udc00 escape"}',
            json.dumps({"id": "last", "text": "call 412-555-0193 back"}).encode(),
        ]
    )
    done = run([command, "--jsonl"], data_dir, raw + b"\n")
    assert done.returncode == 0, done.stderr.decode()
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["first", None, None, "lone", "last"]
    assert [("error" in o) for o in out] == [False, True, True, True, False]
    assert "nested" in out[1]["error"] and "nested" in out[2]["error"]
    assert "412-555-0193" not in out[-1]["redacted_text"]
    assert b"recursion" not in done.stderr and b"Traceback" not in done.stderr


def test_route_json_and_readable_output(data_dir: Path) -> None:
    done = run(["route", "--json", "change the principal diagnosis to sepsis and rebill"], data_dir)
    assert done.returncode == 0, done.stderr.decode()
    record = json.loads(done.stdout)
    assert record["needs_human_decision"] is True
    readable = run(["route", "change the principal diagnosis to sepsis and rebill"], data_dir)
    assert b"Primary agent:" in readable.stdout and b"decides" in readable.stdout


def test_ask_prints_a_markdown_plan_and_json_on_request(data_dir: Path) -> None:
    md = run(["ask", "ED boarding hours doubled; we need a bed capacity plan"], data_dir)
    assert md.returncode == 0, md.stderr.decode()
    assert b"# Handoff plan" in md.stdout and b"## Handoffs" in md.stdout
    js = run(["ask", "--format", "json", "ED boarding hours doubled; bed capacity plan"], data_dir)
    answer = json.loads(js.stdout)
    assert answer["kind"] == "plan" and answer["answer"]["primary"]["agent"]


def test_usage_errors_are_clear_and_have_no_traceback(data_dir: Path) -> None:
    done = run(["route"], data_dir)
    assert done.returncode == 2
    assert b"give the request text" in done.stderr and b"Traceback" not in done.stderr
    missing = run(["knowledge", "add", str(data_dir / "nope.md")], data_dir)
    assert missing.returncode == 1 and b"no such file" in missing.stderr
