"""Write-offs over HTTP: requested (202, a decision for the Revenue cycle director),
recorded only once approved, and listed per month; billing roles only."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

OCTOBER = "/api/v1/billing/2026-10/write-offs"
WRITE_OFF = {"patient": "ZK1029", "month": "2026-10", "amount_usd": "10.00"}


def _bill_october(api: Api) -> str:
    """25 minutes of CCM care-plan work for ZK1029: the month bills; returns its estimate."""
    task = {
        "patient": "ZK1029",
        "task_type": "CCM: Care Plan Monthly REVIEW/CLOSE",
        "minutes": 25,
        "task_date": "2026-10-13",
    }
    assert api.post("/api/v1/tasks", "ana", json=task).status_code == 201
    line = api.get("/api/v1/billing/months/2026-10/patients/ZK1029", "ada").json()
    assert line["billed"], line
    return line["estimated_amount_usd"]


def _ask(api: Api, who: str = "ada", **change: Any) -> Any:
    body = {**WRITE_OFF, "reason_code": "small_balance", **change}
    return api.post("/api/v1/billing/write-offs", who, json=body)


def test_a_write_off_is_recorded_only_once_the_director_approves(api: Api) -> None:
    api.owners({"Revenue cycle director": "sue"})
    _bill_october(api)
    codes = api.get("/api/v1/billing/write-off-reasons", "ada").json()
    assert {"code": "small_balance", "label": "small balance below the collection threshold"} in (
        codes
    )
    asked = _ask(api)
    assert asked.status_code == 202, asked.text
    decision = asked.json()["decision"]
    assert decision["owner_role"] == "Revenue cycle director" and decision["kind"] == (
        "billing.write_off"
    )
    assert decision["arguments"]["amount_usd"] == "10.00"
    assert "nothing is written off until it is approved" in asked.json()["message"]
    assert api.get(OCTOBER, "ada").json() == []
    answered = api.post(
        f"/api/v1/decisions/{decision['id']}/answer", "sue", json={"answer": "approve"}
    )
    assert answered.status_code == 200, answered.text
    (recorded,) = api.get(OCTOBER, "ada").json()
    assert recorded["amount_usd"] == "10.00" and recorded["reason_code"] == "small_balance"
    assert recorded["decision_id"] == decision["id"] and recorded["approved_by"] == api.staff["sue"]
    assert api.get(OCTOBER, "sue").json() == [recorded]  # the supervisor's team
    assert api.get("/api/v1/billing/2026-09/write-offs", "ada").json() == []


def test_write_off_refusals_name_their_field_or_rule(api: Api) -> None:
    api.owners({"Revenue cycle director": "sue"})
    estimate = _bill_october(api)

    def detail(response: Any) -> dict[str, Any]:
        return response.json()["detail"][0]

    too_much = _ask(api, amount_usd=f"{float(estimate) + 1:.2f}")
    assert too_much.status_code == 422
    assert detail(too_much)["loc"] == ["amount_usd"]
    assert detail(too_much)["type"] == "write_off_too_large"
    cents = _ask(api, amount_usd="1.005")
    assert cents.status_code == 422 and detail(cents)["loc"] == ["body", "amount_usd"]
    negative = _ask(api, amount_usd=-5)
    assert negative.status_code == 422 and detail(negative)["loc"] == ["body", "amount_usd"]
    month = _ask(api, month="2026-13")
    assert month.status_code == 422 and detail(month)["loc"] == ["body", "month"]
    not_billed = _ask(api, patient="ZK1030")
    assert not_billed.status_code == 422 and detail(not_billed)["type"] == "not_billed"
    reason = _ask(api, reason_code="because")
    assert reason.status_code == 422 and detail(reason)["loc"] == ["reason_code"]
    assert _ask(api, patient="ZZ1").status_code == 404
    assert _ask(api, "ana").status_code == 403  # coordinators never see amounts
    assert _ask(api, None).status_code == 401
    assert api.get(OCTOBER, "ana").status_code == 403
    assert api.get("/api/v1/billing/2026-00/write-offs", "ada").status_code == 422
    assert api.get(OCTOBER).status_code == 401
    assert api.get("/api/v1/billing/write-off-reasons").status_code == 401
    assert api.get("/api/v1/decisions", "sue").json() == []  # nothing was sent
