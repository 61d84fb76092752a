"""What fuzzing the API found, each kept found: bounds on every id, number and date
(422, never 500), every error documented in one shape, 405 naming all the path's
methods, and timestamps with their time zone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.test_api_pcp import NPI, PCP_ROLES
from tests.api.test_api_tasks import GENERAL

PAST_STORE = str(2**63)  # one past the store's signed 64-bit keys
ID_PATHS = [
    ("GET", "/api/v1/handoffs/{id}"),
    ("POST", "/api/v1/handoffs/{id}/accept"),
    ("GET", "/api/v1/decisions/{id}"),
    ("GET", "/api/v1/cases/{id}"),
    ("DELETE", "/api/v1/tasks/{id}"),
    ("GET", "/api/v1/tasks/{id}/history"),
]
ID_FILTERS = [
    "/api/v1/patients?provider_id={id}",
    "/api/v1/tasks?coordinator_id={id}",
    "/api/v1/scheduled-tasks?coordinator_id={id}",
    "/api/v1/metrics/coordinators?month=2026-10&coordinator_id={id}",
]


def _error_types(response: Any) -> list[str]:
    return [item["type"] for item in response.json()["detail"]]


@pytest.mark.parametrize("method,path", ID_PATHS)
@pytest.mark.parametrize("bad_id", [PAST_STORE, "0", "-1", "1" * 40])
def test_an_id_the_store_cannot_hold_is_a_422(api: Api, method: str, path: str, bad_id: str):
    answer = api.call(method, path.format(id=bad_id), "ada")
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize("path", ID_FILTERS)
@pytest.mark.parametrize("bad_id", [PAST_STORE, "0", "-5"])
def test_an_id_filter_past_the_store_is_a_422(api: Api, path: str, bad_id: str) -> None:
    answer = api.get(path.format(id=bad_id), "ada")
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][0] == "query"


def test_owner_ids_in_a_body_are_bounded(api: Api) -> None:
    path = "/api/v1/owners/Billing supervisor"
    for body in ({"primary": 2**63}, {"primary": 1, "chain": [2**64]}, {"primary": 0}):
        answer = api.call("PUT", path, "ada", json=body)
        assert answer.status_code == 422, (body, answer.text)


@pytest.mark.parametrize("hours", [1e12, 1e308, 24 * 90 + 1, 0, -1])
def test_a_handoff_clock_out_of_range_is_a_422(api: Api, hours: float) -> None:
    body = {"title": "Check the fax queue", "owner_role": "Billing supervisor"}
    for field in ("due_in_hours", "escalate_after_hours"):
        clock = {"due_in_hours": 4, "escalate_after_hours": 8, field: hours}
        answer = api.post("/api/v1/handoffs", "ada", json={**body, **clock})
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"][0]["loc"] == ["body", field]


def test_a_clock_that_is_not_a_number_is_a_422(api: Api) -> None:
    # Python's JSON reader takes NaN and Infinity; the schema does not.
    for token in ("NaN", "Infinity"):
        raw = (
            '{"title": "t", "owner_role": "Billing supervisor", '
            f'"due_in_hours": {token}, "escalate_after_hours": 8}}'
        )
        answer = api.post(
            "/api/v1/handoffs", "ada", content=raw, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 422, answer.text


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/scheduled-tasks?due_on_or_before=0",
        "/api/v1/scheduled-tasks?due_on_or_before=1700000000",
        "/api/v1/scheduled-tasks?due_on_or_before=2026-W42-1",
        "/api/v1/tasks?date=0",
        "/api/v1/tasks?start=2026-10-01&end=9999-12-31",
        "/api/v1/tasks?month=%D9%A2%D9%A0%D9%A2%D9%A6-10",  # Arabic-Indic digits
        "/api/v1/audit/events?from=0001-01-01&to=2026-10-14",
        "/api/v1/audit/events?from=2026-10-01&to=9999-12-31",
    ],
)
def test_a_date_is_yyyy_mm_dd_within_the_records_range(api: Api, query: str) -> None:
    who = "otto" if "/audit/" in query else "ada"
    answer = api.get(query, who)
    assert answer.status_code == 422, answer.text


def test_a_date_written_as_a_number_is_refused_in_a_body_too(api: Api) -> None:
    task = {"patient": "ZK1029", "task_type": GENERAL, "minutes": 10, "task_date": 0}
    answer = api.post("/api/v1/tasks", "ana", json=task)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == [
        "body",
        "task_date",
    ]


def test_a_due_date_filter_in_range_is_answered(api: Api) -> None:
    answer = api.get("/api/v1/scheduled-tasks?due_on_or_before=2026-10-31", "ana")
    assert answer.status_code == 200 and answer.json()


def test_a_method_the_path_has_not_is_a_405_naming_every_method_it_has(api: Api) -> None:
    answer = api.call("PUT", "/api/v1/tasks/1", "ada")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "PATCH, DELETE"
    assert _error_types(answer) == ["method_not_allowed"]
    listing = api.call("PUT", "/api/v1/tasks", "ada")
    assert listing.status_code == 405 and listing.headers["allow"] == "GET, POST"


def test_a_body_that_is_not_utf8_is_a_documented_400(api: Api) -> None:
    answer = api.post(
        "/api/v1/route", "ada", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400 and _error_types(answer) == ["bad_request"]
    schema = api.get("/api/v1/openapi.json").json()
    assert "400" in schema["paths"]["/api/v1/route"]["post"]["responses"]


def test_a_path_no_route_has_answers_in_the_error_shape(api: Api) -> None:
    answer = api.get("/api/v1/patients/a%2Fb", "ada")
    assert answer.status_code == 404 and _error_types(answer) == ["not_found"]


def test_every_operation_documents_the_errors_it_can_give(api: Api) -> None:
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    operations = [
        (method, path, op)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, op in ops.items()
    ]
    assert len(operations) > 40
    for method, path, op in operations:
        responses = op["responses"]
        assert op.get("security"), path  # every API operation takes a token
        expected = {"401"} if method == "get" else {"401", "403"}
        if "requestBody" in op:
            expected |= {"400", "413", "422"}
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            expected |= {"404", "422"}
        assert expected <= set(responses), (path, sorted(responses))
        for status, response in responses.items():
            if int(status) >= 400:
                assert "application/json" in response["content"], (path, status)


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _timestamps(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _timestamps(v, k)]
    if isinstance(value, list):
        return [found for item in value for found in _timestamps(item, key)]
    return [(key, value)] if isinstance(value, str) and _TIMESTAMP.match(value) else []


def _all_in_utc(*bodies: Any) -> set[str]:
    found = [pair for body in bodies for pair in _timestamps(body)]
    for key, value in found:
        assert datetime.fromisoformat(value).utcoffset() == timedelta(0), (key, value)
    return {key for key, _ in found}


def test_timestamps_read_back_from_the_store_carry_their_time_zone(api: Api) -> None:
    """SQLite hands timestamps back without a zone; each answer says UTC all the same."""
    api.owners(PCP_ROLES)
    change = {"patient": "ZK1029", "provider": NPI, "reason_code": "moved"}
    assert api.post("/api/v1/pcp/changes", "ana", json=change).status_code == 201
    asked = api.post(
        "/api/v1/pcp/removals", "ana", json={"patient": "ZK1029", "reason_code": "disruptive"}
    ).json()["decision"]
    answer = {"answer": "approve"}
    api.post(f"/api/v1/decisions/{asked['id']}/answer", "sue", json=answer)
    step = api.get(f"/api/v1/cases/{asked['case_id']}", "ana").json()["current_step"]
    done = {"outcome": "new_pcp_chosen", "details": {"provider": NPI}}
    api.post(f"/api/v1/handoffs/{step['id']}/complete", "sue", json=done)
    task = {"patient": "ZK1029", "task_type": GENERAL, "minutes": 10}
    entry = api.post("/api/v1/tasks", "ana", json=task).json()
    edited = api.call("PATCH", f"/api/v1/tasks/{entry['id']}", "ana", json={"minutes": 12})
    assert edited.status_code == 200, edited.text

    decision = api.get(f"/api/v1/decisions/{asked['id']}", "sue").json()
    case = api.get(f"/api/v1/cases/{asked['case_id']}", "ana").json()
    history = api.get(f"/api/v1/tasks/{entry['id']}/history", "ana").json()
    handoffs = api.get("/api/v1/handoffs?all=true", "ada").json()
    notifications = api.get("/api/v1/notifications", "sue").json()
    keys = _all_in_utc(decision, case, history, handoffs, notifications)
    assert decision["decided_at"] and case["closed_at"] and history[-1]["changed_at"]
    assert {"decided_at", "closed_at", "changed_at", "due_at", "since"} <= keys
