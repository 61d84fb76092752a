"""Feedback on answers over HTTP, and a "wrong specialist" click that, once a reviewer
accepts it, changes how Baton routes a similar request for everyone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from graph.corrections import StoredCorrections
from tests.api.conftest import Api
from tools.store.models import AnswerFeedback

# Routed elsewhere without a correction (r213 of the labelled set, names invented).
HOME_IV = (
    "Harold Binkowski, MRN 00482913, room 4W-12, uninsured, needs six weeks of IV "
    "antibiotics after discharge. What are the realistic options and who pays?"
)
SIMILAR = (
    "Uninsured patient Rosa Delgado is going home but still needs about six weeks of IV "
    "antibiotics. What options are realistic and who pays for them?"
)
CASE_MANAGER = "clinical-case-manager"


def _ask(api: Api, text: str, who: str = "ana") -> tuple[str, dict]:
    thread = uuid.uuid4().hex[:12]
    turn = api.post(f"/api/v1/threads/{thread}/turns", who, json={"text": text})
    assert turn.status_code == 200, turn.text
    return thread, turn.json()


def _feedback(api: Api, thread: str, who: str = "ana", **body: object):
    return api.post(f"/api/v1/threads/{thread}/feedback", who, json=body)


@pytest.fixture
def stored_corrections(api: Api) -> Iterator[None]:
    """The engine routes with the accepted corrections in this test's store."""
    router = api.engine.router
    before = router.corrections
    router.corrections = StoredCorrections(api.records, api.engine.index, api.engine.catalog.agents)
    try:
        yield
    finally:
        router.corrections = before


def test_a_helpful_verdict_is_stored_audited_and_counted(api: Api) -> None:
    thread, turn = _ask(api, "prior auth for an MRI is late")
    done = _feedback(api, thread, helpful=True)
    assert done.status_code == 201, done.text
    assert done.json()["correction_id"] is None
    with api.records.db.reading() as session:
        row = session.scalars(select(AnswerFeedback)).one()
    assert (row.chosen_agent, row.helpful, row.role) == (turn["agent"], True, "coordinator")
    assert row.thread_id == f"s{api.staff['ana']}-{thread}"
    assert [e.outcome for e in api.events(action="feedback.give")] == ["allowed"]
    metrics = api.get("/metrics").text
    assert f'baton_feedback_total{{agent="{turn["agent"]}",verdict="helpful"}}' in metrics


def test_a_comment_is_stored_without_the_identifiers_in_it(api: Api) -> None:
    thread, _ = _ask(api, "prior auth for an MRI is late")
    comment = "Call Maria Lopez back at 555-201-3344 about this"
    assert _feedback(api, thread, helpful=False, comment=comment).status_code == 201
    with api.records.db.reading() as session:
        stored = session.scalars(select(AnswerFeedback.comment)).one()
    assert "Maria" not in stored and "555-201-3344" not in stored


@pytest.mark.parametrize(
    ("body", "status", "kind", "loc"),
    [
        ({"helpful": False, "corrected_agent": "no-such-agent"}, 422, "agent", ["corrected_agent"]),
        ({"helpful": True, "comment": "x" * 501}, 422, "string_too_long", ["body", "comment"]),
        ({"helpful": True, "comment": "bad\u0000byte"}, 422, "comment", ["comment"]),
        ({"corrected_agent": CASE_MANAGER}, 422, "missing", ["body", "helpful"]),
    ],
)
def test_bad_feedback_is_a_clear_422_and_nothing_is_stored(api, body, status, kind, loc) -> None:
    thread, _ = _ask(api, "prior auth for an MRI is late")
    refused = _feedback(api, thread, **body)
    assert refused.status_code == status, refused.text
    assert refused.json()["detail"][0]["type"] == kind
    assert refused.json()["detail"][0]["loc"] == loc
    with api.records.db.reading() as session:
        assert session.scalars(select(AnswerFeedback)).first() is None


def test_naming_the_specialist_baton_chose_is_refused(api: Api) -> None:
    thread, turn = _ask(api, "prior auth for an MRI is late")
    refused = _feedback(api, thread, helpful=False, corrected_agent=turn["agent"])
    assert refused.status_code == 422 and refused.json()["detail"][0]["type"] == "same_agent"


