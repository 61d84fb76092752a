"""Closed-loop referrals over HTTP: opened, walked step by step with each step's outcomes,
listed and read; refusals name their field or rule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api.conftest import NOW, Api
from tools.jobs.run_due import run_due
from tools.notify import LogNotifier

REFERRAL_ROLES = {
    "Referral coordinator lead": "sue",
    "Specialty practice manager": "sue",
    "Clinic dyad leadership": "ada",
    "Practice executive": "ada",
}
REFERRAL = {"patient": "ZK1029", "specialty": "Cardiology", "open_loop_days": 3}


def _complete(api: Api, case: dict[str, Any], **body: Any) -> Any:
    step = case["current_step"]["id"]
    return api.post(f"/api/v1/handoffs/{step}/complete", "sue", json=body)


def _case(api: Api, case_id: int, who: str = "ana") -> dict[str, Any]:
    response = api.get(f"/api/v1/cases/{case_id}", who)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_referral_is_walked_to_its_closed_loop(api: Api) -> None:
    api.owners(REFERRAL_ROLES)
    opened = api.post("/api/v1/referrals", "ana", json=REFERRAL)
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["workflow"] == "closed_loop_referral" and case["kind"] == "referral"
    assert case["data"]["specialty"] == "cardiology" and not case["open_loop"]
    step = case["current_step"]
    assert step["step"] == "sent" and step["holder_name"] == "Sue Super"
    assert step["outcomes"] == [{"outcome": "sent", "leads_to": "receipt", "needs": []}]

    assert _complete(api, case).status_code == 200
    case = _case(api, case["id"])
    assert case["current_step"]["step"] == "receipt"
    assert case["current_step"]["due_at"] == "2026-10-17T15:00:00Z"  # open_loop_days
    assert {o["outcome"] for o in case["current_step"]["outcomes"]} == {"confirmed", "declined"}
    assert _complete(api, case, outcome="confirmed").status_code == 200

    case = _case(api, case["id"])
    scheduled = next(o for o in case["current_step"]["outcomes"] if o["outcome"] == "scheduled")
    assert scheduled == {"outcome": "scheduled", "leads_to": "visit", "needs": ["appointment_date"]}
    missing = _complete(api, case, outcome="scheduled")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["appointment_date"]
    not_a_date = _complete(api, case, outcome="scheduled", details={"appointment_date": "soon"})
    assert not_a_date.status_code == 422
    assert not_a_date.json()["detail"][0]["loc"] == ["body", "details", "appointment_date"]
    unknown = _complete(api, case, outcome="scheduled", details={"room": "4"})
    assert unknown.status_code == 422
    done = _complete(api, case, outcome="scheduled", details={"appointment_date": "2026-10-20"})
    assert done.status_code == 200, done.text

    case = _case(api, case["id"])
    assert case["current_step"]["step"] == "visit"
    # Due the day after the appointment plus a business day, not the date as a placeholder.
    assert case["current_step"]["due_at"] == "2026-10-22T00:00:00Z"
    assert _complete(api, case, outcome="completed").status_code == 200
    case = _case(api, case["id"])
    assert _complete(api, case, outcome="received").status_code == 200

    closed = _case(api, case["id"])
    assert closed["status"] == "closed" and "loop closed" in closed["outcome"]
    assert closed["current_step"] is None
    assert [s["step"] for s in closed["steps"]] == [
        "sent",
        "receipt",
        "scheduling",
        "visit",
        "outcome",
    ]
    assert api.get("/api/v1/cases", "ana").json() == []
    everything = api.get("/api/v1/cases", "ana", params={"status": "all"}).json()
    assert [c["id"] for c in everything] == [closed["id"]]


def test_cases_are_listed_by_workflow_for_those_who_may_see_them(api: Api) -> None:
    api.owners(REFERRAL_ROLES)
    case = api.post("/api/v1/referrals", "ana", json={**REFERRAL, "urgency": "urgent"}).json()
    assert case["priority"] == "high"
    listed = api.get("/api/v1/cases", "sue", params={"workflow": "closed_loop_referral"}).json()
    assert [c["id"] for c in listed] == [case["id"]]
    assert listed[0]["current_step"]["status_line"].startswith(f"#{case['current_step']['id']}")
    assert api.get("/api/v1/cases", "sue", params={"workflow": "pcp_attribution"}).json() == []
    assert api.get("/api/v1/cases", "cara").json() == []  # another team's patient
    assert api.get(f"/api/v1/cases/{case['id']}", "cara").status_code == 404


def test_referral_refusals_name_their_field_or_rule(api: Api) -> None:
    def refused(body: dict[str, Any], who: str = "ana") -> tuple[int, dict[str, Any]]:
        response = api.post("/api/v1/referrals", who, json=body)
        return response.status_code, response.json()["detail"][0]

    status, detail = refused(REFERRAL)  # nobody fills the first step's roles
    assert status == 422 and detail["type"] == "owner_unfilled"
    api.owners(REFERRAL_ROLES)
    status, detail = refused({**REFERRAL, "specialty": ""})
    assert status == 422 and detail["loc"] == ["body", "specialty"]
    status, detail = refused({**REFERRAL, "urgency": "asap"})
    assert status == 422 and detail["loc"] == ["body", "urgency"]
    status, detail = refused({**REFERRAL, "open_loop_days": 0.01})  # under an hour
    assert status == 422 and detail == {
        "loc": ["open_loop_days"],
        "msg": "open-loop days must be between 1 hour and 60 days",
        "type": "clock",
    }
    # A name typed as the specialty never reaches the case: the guard replaces it and the
    # placeholder is not a specialty.
    status, detail = refused({**REFERRAL, "specialty": "Rosalind Okafor"})
    assert status == 422 and detail["loc"] == ["specialty"] and "Okafor" not in detail["msg"]
    assert refused({**REFERRAL, "patient": "ZK1032"})[0] == 403  # Cara's patient
    assert refused(REFERRAL, "otto")[0] == 403
    assert refused({**REFERRAL, "patient": "ZZ1"})[0] == 404
    assert api.post("/api/v1/referrals", json=REFERRAL).status_code == 401
    assert api.get("/api/v1/cases", "ana", params={"status": "all"}).json() == []  # none half-made


def test_case_reads_refuse_strangers_and_unknown_ids(api: Api) -> None:
    assert api.get("/api/v1/cases", "otto").status_code == 403
    assert api.get("/api/v1/cases/99999", "ana").status_code == 404
    assert api.get("/api/v1/cases/x", "ana").status_code == 422
    assert api.get("/api/v1/cases", "ana", params={"workflow": "x"}).status_code == 422
    assert api.get("/api/v1/cases").status_code == 401
    assert api.get("/api/v1/cases/1").status_code == 401


def test_the_supervisor_page_shows_open_cases_and_flags_an_open_loop(api: Api) -> None:
    api.owners(REFERRAL_ROLES)
    case = api.post("/api/v1/referrals", "ana", json={**REFERRAL, "open_loop_days": 1}).json()
    _complete(api, case)  # sent; the receipt now has a day to be confirmed
    api.client.post("/login", data={"token": api.tokens["sue"]}, follow_redirects=False)
    try:
        before = api.client.get("/supervisor").text
        run_due(api.records, LogNotifier(), now=NOW + timedelta(days=1, hours=1), deliver=False)
        after = api.client.get("/supervisor").text
        api.client.cookies.clear()
        api.client.post("/login", data={"token": api.tokens["cara"]}, follow_redirects=False)
        stranger = api.client.get("/supervisor")
    finally:
        api.client.cookies.clear()
    row = f"#{case['id']} Referral: cardiology, routine"
    assert row in before and "Receipt confirmed by the receiving office" in before
    assert "Referral coordinator lead" in before and "due in 1 d 0 h" in before
    assert "Open loop" not in before
    assert "Open loop: receipt not confirmed" in after and 'class="case' in after
    assert row not in stranger.text  # another team's patient
