"""Tracking a conversation's plan over HTTP: the chosen boundaries become tracked handoffs
for their owners; those nobody can take are listed with the reason."""

from __future__ import annotations

import uuid
from typing import Any

from tests.api.conftest import Api

LATE_AUTH = "prior auth for an MRI is late"  # a plan of five handoffs; the 5th to a physician


def _plan(api: Api, who: str = "ana") -> str:
    thread = uuid.uuid4().hex[:12]
    turn = api.post(f"/api/v1/threads/{thread}/turns", who, json={"text": LATE_AUTH}).json()
    assert turn["kind"] == "plan" and len(turn["answer"]["boundaries"]) == 5
    return thread


def _track(api: Api, thread: str, who: str = "ana", **body: Any) -> Any:
    return api.post(f"/api/v1/threads/{thread}/handoffs", who, json=body)


def test_the_boundaries_someone_fills_are_tracked_and_the_rest_say_why(api: Api) -> None:
    thread = _plan(api)
    nobody = _track(api, thread)
    assert nobody.status_code == 422
    assert [d["type"] for d in nobody.json()["detail"]] == ["owner_unfilled"] * 5
    assert nobody.json()["detail"][0]["loc"] == ["body", "boundaries"]
    assert nobody.json()["detail"][0]["msg"].startswith("1. Order to auth intake: nobody")

    api.owners({"Physician advisor": "sue"})
    tracked = _track(api, thread, boundaries=[5, 2, 5, 9])
    assert tracked.status_code == 201, tracked.text
    body = tracked.json()
    (opened,) = body["opened"]
    assert opened["owner_role"] == "Physician advisor" and opened["holder_name"] == "Sue Super"
    assert opened["title"].startswith("Denial to peer-to-peer or appeal: ")
    assert opened["thread_id"] == f"s{api.staff['ana']}-{thread}"  # the caller's own thread
    assert opened["escalate_to_role"] == "Payer medical director"
    assert [(n["boundary"], n["rule"]) for n in body["not_opened"]] == [
        (2, "owner_unfilled"),
        (9, "no_boundary"),
    ]
    assert body["not_opened"][1] == {
        "boundary": 9,
        "name": None,
        "reason": "the plan has no handoff 9 (it has 5)",
        "rule": "no_boundary",
    }
    assert [h["id"] for h in api.get("/api/v1/handoffs", "sue").json()] == [opened["id"]]


def test_tracking_refusals(api: Api) -> None:
    api.owners({"Physician advisor": "sue"})
    thread = _plan(api)
    zero = _track(api, thread, boundaries=[0])
    assert zero.status_code == 422 and zero.json()["detail"][0]["loc"] == ["body", "boundaries", 0]
    assert _track(api, thread, boundaries="all").status_code == 422
    # Conversation ids are per caller: Ben cannot track Ana's plan, nor a made-up one.
    assert _track(api, thread, "ben").status_code == 404
    assert _track(api, "never-said-a-word").status_code == 404
    audited = _plan(api, "otto")
    assert _track(api, audited, "otto").status_code == 403
    assert _track(api, thread, None).status_code == 401
    assert _track(api, "a%20b").status_code == 422
    chatty = uuid.uuid4().hex[:12]
    turn = api.post(f"/api/v1/threads/{chatty}/turns", "ana", json={"text": "hello"}).json()
    assert turn["kind"] != "plan"
    no_plan = _track(api, chatty)
    assert no_plan.status_code == 422 and no_plan.json()["detail"][0]["type"] == "no_plan"
    assert api.get("/api/v1/handoffs", "sue").json() == []
