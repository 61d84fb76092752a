"""The task log over HTTP: the tool's rules come back as 422/409 naming the field."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tools.access import Actor
from tools.owners import set_owner

GENERAL = "Care Coordination: General"


def _log(api: Api, who: str = "ana", **fields: object):
    body = {"patient": "ZK1029", "task_type": GENERAL, "minutes": 10, **fields}
    return api.post("/api/v1/tasks", who, json=body)


def test_a_coordinator_logs_time_for_their_patient(api: Api) -> None:
    response = _log(api, notes="called about refills")
    assert response.status_code == 201
    entry = response.json()
    assert entry["chart_code"] == "ZK1029" and entry["minutes"] == 10
    assert entry["coordinator_id"] == api.staff["ana"]
    assert entry["task_date"] == "2026-10-14" and entry["minutes_that_day"] == 10


def test_a_rule_is_422_with_the_field_and_rule(api: Api) -> None:
    response = _log(api, minutes=3)
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["minutes"], "msg": "minimum 5 minutes per entry, got 3", "type": "minutes_min"}
        ]
    }


def test_a_malformed_body_is_422_without_echoing_input(api: Api) -> None:
    response = api.post(
        "/api/v1/tasks", "ana", json={"patient": "ZK1029", "task_type": GENERAL, "minutes": "ten"}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "minutes"] and "input" not in error
    assert api.post("/api/v1/tasks", "ana", content=b"{not json").status_code == 422


def test_time_over_twice_the_average_needs_confirmation_then_a_sign_off(api: Api) -> None:
    set_owner(api.records, Actor.system("test"), "North team supervisor", primary=api.staff["sue"])
    asked = _log(api, minutes=45)
    assert asked.status_code == 409
    assert asked.json()["confirm"] is True
    assert asked.json()["detail"][0]["type"] == "above_average"
    sent = _log(api, minutes=45, confirm=True)
    assert sent.status_code == 202
    assert sent.json()["owner_role"] == "North team supervisor"
    assert api.get("/api/v1/tasks", "ana").json() == []  # nothing logged before the sign-off
    approved = api.post(
        f"/api/v1/decisions/{sent.json()['decision_id']}/answer", "sue", json={"answer": "approve"}
    )
    assert approved.status_code == 200
    assert [t["minutes"] for t in api.get("/api/v1/tasks", "ana").json()] == [45]
    # A supervisor's own confirmation is the sign-off.
    by_sue = _log(api, "sue", coordinator_id=api.staff["ana"], minutes=40, confirm=True)
    assert by_sue.status_code == 201


def test_someone_elses_patient_is_403_and_unknown_things_are_404(api: Api) -> None:
    assert _log(api, patient="ZK1032").status_code == 403
    assert _log(api, patient="ZZ9999").status_code == 404
    missing = _log(api, task_type="No Such Type")
    assert missing.status_code == 404 and missing.json()["detail"][0]["loc"] == ["task_type"]


def test_a_supervisor_must_say_whose_time(api: Api) -> None:
    response = _log(api, "sue")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["coordinator_id"]
    assert _log(api, "sue", coordinator_id=api.staff["ana"]).status_code == 201


def test_edit_delete_list_and_history(api: Api) -> None:
    entry = _log(api).json()
    edited = api.call("PATCH", f"/api/v1/tasks/{entry['id']}", "ana", json={"minutes": 15})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert (
        api.call("PATCH", f"/api/v1/tasks/{entry['id']}", "ana", json={"minutes": 200}).json()[
            "detail"
        ][0]["type"]
        == "minutes_max"
    )
    listed = api.get("/api/v1/tasks", "ana", params={"date": "2026-10-14"}).json()
    assert [t["id"] for t in listed] == [entry["id"]] and listed[0]["minutes"] == 15
    assert len(api.get("/api/v1/tasks", "ana", params={"month": "2026-10"}).json()) == 1
    assert api.get("/api/v1/tasks", "cara").json() == []  # not her patient
    history = api.get(f"/api/v1/tasks/{entry['id']}/history", "ana").json()
    assert [h["change"] for h in history] == ["created", "edited"]
    assert api.call("DELETE", f"/api/v1/tasks/{entry['id']}", "cara").status_code == 403
    assert api.call("DELETE", f"/api/v1/tasks/{entry['id']}", "ana").status_code == 204
    assert api.call("DELETE", f"/api/v1/tasks/{entry['id']}", "ana").status_code == 404
    assert api.get("/api/v1/tasks", "ana", params={"month": "2026-13"}).status_code == 422


def test_auditors_do_not_read_task_logs(api: Api) -> None:
    assert api.get("/api/v1/tasks", "otto").status_code == 403
    assert api.get("/api/v1/tasks").status_code == 401


# Unicode digits ("¹", "²") pass str.isdigit() but not int(); ids past 2^63 overflow the
# store's integers. Each is a clear 4xx, never a 500.
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/tasks?patient=%C2%B9", None),
        ("get", "/api/v1/tasks?patient=99999999999999999999", None),
        ("get", "/api/v1/scheduled-tasks?patient=%C2%B2", None),
        ("get", "/api/v1/scheduled-tasks?patient=9223372036854775808", None),
        ("post", "/api/v1/tasks", {"patient": "¹", "task_type": GENERAL, "minutes": 10}),
        (
            "post",
            "/api/v1/tasks",
            {"patient": "9223372036854775808", "task_type": GENERAL, "minutes": 10},
        ),
    ],
)
def test_odd_patient_references_are_refused_not_server_errors(
    api: Api, method: str, path: str, body: dict | None
) -> None:
    response = api.get(path, "ana") if method == "get" else api.post(path, "ana", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert "¹" not in response.text and "9223372036854775808" not in response.text
