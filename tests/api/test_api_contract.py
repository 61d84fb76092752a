"""The published OpenAPI schema is valid, and every response code it documents is produced.

``CASES`` holds one request per documented (method, path, status); the test fails if the
schema documents a code no case produces, or a case gets a code other than its own. The
answers every operation of a kind can give (``bot.api.responses``: 400 and 413 with a
body, 404 for a path value holding "/", 403 for a change signed in by the web cookie
without its header) are requested for every such operation by ``_generic_cases``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from bot.api.app import create_app
from bot.api.deps import SAFE_METHODS, SESSION_COOKIE
from tests.api.conftest import Api, api_settings
from tests.api.contract_feedback import feedback_cases
from tests.api.contract_tracked import tracked_cases, tracked_setup
from tools.access import Actor
from tools.context import ToolContext
from tools.decision_requests.service import open_decision
from tools.owners import set_owner
from tools.staff import actor_for
from tools.store.database import Database

GENERAL = "Care Coordination: General"
EVENTS = "/api/v1/threads/{thread_id}/events"
OCT = {"from": "2026-10-01", "to": "2026-10-31"}
HANDOFF = {
    "title": "Coded account released to billing",
    "owner_role": "Billing supervisor",
    "due_in_hours": 96,
    "escalate_after_hours": 48,
}


def _cases(
    entry: int, decision: int, scheduled: int, handoff: int, other: int
) -> list[tuple[str, str, int, str | None, dict]]:
    task = {"patient": "ZK1029", "task_type": GENERAL, "minutes": 10, "task_date": "2026-10-13"}
    months = "/api/v1/billing/months/{month}"
    return [
        (
            "POST",
            "/api/v1/threads/{thread_id}/turns",
            200,
            "ana",
            {"path": "/api/v1/threads/t1/turns", "json": {"text": "prior auth for an MRI is late"}},
        ),
        (
            "POST",
            "/api/v1/threads/{thread_id}/turns",
            401,
            None,
            {"path": "/api/v1/threads/t1/turns", "json": {"text": "x"}},
        ),
        (
            "POST",
            "/api/v1/threads/{thread_id}/turns",
            422,
            "ana",
            {"path": "/api/v1/threads/t1/turns", "json": {"text": ""}},
        ),
        ("GET", "/api/v1/threads/{thread_id}", 200, "ana", {"path": "/api/v1/threads/t1"}),
        ("GET", "/api/v1/threads/{thread_id}", 401, None, {"path": "/api/v1/threads/t1"}),
        ("GET", "/api/v1/threads/{thread_id}", 404, "ben", {"path": "/api/v1/threads/t1"}),
        ("GET", "/api/v1/threads/{thread_id}", 422, "ana", {"path": "/api/v1/threads/a%20b"}),
        # An open stream answers 200 at once and goes on: only its status is read.
        ("GET", EVENTS, 200, "ana", {"path": "/api/v1/threads/t1/events", "stream": True}),
        ("GET", EVENTS, 401, None, {"path": "/api/v1/threads/t1/events"}),
        ("GET", EVENTS, 404, "ben", {"path": "/api/v1/threads/t1/events"}),
        ("GET", EVENTS, 422, "ana", {"path": "/api/v1/threads/a%20b/events"}),
        ("POST", "/api/v1/route", 200, "ana", {"json": {"text": "approve the write-off"}}),
        ("POST", "/api/v1/route", 401, None, {"json": {"text": "x"}}),
        ("POST", "/api/v1/route", 422, "ana", {"json": {}}),
        ("GET", "/api/v1/patients", 200, "ana", {}),
        ("GET", "/api/v1/patients", 401, None, {}),
        ("GET", "/api/v1/patients", 403, "otto", {}),
        ("GET", "/api/v1/patients", 422, "ana", {"params": {"visit": "later"}}),
        ("GET", "/api/v1/patients/{ref}", 200, "ana", {"path": "/api/v1/patients/ZK1029"}),
        ("GET", "/api/v1/patients/{ref}", 401, None, {"path": "/api/v1/patients/ZK1029"}),
        ("GET", "/api/v1/patients/{ref}", 403, "cara", {"path": "/api/v1/patients/ZK1029"}),
        ("GET", "/api/v1/patients/{ref}", 404, "ana", {"path": "/api/v1/patients/ZZ1"}),
        ("GET", "/api/v1/patients/{ref}", 422, "ana", {"path": "/api/v1/patients/ZK%201029"}),
        ("GET", "/api/v1/task-types", 200, "ana", {}),
        ("GET", "/api/v1/task-types", 401, None, {}),
        ("GET", "/api/v1/task-types", 403, "otto", {}),
        ("GET", "/api/v1/metrics/coordinators", 200, "sue", {"params": {"month": "2026-10"}}),
        ("GET", "/api/v1/metrics/coordinators", 401, None, {"params": {"month": "2026-10"}}),
        ("GET", "/api/v1/metrics/coordinators", 403, "otto", {"params": {"month": "2026-10"}}),
        ("GET", "/api/v1/metrics/coordinators", 422, "sue", {}),
        ("POST", "/api/v1/tasks", 201, "ana", {"json": task}),
        ("POST", "/api/v1/tasks", 202, "ana", {"json": {**task, "minutes": 45, "confirm": True}}),
        ("POST", "/api/v1/tasks", 401, None, {"json": task}),
        ("POST", "/api/v1/tasks", 403, "ana", {"json": {**task, "patient": "ZK1032"}}),
        ("POST", "/api/v1/tasks", 404, "ana", {"json": {**task, "patient": "ZZ1"}}),
        ("POST", "/api/v1/tasks", 409, "ana", {"json": {**task, "minutes": 45}}),
        ("POST", "/api/v1/tasks", 422, "ana", {"json": {**task, "minutes": 500}}),
        ("GET", "/api/v1/tasks", 200, "ana", {}),
        ("GET", "/api/v1/tasks", 401, None, {}),
        ("GET", "/api/v1/tasks", 403, "otto", {}),
        ("GET", "/api/v1/tasks", 404, "ana", {"params": {"patient": "ZZ1"}}),
        ("GET", "/api/v1/tasks", 422, "ana", {"params": {"date": "yesterday"}}),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            200,
            "ana",
            {"path": f"/api/v1/tasks/{entry}", "json": {"minutes": 12}},
        ),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            401,
            None,
            {"path": f"/api/v1/tasks/{entry}", "json": {}},
        ),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            403,
            "cara",
            {"path": f"/api/v1/tasks/{entry}", "json": {"minutes": 12}},
        ),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            404,
            "ana",
            {"path": "/api/v1/tasks/999999", "json": {}},
        ),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            409,
            "ana",
            {"path": f"/api/v1/tasks/{entry}", "json": {"minutes": 45}},
        ),
        (
            "PATCH",
            "/api/v1/tasks/{entry_id}",
            422,
            "ana",
            {"path": f"/api/v1/tasks/{entry}", "json": {"minutes": 1}},
        ),
        (
            "GET",
            "/api/v1/tasks/{entry_id}/history",
            200,
            "ana",
            {"path": f"/api/v1/tasks/{entry}/history"},
        ),
        (
            "GET",
            "/api/v1/tasks/{entry_id}/history",
            401,
            None,
            {"path": f"/api/v1/tasks/{entry}/history"},
        ),
        (
            "GET",
            "/api/v1/tasks/{entry_id}/history",
            403,
            "cara",
            {"path": f"/api/v1/tasks/{entry}/history"},
        ),
        (
            "GET",
            "/api/v1/tasks/{entry_id}/history",
            404,
            "ana",
            {"path": "/api/v1/tasks/999999/history"},
        ),
        (
            "GET",
            "/api/v1/tasks/{entry_id}/history",
            422,
            "ana",
            {"path": "/api/v1/tasks/x/history"},
        ),
        ("DELETE", "/api/v1/tasks/{entry_id}", 401, None, {"path": f"/api/v1/tasks/{entry}"}),
        ("DELETE", "/api/v1/tasks/{entry_id}", 403, "cara", {"path": f"/api/v1/tasks/{entry}"}),
        ("DELETE", "/api/v1/tasks/{entry_id}", 422, "ana", {"path": "/api/v1/tasks/x"}),
        ("DELETE", "/api/v1/tasks/{entry_id}", 204, "ana", {"path": f"/api/v1/tasks/{entry}"}),
        ("DELETE", "/api/v1/tasks/{entry_id}", 404, "ana", {"path": f"/api/v1/tasks/{entry}"}),
        ("GET", "/api/v1/scheduled-tasks", 200, "ana", {}),
        ("GET", "/api/v1/scheduled-tasks", 401, None, {}),
        ("GET", "/api/v1/scheduled-tasks", 403, "otto", {}),
        ("GET", "/api/v1/scheduled-tasks", 404, "ana", {"params": {"patient": "ZZ1"}}),
        ("GET", "/api/v1/scheduled-tasks", 422, "ana", {"params": {"status": "later"}}),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            401,
            None,
            {"path": f"/api/v1/scheduled-tasks/{scheduled}/complete", "json": {"minutes": 10}},
        ),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            403,
            "cara",
            {"path": f"/api/v1/scheduled-tasks/{scheduled}/complete", "json": {"minutes": 10}},
        ),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            404,
            "ana",
            {"path": "/api/v1/scheduled-tasks/999999/complete", "json": {"minutes": 10}},
        ),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            409,
            "ana",
            {"path": f"/api/v1/scheduled-tasks/{scheduled}/complete", "json": {"minutes": 100}},
        ),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            422,
            "ana",
            {"path": f"/api/v1/scheduled-tasks/{scheduled}/complete", "json": {"minutes": 2}},
        ),
        (
            "POST",
            "/api/v1/scheduled-tasks/{scheduled_id}/complete",
            201,
            "ana",
            {"path": f"/api/v1/scheduled-tasks/{scheduled}/complete", "json": {"minutes": 10}},
        ),
        ("POST", "/api/v1/scheduled-tasks/generate", 200, "ada", {"json": {"week": "2026-10-12"}}),
        ("POST", "/api/v1/scheduled-tasks/generate", 401, None, {"json": {}}),
        ("POST", "/api/v1/scheduled-tasks/generate", 403, "sue", {"json": {"month": "2026-11"}}),
        ("POST", "/api/v1/scheduled-tasks/generate", 422, "ada", {"json": {}}),
        ("GET", months, 200, "ada", {"path": "/api/v1/billing/months/2026-10"}),
        ("GET", months, 401, None, {"path": "/api/v1/billing/months/2026-10"}),
        ("GET", months, 403, "ana", {"path": "/api/v1/billing/months/2026-10"}),
        ("GET", months, 422, "ada", {"path": "/api/v1/billing/months/2026-00"}),
        ("POST", months + "/save", 200, "ada", {"path": "/api/v1/billing/months/2026-10/save"}),
        ("POST", months + "/save", 401, None, {"path": "/api/v1/billing/months/2026-10/save"}),
        ("POST", months + "/save", 403, "sue", {"path": "/api/v1/billing/months/2026-10/save"}),
        ("POST", months + "/save", 422, "ada", {"path": "/api/v1/billing/months/10-2026/save"}),
        (
            "GET",
            months + "/patients.csv",
            200,
            "ada",
            {"path": "/api/v1/billing/months/2026-10/patients.csv"},
        ),
        (
            "GET",
            months + "/patients.csv",
            401,
            None,
            {"path": "/api/v1/billing/months/2026-10/patients.csv"},
        ),
        (
            "GET",
            months + "/patients.csv",
            403,
            "ana",
            {"path": "/api/v1/billing/months/2026-10/patients.csv"},
        ),
        (
            "GET",
            months + "/patients.csv",
            422,
            "ada",
            {"path": "/api/v1/billing/months/2026-13/patients.csv"},
        ),
        (
            "GET",
            months + "/patients/{ref}",
            200,
            "ada",
            {"path": "/api/v1/billing/months/2026-10/patients/ZK1029"},
        ),
        (
            "GET",
            months + "/patients/{ref}",
            401,
            None,
            {"path": "/api/v1/billing/months/2026-10/patients/ZK1029"},
        ),
        (
            "GET",
            months + "/patients/{ref}",
            403,
            "ana",
            {"path": "/api/v1/billing/months/2026-10/patients/ZK1029"},
        ),
        (
            "GET",
            months + "/patients/{ref}",
            404,
            "ada",
            {"path": "/api/v1/billing/months/2026-10/patients/ZZ1"},
        ),
        (
            "GET",
            months + "/patients/{ref}",
            422,
            "ada",
            {"path": "/api/v1/billing/months/x/patients/ZK1029"},
        ),
        ("GET", "/api/v1/billing/fee-schedule", 200, "ada", {}),
        ("GET", "/api/v1/billing/fee-schedule", 401, None, {}),
        ("GET", "/api/v1/billing/fee-schedule", 403, "ana", {}),
        ("GET", "/api/v1/decisions", 200, "sue", {}),
        ("GET", "/api/v1/decisions", 401, None, {}),
        ("GET", "/api/v1/decisions", 422, "sue", {"params": {"all": "perhaps"}}),
        (
            "GET",
            "/api/v1/decisions/{decision_id}",
            200,
            "sue",
            {"path": f"/api/v1/decisions/{decision}"},
        ),
        (
            "GET",
            "/api/v1/decisions/{decision_id}",
            401,
            None,
            {"path": f"/api/v1/decisions/{decision}"},
        ),
        (
            "GET",
            "/api/v1/decisions/{decision_id}",
            404,
            "cara",
            {"path": f"/api/v1/decisions/{decision}"},
        ),
        ("GET", "/api/v1/decisions/{decision_id}", 422, "sue", {"path": "/api/v1/decisions/x"}),
        (
            "POST",
            "/api/v1/decisions/{decision_id}/answer",
            401,
            None,
            {"path": f"/api/v1/decisions/{decision}/answer", "json": {"answer": "approve"}},
        ),
        (
            "POST",
            "/api/v1/decisions/{decision_id}/answer",
            403,
            "cara",
            {"path": f"/api/v1/decisions/{decision}/answer", "json": {"answer": "approve"}},
        ),
        (
            "POST",
            "/api/v1/decisions/{decision_id}/answer",
            404,
            "sue",
            {"path": "/api/v1/decisions/999999/answer", "json": {"answer": "approve"}},
        ),
        (
            "POST",
            "/api/v1/decisions/{decision_id}/answer",
            422,
            "sue",
            {"path": f"/api/v1/decisions/{decision}/answer", "json": {"answer": "reject"}},
        ),
        (
            "POST",
            "/api/v1/decisions/{decision_id}/answer",
            200,
            "sue",
            {"path": f"/api/v1/decisions/{decision}/answer", "json": {"answer": "approve"}},
        ),
        ("GET", "/api/v1/handoffs", 200, "sue", {}),
        ("GET", "/api/v1/handoffs", 401, None, {}),
        ("GET", "/api/v1/handoffs", 422, "sue", {"params": {"mine": "perhaps"}}),
        (
            "GET",
            "/api/v1/handoffs/{handoff_id}",
            200,
            "sue",
            {"path": f"/api/v1/handoffs/{handoff}"},
        ),
        (
            "GET",
            "/api/v1/handoffs/{handoff_id}",
            401,
            None,
            {"path": f"/api/v1/handoffs/{handoff}"},
        ),
        (
            "GET",
            "/api/v1/handoffs/{handoff_id}",
            404,
            "cara",
            {"path": f"/api/v1/handoffs/{handoff}"},
        ),
        ("GET", "/api/v1/handoffs/{handoff_id}", 422, "sue", {"path": "/api/v1/handoffs/x"}),
        ("POST", "/api/v1/handoffs", 201, "ana", {"json": HANDOFF}),
        ("POST", "/api/v1/handoffs", 401, None, {"json": HANDOFF}),
        ("POST", "/api/v1/handoffs", 403, "otto", {"json": HANDOFF}),
        ("POST", "/api/v1/handoffs", 404, "ana", {"json": {**HANDOFF, "patient": "ZZ1"}}),
        ("POST", "/api/v1/handoffs", 422, "ana", {"json": {**HANDOFF, "owner_role": "Nobody"}}),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/accept",
            401,
            None,
            {"path": f"/api/v1/handoffs/{handoff}/accept"},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/accept",
            403,
            "cara",
            {"path": f"/api/v1/handoffs/{handoff}/accept"},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/accept",
            404,
            "sue",
            {"path": "/api/v1/handoffs/999999/accept"},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/accept",
            200,
            "sue",
            {"path": f"/api/v1/handoffs/{handoff}/accept"},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/accept",
            422,
            "sue",
            {"path": f"/api/v1/handoffs/{handoff}/accept"},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/complete",
            401,
            None,
            {"path": f"/api/v1/handoffs/{handoff}/complete", "json": {}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/complete",
            403,
            "cara",
            {"path": f"/api/v1/handoffs/{handoff}/complete", "json": {}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/complete",
            404,
            "sue",
            {"path": "/api/v1/handoffs/999999/complete", "json": {}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/complete",
            422,
            "sue",
            {"path": f"/api/v1/handoffs/{handoff}/complete", "json": {"outcome": "maybe"}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/complete",
            200,
            "sue",
            {"path": f"/api/v1/handoffs/{handoff}/complete", "json": {}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/cancel",
            401,
            None,
            {"path": f"/api/v1/handoffs/{other}/cancel", "json": {"reason": "x"}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/cancel",
            403,
            "sue",
            {"path": f"/api/v1/handoffs/{other}/cancel", "json": {"reason": "x"}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/cancel",
            404,
            "ana",
            {"path": "/api/v1/handoffs/999999/cancel", "json": {"reason": "x"}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/cancel",
            422,
            "ana",
            {"path": f"/api/v1/handoffs/{other}/cancel", "json": {"reason": ""}},
        ),
        (
            "POST",
            "/api/v1/handoffs/{handoff_id}/cancel",
            200,
            "ana",
            {"path": f"/api/v1/handoffs/{other}/cancel", "json": {"reason": "duplicate"}},
        ),
        ("GET", "/api/v1/me", 200, "ana", {}),
        ("GET", "/api/v1/me", 401, None, {}),
        ("GET", "/api/v1/staff", 200, "ada", {}),
        ("GET", "/api/v1/staff", 401, None, {}),
        ("GET", "/api/v1/staff", 403, "ana", {}),
        ("GET", "/api/v1/owners", 200, "ana", {}),
        ("GET", "/api/v1/owners", 401, None, {}),
        (
            "PUT",
            "/api/v1/owners/{role}",
            200,
            "ada",
            {"path": "/api/v1/owners/Privacy officer", "json": {"primary": "SUE"}},
        ),
        (
            "PUT",
            "/api/v1/owners/{role}",
            401,
            None,
            {"path": "/api/v1/owners/Privacy officer", "json": {"primary": 1}},
        ),
        (
            "PUT",
            "/api/v1/owners/{role}",
            403,
            "sue",
            {"path": "/api/v1/owners/Privacy officer", "json": {"primary": 1}},
        ),
        (
            "PUT",
            "/api/v1/owners/{role}",
            404,
            "ada",
            {"path": "/api/v1/owners/Privacy officer", "json": {"primary": 999999}},
        ),
        (
            "PUT",
            "/api/v1/owners/{role}",
            422,
            "ada",
            {"path": "/api/v1/owners/Privacy officer", "json": {}},
        ),
        *(
            (
                "PUT",
                "/api/v1/billing/fee-schedule/{code}",
                status,
                who,
                {"path": "/api/v1/billing/fee-schedule/99426", "json": body},
            )
            for status, who, body in (
                (200, "ada", {"amount_usd": "61.50", "source": "Local contract"}),
                (401, None, {"amount_usd": "61.50", "source": "Local contract"}),
                (403, "sue", {"amount_usd": "61.50", "source": "Local contract"}),
                (422, "ada", {"amount_usd": "sixty", "source": "Local contract"}),
            )
        ),
        ("GET", "/api/v1/audit/events", 200, "otto", {"params": OCT}),
        ("GET", "/api/v1/audit/events", 401, None, {"params": OCT}),
        ("GET", "/api/v1/audit/events", 403, "ada", {"params": OCT}),
        ("GET", "/api/v1/audit/events", 422, "otto", {"params": {"from": "2026-10-01"}}),
        ("GET", "/api/v1/audit/verify", 200, "otto", {}),
        ("GET", "/api/v1/audit/verify", 401, None, {}),
        ("GET", "/api/v1/audit/verify", 403, "ana", {}),
        ("GET", "/api/v1/audit/export.csv", 200, "otto", {"params": OCT}),
        ("GET", "/api/v1/audit/export.csv", 401, None, {"params": OCT}),
        ("GET", "/api/v1/audit/export.csv", 403, "sue", {"params": OCT}),
        ("GET", "/api/v1/audit/export.csv", 422, "otto", {"params": {"from": "x", "to": "y"}}),
        ("GET", "/healthz", 200, None, {}),
        ("GET", "/readyz", 200, None, {}),
        ("GET", "/metrics", 200, None, {}),
    ]


def test_the_schema_is_valid_openapi(api: Api) -> None:
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


def _setup(api: Api) -> tuple[int, int, int, int, int]:
    entry = api.post(
        "/api/v1/tasks", "ana", json={"patient": "ZK1029", "task_type": GENERAL, "minutes": 10}
    ).json()["id"]
    role = "Revenue cycle director"
    set_owner(api.records, Actor.system("test"), role, primary=api.staff["sue"])
    ana = actor_for(api.records, api.staff["ana"], "test")
    decision = open_decision(
        api.records,
        ana,
        kind="billing",
        question="write off <ACCOUNT_1>?",
        owner_role=role,
        due_in=timedelta(hours=24),
    ).id
    scheduled = api.get("/api/v1/scheduled-tasks", "ana", params={"patient": "ZK1029"}).json()
    set_owner(api.records, Actor.system("test"), "Billing supervisor", primary=api.staff["sue"])
    set_owner(api.records, Actor.system("test"), "North team supervisor", primary=api.staff["sue"])
    handoff, other = (api.post("/api/v1/handoffs", "ana", json=HANDOFF).json()["id"] for _ in "ab")
    return entry, decision, scheduled[0]["id"], handoff, other


def _generic_cases(
    schema: dict[str, Any], token: str, max_bytes: int
) -> list[tuple[str, str, int, str | None, dict]]:
    json = {"Content-Type": "application/json"}
    cases: list[tuple[str, str, int, str | None, dict]] = []
    for template, operations in schema["paths"].items():
        if not template.startswith("/api/v1/"):
            continue
        routed = re.sub(r"\{[^}]+\}", "1", template)
        for method, operation in operations.items():
            method = method.upper()
            if "requestBody" in operation:
                unreadable = {"path": routed, "content": b"\xff{", "headers": json}
                cases.append((method, template, 400, "ada", unreadable))
                too_large = {"path": routed, "content": b" " * (max_bytes + 1), "headers": json}
                cases.append((method, template, 413, "ada", too_large))
            if "{" in template:
                slashed = re.sub(r"\{[^}]+\}", "x%2Fy", template)
                cases.append((method, template, 404, "ada", {"path": slashed}))
            if operation.get("security") and method not in SAFE_METHODS:
                cookie = {"Cookie": f"{SESSION_COOKIE}={token}", **json}
                cases.append((method, template, 403, None, {"path": routed, "headers": cookie}))
    return cases


def test_every_documented_response_code_is_produced(api: Api, engine: Any, tmp_path: Path) -> None:
    documented = {
        (method.upper(), path, int(code))
        for path, item in api.get("/api/v1/openapi.json").json()["paths"].items()
        for method, operation in item.items()
        for code in operation["responses"]
    }
    tracked = tracked_setup(api)
    cases = [
        *_cases(*_setup(api)),
        *tracked_cases(**tracked),
        *feedback_cases(tracked["thread"], tracked["audited_thread"]),
    ]
    schema = api.get("/api/v1/openapi.json").json()
    cases += _generic_cases(schema, api.tokens["ada"], api_settings(tmp_path).max_request_bytes)
    produced: set[tuple[str, str, int]] = set()
    for method, template, status, who, spec in cases:
        spec = dict(spec)
        if spec.get("json", {}).get("primary") == "SUE":
            spec["json"] = {"primary": api.staff["sue"]}
        path = spec.pop("path", template)
        if spec.pop("stream", False):
            with api.client.stream(method, path, headers=api.headers(who), **spec) as opened:
                assert opened.status_code == status, (method, path, who)
            produced.add((method, template, status))
            continue
        response = api.call(method, path, who, **spec)
        assert response.status_code == status, (method, path, who, response.text[:300])
        produced.add((method, template, status))
    gone = Database(f"sqlite:///{tmp_path / 'gone' / 'db.sqlite'}")
    broken = ToolContext(gone, guard=api.records.guard)
    (tmp_path / "gone").rmdir()
    with TestClient(create_app(api_settings(tmp_path), engine, broken)) as client:
        assert client.get("/readyz").status_code == 503
        produced.add(("GET", "/readyz", 503))
    assert documented - produced == set(), "documented but never produced"
    assert produced - documented == set(), "produced but not documented"
