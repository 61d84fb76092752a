"""Tracked handoffs over HTTP: texts redacted, clocks shown, only the parties move them."""

from __future__ import annotations

from tests.api.conftest import Api
from tools.access import Actor
from tools.owners import set_owner

BODY = {
    "title": "Coded account released to billing for Rosalind Okafor",
    "owner_role": "Billing supervisor",
    "due_in_hours": 96,
    "escalate_after_hours": 48,
    "entry_conditions": ["account final-coded", "charges reconciled"],
    "waiting_on": "HIM to release the coded account",
}


def _roles(api: Api) -> None:
    set_owner(api.records, Actor.system("test"), "Billing supervisor", primary=api.staff["sue"])


def test_a_handoff_is_opened_redacted_accepted_and_done(api: Api) -> None:
    _roles(api)
    opened = api.post("/api/v1/handoffs", "ana", json=BODY)
    assert opened.status_code == 201
    handoff = opened.json()
    assert "Okafor" not in handoff["title"] and "<PERSON_" in handoff["title"]
    assert handoff["status"] == "open" and handoff["holder_staff_id"] == api.staff["sue"]
    assert handoff["urgency"] == "on_time" and "due in" in handoff["status_line"]
    queue = api.get("/api/v1/handoffs", "sue").json()
    assert [h["id"] for h in queue] == [handoff["id"]]
    path = f"/api/v1/handoffs/{handoff['id']}"
    assert api.post(f"{path}/accept", "cara").status_code == 403
    accepted = api.post(f"{path}/accept", "sue").json()
    assert accepted["status"] == "accepted"
    done = api.post(f"{path}/complete", "sue", json={"result": "released"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    history = api.get(path, "ana").json()["history"]
    assert [t["to_status"] for t in history] == ["open", "accepted", "done"]
    assert api.get("/api/v1/handoffs", "sue").json() == []
    assert len(api.get("/api/v1/handoffs", "sue", params={"all": True}).json()) == 1
    closed = api.post(f"{path}/complete", "sue", json={})
    assert closed.status_code == 422 and closed.json()["detail"][0]["type"] == "handoff_closed"


def test_refusals_name_their_rule(api: Api) -> None:
    unfilled = api.post("/api/v1/handoffs", "ana", json=BODY)
    assert unfilled.status_code == 422 and unfilled.json()["detail"][0]["type"] == "owner_unfilled"
    _roles(api)
    assert api.post("/api/v1/handoffs", "otto", json=BODY).status_code == 403
    assert (
        api.post("/api/v1/handoffs", "ana", json={**BODY, "patient": "ZK1032"}).status_code == 403
    )
    assert api.post("/api/v1/handoffs", "ana", json={**BODY, "due_in_hours": 0}).status_code == 422
    handoff = api.post("/api/v1/handoffs", "ana", json=BODY).json()
    path = f"/api/v1/handoffs/{handoff['id']}"
    assert api.get(path, "cara").status_code == 404
    assert api.post(f"{path}/cancel", "sue", json={"reason": "duplicate"}).status_code == 403
    assert api.post(f"{path}/cancel", "ana", json={"reason": ""}).status_code == 422
    cancelled = api.post(f"{path}/cancel", "ana", json={"reason": "duplicate"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert api.post("/api/v1/handoffs/99999/accept", "sue").status_code == 404
    assert api.get("/api/v1/handoffs").status_code == 401


def test_the_supervisor_page_shows_open_handoffs_with_their_clocks(api: Api) -> None:
    _roles(api)
    api.post("/api/v1/handoffs", "ana", json=BODY)
    api.client.post("/login", data={"token": api.tokens["sue"]}, follow_redirects=False)
    try:
        page = api.client.get("/supervisor").text
    finally:
        api.client.cookies.clear()
    assert "open for 0 min" in page and "due in 4 d 0 h" in page
    assert "Accept handoff" in page
