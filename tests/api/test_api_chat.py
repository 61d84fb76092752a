"""Chat turns and routing over HTTP: JSON and server-sent events; threads are per person."""

from __future__ import annotations

import json
import uuid

from tests.api.conftest import Api

PHI_REQUEST = "pt Rosalind Okafor MRN 00736215 is waiting on prior auth for her knee MRI"


def _sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_a_turn_answers_with_a_plan_showing_the_author_their_own_values(api: Api) -> None:
    thread = uuid.uuid4().hex
    response = api.post(f"/api/v1/threads/{thread}/turns", "ana", json={"text": PHI_REQUEST})
    assert response.status_code == 200
    turn = response.json()
    assert turn["thread_id"] == thread and turn["kind"] == "plan" and turn["phi_detected"]
    assert turn["agent"] == turn["answer"]["primary"]["agent"]
    assert "Rosalind Okafor" in turn["markdown"] and "Rosalind Okafor" in turn["request"]
    assert turn["answer"]["boundaries"], "the plan has its handoffs"
    # Another person cannot see this conversation at all; the author reads it back.
    assert api.get(f"/api/v1/threads/{thread}", "ben").status_code == 404
    again = api.get(f"/api/v1/threads/{thread}", "ana").json()
    assert again["kind"] == "plan" and "00736215" in again["markdown"]


def test_a_turn_streams_status_events_then_the_result(api: Api) -> None:
    thread = uuid.uuid4().hex
    response = api.post(
        f"/api/v1/threads/{thread}/turns",
        "ana",
        json={"text": "prior auth for an MRI has been pending with the payer for nine days"},
        headers={"Accept": "text/event-stream"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _sse(response.text)
    nodes = [data["node"] for kind, data in events if kind == "status"]
    assert nodes[0] == "guard" and "route" in nodes and nodes[-1] == "respond"
    kind, result = events[-1]
    assert kind == "result" and result["kind"] == "plan" and result["thread_id"] == thread


def test_bad_turns_are_422_and_unknown_threads_404(api: Api) -> None:
    assert api.post("/api/v1/threads/abc/turns", "ana", json={"text": ""}).status_code == 422
    assert api.post("/api/v1/threads/abc/turns", "ana", json={}).status_code == 422
    assert api.post("/api/v1/threads/a%20b/turns", "ana", json={"text": "hi"}).status_code == 422
    assert api.post("/api/v1/threads/abc/turns", json={"text": "hi"}).status_code == 401
    assert api.get(f"/api/v1/threads/{uuid.uuid4().hex}", "ana").status_code == 404
    assert api.get("/api/v1/threads/abc").status_code == 401


def test_a_coordinator_logs_time_in_chat_after_confirming(api: Api) -> None:
    thread = uuid.uuid4().hex
    asked = api.post(
        f"/api/v1/threads/{thread}/turns",
        "ana",
        json={"text": "log 25 min CCM care plan review for chart ZK1029"},
    ).json()
    assert asked["kind"] == "confirm" and "ZK1029" in asked["markdown"]
    done = api.post(f"/api/v1/threads/{thread}/turns", "ana", json={"text": "yes"}).json()
    assert done["kind"] == "action" and done["answer"]["status"] == "done"
    assert api.get("/api/v1/tasks", "ana").json()[0]["minutes"] == 25


def test_route_names_the_specialist_on_redacted_text(api: Api) -> None:
    response = api.post("/api/v1/route", "ana", json={"text": PHI_REQUEST})
    assert response.status_code == 200
    routed = response.json()
    assert routed["primary_agent"] and routed["phi_detected"]
    assert "Okafor" not in routed["redacted_text"]
    assert api.post("/api/v1/route", "ana", json={"text": ""}).status_code == 422
    assert api.post("/api/v1/route", json={"text": "x"}).status_code == 401
