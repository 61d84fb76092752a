"""The decision queue over HTTP: only the owner decides, and the asker's thread hears it."""

from __future__ import annotations

import uuid

from tests.api.conftest import Api
from tools.access import Actor
from tools.owners import set_owner

ROLE = "Revenue cycle director"
WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


def _ask_for_decision(api: Api) -> tuple[str, int]:
    set_owner(api.records, Actor.system("test"), ROLE, primary=api.staff["sue"])
    thread = uuid.uuid4().hex
    turn = api.post(f"/api/v1/threads/{thread}/turns", "ana", json={"text": WRITE_OFF}).json()
    assert turn["decision_note"] and "decision request #" in turn["decision_note"]
    assert turn["waiting_for_decision"] is not None
    return thread, turn["waiting_for_decision"]


def test_the_owner_approves_and_the_askers_thread_shows_it(api: Api) -> None:
    thread, decision_id = _ask_for_decision(api)
    queue = api.get("/api/v1/decisions", "sue").json()
    assert [d["id"] for d in queue] == [decision_id]
    assert queue[0]["urgency"] == "pending" and queue[0]["open"]
    assert (
        api.get(f"/api/v1/decisions/{decision_id}", "ana").json()["requester_id"]
        == api.staff["ana"]
    )
    answered = api.post(
        f"/api/v1/decisions/{decision_id}/answer", "sue", json={"answer": "approve"}
    )
    assert answered.status_code == 200
    body = answered.json()
    assert body["decision"]["status"] == "approved" and not body["decision"]["open"]
    assert body["thread"]["kind"] == "action"
    seen = api.get(f"/api/v1/threads/{thread}", "ana").json()
    assert "approved by Sue Super (Revenue cycle director)" in seen["markdown"]
    assert seen["waiting_for_decision"] is None
    again = api.post(f"/api/v1/decisions/{decision_id}/answer", "sue", json={"answer": "approve"})
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "already_decided"


def test_refusals_name_their_rule(api: Api) -> None:
    _, decision_id = _ask_for_decision(api)
    path = f"/api/v1/decisions/{decision_id}/answer"
    no_comment = api.post(path, "sue", json={"answer": "reject"})
    assert no_comment.status_code == 422
    assert no_comment.json()["detail"][0] == {
        "loc": ["comment"],
        "msg": "a rejection needs a comment",
        "type": "comment_required",
    }
    not_owner = api.post(path, "cara", json={"answer": "approve"})
    assert not_owner.status_code == 403 and not_owner.json()["detail"][0]["type"] == "not_owner"
    assert api.post(path, "sue", json={"answer": "maybe"}).status_code == 422
    assert api.post(path, "sue", json={}).status_code == 422
    assert (
        api.post("/api/v1/decisions/99999/answer", "sue", json={"answer": "approve"}).status_code
        == 404
    )
    assert api.get("/api/v1/decisions/99999", "sue").status_code == 404
    assert api.get(f"/api/v1/decisions/{decision_id}", "cara").status_code == 404
    rejected = api.post(path, "sue", json={"answer": "reject", "comment": "Appeal first."})
    assert rejected.json()["decision"]["status"] == "rejected"
    assert api.get("/api/v1/decisions", "sue").json() == []
    assert len(api.get("/api/v1/decisions", "sue", params={"all": True}).json()) == 1
    assert api.get("/api/v1/decisions").status_code == 401


def test_a_request_says_itself_in_plain_words_for_each_caller(api: Api) -> None:
    # Cara (South) is named to sign off the North team's entries: she decides, but may
    # not see Ana's patients.
    api.owners({"North team supervisor": "cara"})
    body = {
        "patient": "ZK1029",
        "task_type": "Care Coordination: General",
        "minutes": 45,
        "task_date": "2026-10-13",
        "confirm": True,
    }
    sent = api.post("/api/v1/tasks", "ana", json=body)
    assert sent.status_code == 202
    decision_id = sent.json()["decision_id"]
    path = f"/api/v1/decisions/{decision_id}"
    for_ana = api.get(path, "ana").json()
    # The ids and codes stay for programs; the stored question names no patient or date.
    assert for_ana["kind"] == "time_entry.over_average"
    assert for_ana["patient_id"] == api.patients["ZK1029"]
    assert for_ana["arguments"]["task_date"] == "2026-10-13"
    assert "ZK1029" not in for_ana["question"] and "2026-10-13" not in for_ana["question"]
    words = for_ana["words"]
    assert words["title"] == "Time entry over twice the usual"
    assert words["asker"] == "Ana Coord (care coordinator, North team)"
    assert words["deciders"].startswith("Cara Coord (North team supervisor)")
    assert words["patient"] == "ZK1029"
    assert words["change"] == (
        "45 min of 'Care Coordination: General' on Tue 13 Oct 2026 would be logged for "
        "ZK1029, as Ana Coord's time."
    )
    assert "usual 15 min" in words["why"] and words["deadline"].startswith("due in 24 h")
    assert for_ana["summary"].startswith("Time entry over twice the usual, asked by Ana Coord")
    for_cara = api.get("/api/v1/decisions", "cara").json()
    [listed] = [d for d in for_cara if d["id"] == decision_id]
    assert listed["words"]["patient"] == "a patient on Ana Coord's panel"
    assert "ZK1029" not in listed["summary"] and "ZK1029" not in listed["words"]["change"]
    assert api.get(path, "ada").json()["words"]["patient"] == "ZK1029"
    answered = api.post(
        f"{path}/answer", "cara", json={"answer": "reject", "comment": "Split it in two."}
    ).json()["decision"]
    assert answered["words"]["answered"].startswith("Rejected by Cara Coord, 14 Oct 2026")
    assert answered["words"]["patient"] == "a patient on Ana Coord's panel"
