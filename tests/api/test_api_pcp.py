"""PCP attribution over HTTP: a member's change, a panel removal sent for a decision and
carried out once approved, complaints that turn into FWA investigations; codes published."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

PCP_ROLES = {
    "Member services lead": "sue",
    "Member services director": "ada",
    "Provider services manager": "sue",
    "Special outreach lead": "sue",
    "Complex case management lead": "sue",
    "Case management director": "ada",
    "Grievance and appeals lead": "sue",
    "Compliance officer": "ada",
    "Special investigations lead": "ada",
}
NPI = "1234567893"  # the fictional practice's provider


def _change(api: Api, patient: str = "ZK1029", **extra: Any) -> Any:
    body = {"patient": patient, "provider": NPI, "reason_code": "moved", **extra}
    return api.post("/api/v1/pcp/changes", "ana", json=body)


def test_the_codes_are_published_for_pickers(api: Api) -> None:
    reasons = api.get("/api/v1/pcp/reasons", "ana").json()
    assert {"code": "moved", "label": "member moved or wants a PCP closer to home"} in reasons[
        "member_change"
    ]
    assert "disruptive" in {r["code"] for r in reasons["panel_removal"]}
    assert {"code": "quality_of_care", "label": "quality of care"} in reasons[
        "complaint_categories"
    ]
    assert "kickback" in {r["code"] for r in reasons["fwa_categories"]}
    assert api.get("/api/v1/pcp/reasons").status_code == 401


def test_a_member_change_then_a_panel_removal_decided_by_provider_services(api: Api) -> None:
    api.owners(PCP_ROLES)
    changed = _change(api)
    assert changed.status_code == 201, changed.text
    case = changed.json()
    assert case["kind"] == "member_change" and case["data"]["reason_code"] == "moved"
    assert case["current_step"]["step"] == "member_confirmation"
    assert case["current_step"]["owner_role"] == "Member services lead"

    asked = api.post(
        "/api/v1/pcp/removals", "ana", json={"patient": "ZK1029", "reason_code": "disruptive"}
    )
    assert asked.status_code == 202, asked.text
    decision = asked.json()["decision"]
    assert decision["owner_role"] == "Provider services manager" and decision["open"]
    assert "nothing changes for the member" in asked.json()["message"]
    removal = _case_of(api, decision["case_id"])
    assert removal["kind"] == "panel_removal" and removal["steps"] == []
    answered = api.post(
        f"/api/v1/decisions/{decision['id']}/answer", "sue", json={"answer": "approve"}
    )
    assert answered.status_code == 200, answered.text
    removal = _case_of(api, decision["case_id"])
    step = removal["current_step"]  # a CCM member is high-risk: complex case management
    assert step["step"] == "complex_case_management" and step["priority"] == "high"
    assert step["outcomes"] == [
        {"outcome": "new_pcp_chosen", "leads_to": None, "needs": ["provider"]}
    ]
    done = api.post(
        f"/api/v1/handoffs/{step['id']}/complete",
        "sue",
        json={"outcome": "new_pcp_chosen", "details": {"provider": NPI}},
    )
    assert done.status_code == 200, done.text
    assert _case_of(api, removal["id"])["status"] == "closed"


def _case_of(api: Api, case_id: int) -> dict[str, Any]:
    return api.get(f"/api/v1/cases/{case_id}", "ana").json()


def test_a_complaint_can_become_a_fraud_waste_abuse_investigation(api: Api) -> None:
    api.owners(PCP_ROLES)
    complaint = api.post(
        "/api/v1/pcp/complaints", "ana", json={"patient": "ZK1029", "category": "service"}
    )
    assert complaint.status_code == 201
    step = complaint.json()["current_step"]
    assert step["step"] == "complaint_review"
    api.post(f"/api/v1/handoffs/{step['id']}/complete", "sue", json={"outcome": "refer_fwa"})
    after = _case_of(api, complaint.json()["id"])
    assert after["current_step"]["step"] == "fwa_investigation"
    fwa = api.post("/api/v1/pcp/fwa", "sue", json={"category": "billing_pattern"})
    assert fwa.status_code == 201
    assert fwa.json()["patient_id"] is None and fwa.json()["priority"] == "high"


def test_pcp_refusals_name_their_field_or_rule(api: Api) -> None:
    api.owners(PCP_ROLES)

    def detail(response: Any) -> dict[str, Any]:
        return response.json()["detail"][0]

    bored = _change(api, reason_code="bored")
    assert bored.status_code == 422 and detail(bored)["loc"] == ["reason_code"]
    shouting = _change(api, reason_code="MOVED!")
    assert shouting.status_code == 422 and detail(shouting)["loc"] == ["body", "reason_code"]
    assert _change(api, provider="Dr. Nobody").status_code == 404
    assert _change(api, patient="ZZ1").status_code == 404
    assert _change(api, patient="ZK1032").status_code == 403
    removal = {"patient": "ZK1030", "reason_code": "disruptive"}
    no_pcp = api.post("/api/v1/pcp/removals", "ana", json=removal)
    assert no_pcp.status_code == 422 and detail(no_pcp) == {
        "loc": ["patient"],
        "msg": f"patient {api.patients['ZK1030']} is not attributed to any PCP",
        "type": "no_pcp",
    }
    assert api.post("/api/v1/pcp/removals", "otto", json=removal).status_code == 403
    assert api.post("/api/v1/pcp/removals", "ana", json={"patient": "ZK1030"}).status_code == 422
    complaint = {"patient": "ZK1029", "category": "rude"}
    assert detail(api.post("/api/v1/pcp/complaints", "ana", json=complaint))["type"] == "category"
    assert api.post("/api/v1/pcp/fwa", "otto", json={"category": "identity"}).status_code == 403
    unknown = {"category": "identity", "patient": "ZZ1"}
    assert api.post("/api/v1/pcp/fwa", "ana", json=unknown).status_code == 404
    for path in ("changes", "removals", "complaints", "fwa"):
        assert api.post(f"/api/v1/pcp/{path}", json={}).status_code == 401
    assert api.get("/api/v1/cases", "ada", params={"status": "all"}).json() == []