def test_feedback_needs_an_answer_in_your_own_conversation(api: Api) -> None:
    thread, _ = _ask(api, "prior auth for an MRI is late")
    assert _feedback(api, thread, who="ben", helpful=True).status_code == 404
    assert _feedback(api, "never-asked", helpful=True).status_code == 404
    assert api.post(f"/api/v1/threads/{thread}/feedback", json={"helpful": True}).status_code == 401


def test_auditors_give_no_feedback(api: Api) -> None:
    thread, _ = _ask(api, "prior auth for an MRI is late", who="otto")
    refused = _feedback(api, thread, who="otto", helpful=True)
    assert refused.status_code == 403
    assert [e.outcome for e in api.events(action="feedback.give")] == ["denied"]


def test_the_picker_lists_the_51_specialists_by_division(api: Api) -> None:
    divisions = api.get("/api/v1/agents", "ana").json()
    slugs = [a["slug"] for d in divisions for a in d["agents"]]
    assert len(slugs) == len(set(slugs)) == 51
    assert all(a["slug"].startswith(d["division"] + "-") for d in divisions for a in d["agents"])
    assert [d["division"] for d in divisions][:2] == ["clinical", "emergency"]


def test_a_wrong_specialist_click_once_accepted_routes_a_similar_request(
    api: Api, stored_corrections: None
) -> None:
    assert api.post("/api/v1/route", "ana", json={"text": SIMILAR}).json()["primary_agent"] != (
        CASE_MANAGER
    )
    thread, turn = _ask(api, HOME_IV)
    assert turn["agent"] != CASE_MANAGER
    proposed = _feedback(api, thread, helpful=False, corrected_agent=CASE_MANAGER)
    correction = proposed.json()["correction_id"]
    assert proposed.status_code == 201 and correction is not None

    # Pending: nothing changes for anyone until a reviewer accepts it.
    assert api.post("/api/v1/route", "ben", json={"text": SIMILAR}).json()["primary_agent"] != (
        CASE_MANAGER
    )
    assert api.get("/api/v1/corrections", "ana").status_code == 403
    queue = api.get("/api/v1/corrections", "sue").json()
    assert [(c["id"], c["from_agent"], c["agent"]) for c in queue] == [
        (correction, turn["agent"], CASE_MANAGER)
    ]
    # Ids for programs, names for people: who proposed it and which specialists, by name.
    assert queue[0]["agent_name"] == "Case Manager"
    assert queue[0]["from_agent_name"] == turn["agent_name"]
    assert (queue[0]["proposed_by"], queue[0]["proposed_by_name"]) == (
        api.staff["ana"],
        "Ana Coord",
    )
    assert queue[0]["reviewed_by_name"] is None
    assert "Binkowski" not in queue[0]["text"] and "00482913" not in queue[0]["text"]
    assert api.post(f"/api/v1/corrections/{correction}/accept", "ana").status_code == 403
    accepted = api.post(f"/api/v1/corrections/{correction}/accept", "sue")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewed_by_name"] == "Sue Super"

    routed = api.post("/api/v1/route", "ben", json={"text": SIMILAR}).json()
    assert routed["primary_agent"] == CASE_MANAGER
    again = api.post(f"/api/v1/corrections/{correction}/accept", "ada")
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "already_reviewed"
    assert api.post("/api/v1/corrections/999/reject", "ada").status_code == 404

    report = api.get("/api/v1/feedback/report", "sue").json()
    assert report["most_corrected"] == [
        {
            "from_agent": turn["agent"],
            "to_agent": CASE_MANAGER,
            "count": 1,
            "from_agent_name": turn["agent_name"],
            "to_agent_name": "Case Manager",
        }
    ]
    assert [(r["name"], r["display_name"]) for r in report["by_agent"]] == [
        (turn["agent"], turn["agent_name"])
    ]
    assert report["pending_review"] == 0 and report["verdicts"] == 1
    assert api.get("/api/v1/feedback/report", "ana").status_code == 403
    assert api.get("/api/v1/feedback/report?month=Oct", "sue").status_code == 422


def test_admins_add_corrections_directly(api: Api) -> None:
    made = api.post("/api/v1/corrections", "ada", json={"text": SIMILAR, "agent": CASE_MANAGER})
    assert made.status_code == 201 and made.json()["status"] == "accepted"
    assert "Rosa" not in made.json()["text"]
    assert (
        api.post(
            "/api/v1/corrections", "sue", json={"text": SIMILAR, "agent": CASE_MANAGER}
        ).status_code
        == 403
    )
    unknown = api.post("/api/v1/corrections", "ada", json={"text": SIMILAR, "agent": "nobody"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["agent"]
