"""Schemathesis against a real ``baton serve``: no 5xx, nothing off the published schema.

The test builds the demo practice in a fresh data directory, leaves a few records whose
timestamps the store hands back (a decided decision request, an edited time entry, a
cancelled handoff), starts ``baton serve`` on a free port and runs ``st run`` once per
role with that role's token. Every check that holds the API to its schema is on: no
server error, every status documented, every body matching its schema (``date-time``
included), the content type, 405 with a right ``Allow``.

The conversation stream (``GET /threads/{id}/events``) is left out: answered well, it
stays open for as long as the client listens, which a fuzzer can only read as a timeout.
Its refusals, its content type and its events are tested against a real server in
``tests/api/test_api_thread_events.py``.

The run is bounded (``BATON_FUZZ_EXAMPLES`` examples per operation, 8 by default) and
seeded (``BATON_FUZZ_SEED``), so CI repeats it in a few minutes; raise both to search
further. Schemathesis runs in its own process, as an operator would run it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.serving import Baton, bearer

EXAMPLES = int(os.environ.get("BATON_FUZZ_EXAMPLES", "8"))
SEED = int(os.environ.get("BATON_FUZZ_SEED", "20261205"))
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "unsupported_method",
        "allow_header_conformance",
    )
)
ROLES = ("coordinator", "supervisor", "admin", "auditor")
# Streams that stay open while the client listens (see the module docstring).
OPEN_STREAMS = r"/threads/\{thread_id\}/events$"
STAFF_LINE = re.compile(r"^\s*(\d+)\s+(coordinator|supervisor|admin|auditor)\s", re.MULTILINE)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Baton]]:
    practice = Baton(tmp_path_factory.mktemp("fuzz") / "data")
    practice.run("demo-data", "--patients", "20", "--months", "1")
    with practice.serving() as base:
        yield base, practice


def _staff_by_role(practice: Baton) -> dict[str, int]:
    found: dict[str, int] = {}
    for staff_id, role in STAFF_LINE.findall(practice.run("staff", "list")):
        found.setdefault(role, int(staff_id))
    return found


def _leave_timestamped_records(base: str, practice: Baton, tokens: dict[str, str]) -> None:
    """Records whose timestamps come back from the store: a decided request, an edited
    entry, a cancelled handoff. Without them the responses that carry those fields are
    empty lists, and their schema is never checked."""

    def call(role: str, method: str, path: str, **kwargs: object) -> httpx.Response:
        url = f"{base}/api/v1{path}"
        return httpx.request(method, url, headers=bearer(tokens[role]), timeout=60, **kwargs)

    patient = call("coordinator", "GET", "/patients").json()[0]
    task_type = next(
        t["name"] for t in call("coordinator", "GET", "/task-types").json() if not t["program"]
    )
    entry = {"patient": patient["chart_code"], "task_type": task_type, "minutes": 10}
    logged = call("coordinator", "POST", "/tasks", json=entry)
    assert logged.status_code == 201, logged.text
    edited = call("coordinator", "PATCH", f"/tasks/{logged.json()['id']}", json={"minutes": 12})
    assert edited.status_code == 200, edited.text

    handoff = {
        "title": "Re-send the prior authorization packet",
        "owner_role": "Billing supervisor",
        "due_in_hours": 8,
        "escalate_after_hours": 4,
    }
    opened = call("admin", "POST", "/handoffs", json=handoff)
    assert opened.status_code == 201, opened.text
    cancel = {"reason": "sent twice"}
    assert call("admin", "POST", f"/handoffs/{opened.json()['id']}/cancel", json=cancel).is_success

    turn = {"text": "Please approve the write-off of $450 on this account"}
    asked = call("coordinator", "POST", "/threads/fuzz-seed/turns", json=turn)
    assert asked.status_code == 200 and asked.json()["waiting_for_decision"], asked.text
    decision = call("admin", "GET", f"/decisions/{asked.json()['waiting_for_decision']}").json()
    answered = httpx.post(
        f"{base}/api/v1/decisions/{decision['id']}/answer",
        headers=bearer(practice.token(decision["owner_staff_id"])),
        json={"answer": "reject", "comment": "not billed yet"},
        timeout=60,
    )
    assert answered.status_code == 200 and answered.json()["decision"]["decided_at"]


def test_no_server_error_and_no_schema_mismatch_for_any_role(served, tmp_path: Path) -> None:
    base, practice = served
    staff = _staff_by_role(practice)
    assert set(staff) == set(ROLES), staff
    tokens = {role: practice.token(staff_id) for role, staff_id in staff.items()}
    _leave_timestamped_records(base, practice, tokens)
    failures = []
    for role in ROLES:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {tokens[role]}",
                "--checks",
                CHECKS,
                "--exclude-path-regex",
                OPEN_STREAMS,
                "--max-examples",
                str(EXAMPLES),
                "--seed",
                str(SEED),
                "--workers",
                "1",
                "--generation-database",
                "none",
                "--request-timeout",
                "60",
                "--no-color",
                "--report",
                "junit",
                "--report-dir",
                str(tmp_path / role),
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,  # schemathesis keeps state in the working directory
        )
        if run.returncode != 0:
            failures.append(f"--- as {role} (seed {SEED}) ---\n{run.stdout[-6000:]}")
    assert not failures, "\n".join(failures)
