"""No raw PHI at rest after any write endpoint of the HTTP API.

Each row drives one endpoint with a relative's identifiers (``phi_at_rest.TEXT``) in
every free-text field, and names and code-shaped names where a reference or a code
belongs; it checks the status it expects, so the row took the path it is about. Then
every file of the data directory (the store and its WAL, the log) and of the engine's
(checkpoints, the Chroma index) is read as bytes: none may hold any of the values. A new
endpoint is one more row.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.logs import OWN_LOGGERS, JsonFormatter
from tests.api.conftest import NOW, Api, api_settings
from tests.integration.phi_at_rest import (
    CODE_SHAPED_NAME,
    NAME,
    TEXT,
    practice_with_owners,
    raw_phi_in,
)
from tools.access import Actor
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.phi.logging_filter import PhiRedactingFilter
from tools.store.database import Database
from tools.tokens import issue_token

PRIOR_AUTH = f"{TEXT} His prior auth for the MRI has been pending with the payer for nine days."
WRITE_OFF = f"Go ahead and approve the write-off on the balance. {TEXT}"


@pytest.fixture
def api(
    engine: Any, text_guard: Any, shared_guard: Any, tmp_path: Path, engine_data_dir: Path
) -> Iterator[Api]:
    """The app over a fresh store in ``tmp_path/data``, logging there through the PHI
    filter as ``baton serve`` does, on the session's engine (checkpoints, index)."""
    data = tmp_path / "data"
    data.mkdir()
    records = ToolContext(
        Database(f"sqlite:///{data / 'baton.db'}"), FixedClock(NOW), guard=text_guard
    )
    records.prepare()
    staff, patients = practice_with_owners(records)
    system = Actor.system("test")
    tokens = {key: issue_token(records, system, sid).secret for key, sid in staff.items()}
    log = logging.FileHandler(data / "baton.log", encoding="utf-8")
    log.setFormatter(JsonFormatter())
    log.addFilter(PhiRedactingFilter(shared_guard))
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in OWN_LOGGERS}
    root.addHandler(log)
    for name in OWN_LOGGERS:  # everything Baton logs, debug included
        logging.getLogger(name).setLevel(logging.DEBUG)
    engine.services.records = records
    app = create_app(api_settings(tmp_path), engine, records)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, records, engine, staff, tokens, patients)
    finally:
        engine.services.records = None
        root.removeHandler(log)
        log.close()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        records.db.dispose()


def expect(response: Any, status: int) -> Any:
    assert response.status_code == status, response.text[:400]
    return response.json() if response.content else {}


TASK = {"patient": "ZK1029", "task_type": "CCM: Care Plan Monthly REVIEW/CLOSE", "minutes": 20}
HANDOFF = {
    "title": f"Call back: {TEXT}",
    "owner_role": "Billing supervisor",
    "due_in_hours": 24,
    "escalate_after_hours": 24,
    "entry_conditions": [TEXT, f"consent from {NAME}"],
    "waiting_on": TEXT,
    "outcome_target": TEXT,
    "patient": "ZK1029",
}


def _entry(api: Api) -> int:
    return int(expect(api.post("/api/v1/tasks", "ana", json={**TASK, "notes": TEXT}), 201)["id"])


def _signoff(api: Api) -> int:
    body = {**TASK, "minutes": 90, "notes": TEXT, "confirm": True}
    return int(expect(api.post("/api/v1/tasks", "ana", json=body), 202)["decision_id"])


def _handoff(api: Api) -> int:
    return int(expect(api.post("/api/v1/handoffs", "ana", json=HANDOFF), 201)["id"])


def _scheduled(api: Api) -> int:
    tasks = expect(api.get("/api/v1/scheduled-tasks", "ana"), 200)
    return int(next(t["id"] for t in tasks if t["chart_code"] == "ZK1029"))


def _thread(api: Api) -> str:
    """A conversation whose plan has handoffs (a prior auth gone stale)."""
    thread = uuid.uuid4().hex
    expect(api.post(f"/api/v1/threads/{thread}/turns", "ana", json={"text": PRIOR_AUTH}), 200)
    return thread


def _thread_decision(api: Api) -> int:
    """A request for a final decision, made in a conversation that waits for the answer;
    the owner first responds with a comment (the answer then resumes the thread)."""
    thread = uuid.uuid4().hex
    path = f"/api/v1/threads/{thread}/turns"
    asked = expect(api.post(path, "ana", json={"text": WRITE_OFF}), 200)
    assert asked["waiting_for_decision"], asked
    decision = int(asked["waiting_for_decision"])
    answer = {"answer": "respond", "comment": TEXT}
    expect(api.post(f"/api/v1/decisions/{decision}/answer", "sue", json=answer), 200)
    return decision


def _new_pcp_step(api: Api) -> int:
    """A PCP panel removal, approved: its next step (complex case management, ZK1029 being
    high-risk) waits for the new PCP."""
    change = {"patient": "ZK1029", "provider": 1, "reason_code": "moved"}
    expect(api.post("/api/v1/pcp/changes", "ana", json=change), 201)
    removal = {"patient": "ZK1029", "reason_code": "relationship"}
    asked = expect(api.post("/api/v1/pcp/removals", "ana", json=removal), 202)["decision"]
    approve = {"answer": "approve"}
    expect(api.post(f"/api/v1/decisions/{asked['id']}/answer", "sue", json=approve), 200)
    case = expect(api.get(f"/api/v1/cases/{asked['case_id']}", "sue"), 200)
    return int(case["current_step"]["id"])


# What a path's {name} stands for: made by the row's own earlier requests.
MADE: dict[str, Callable[[Api], object]] = {
    "new_thread": lambda _api: uuid.uuid4().hex,
    "entry": _entry,
    "signoff": _signoff,
    "handoff": _handoff,
    "scheduled": _scheduled,
    "thread": _thread,
    "thread_decision": _thread_decision,
    "new_pcp_step": _new_pcp_step,
}


class Made(dict[str, object]):
    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api

    def __missing__(self, name: str) -> object:
        self[name] = MADE[name](self.api)
        return self[name]


# One endpoint each: (status, method, path, who, JSON body). Refusals count too: the
# attempt is audited, and neither the trail nor the log may quote what was typed.
ENDPOINTS: dict[str, tuple[int, str, str, str, dict[str, Any] | None]] = {
    "POST /threads/{id}/turns": (
        200, "POST", "/threads/{new_thread}/turns", "ana", {"text": PRIOR_AUTH},
    ),
    "POST /threads/{id}/handoffs": (201, "POST", "/threads/{thread}/handoffs", "ana", {}),
    "POST /route": (200, "POST", "/route", "ana", {"text": TEXT}),
    "POST /tasks": (201, "POST", "/tasks", "ana", {**TASK, "notes": TEXT}),
    "POST /tasks, sent for sign-off": (
        202, "POST", "/tasks", "ana", {**TASK, "minutes": 90, "notes": TEXT, "confirm": True},
    ),
    "POST /tasks, a name for the patient": (
        404, "POST", "/tasks", "ana", {**TASK, "patient": NAME},
    ),
    "POST /tasks, a sentence for the task type": (
        404, "POST", "/tasks", "ana", {**TASK, "task_type": TEXT},
    ),
    "PATCH /tasks/{id}": (200, "PATCH", "/tasks/{entry}", "ana", {"notes": f"Again: {TEXT}"}),
    "PATCH /tasks/{id}, a sentence for the task type": (
        404, "PATCH", "/tasks/{entry}", "ana", {"task_type": TEXT},
    ),
    "DELETE /tasks/{id}": (204, "DELETE", "/tasks/{entry}", "ana", None),
    "POST /scheduled-tasks/{id}/complete": (
        201, "POST", "/scheduled-tasks/{scheduled}/complete", "ana", {"minutes": 20, "notes": TEXT},
    ),
    "POST /scheduled-tasks/generate": (
        200, "POST", "/scheduled-tasks/generate", "ada", {"month": "2026-11"},
    ),
    "POST /billing/months/{month}/save": (200, "POST", "/billing/months/2026-10/save", "ada", None),
    "POST /billing/write-offs, a name for the patient": (
        404, "POST", "/billing/write-offs", "ada",
        {"patient": NAME, "month": "2026-10", "amount_usd": "10.00", "reason_code": "other"},
    ),
    "POST /billing/write-offs, a name for the reason code": (
        422, "POST", "/billing/write-offs", "ada",
        {"patient": "ZK1029", "month": "2026-10", "amount_usd": "10.00",
         "reason_code": CODE_SHAPED_NAME},
    ),
    "POST /decisions/{id}/answer, edit with a comment": (
        200, "POST", "/decisions/{signoff}/answer", "sue",
        {"answer": "edit", "comment": TEXT, "edited": {"notes": TEXT, "minutes": 75}},
    ),
    "POST /decisions/{id}/answer, reject with a comment": (
        200, "POST", "/decisions/{signoff}/answer", "sue", {"answer": "reject", "comment": TEXT},
    ),
    "POST /decisions/{id}/answer, an edit naming no argument": (
        422, "POST", "/decisions/{signoff}/answer", "sue",
        {"answer": "edit", "edited": {NAME: TEXT}},
    ),
    "POST /decisions/{id}/answer, resuming the asker's thread": (
        200, "POST", "/decisions/{thread_decision}/answer", "sue",
        {"answer": "approve", "comment": TEXT},
    ),
    # A role of the owner directory is its vocabulary, like a staff name: not free text.
    "PUT /owners/{role}": (200, "PUT", "/owners/Privacy officer", "ada", {"primary": 4}),
    "PUT /billing/fee-schedule/{code}": (
        200, "PUT", "/billing/fee-schedule/99426", "ada", {"amount_usd": "61.50", "source": TEXT},
    ),
    "PUT /billing/fee-schedule/{code}, a name for the code": (
        422, "PUT", f"/billing/fee-schedule/{CODE_SHAPED_NAME}", "ada",
        {"amount_usd": "61.50", "source": "CMS"},
    ),
    "POST /handoffs": (201, "POST", "/handoffs", "ana", HANDOFF),
    "POST /handoffs, a name for the owner role": (
        422, "POST", "/handoffs", "ana", {**HANDOFF, "owner_role": NAME},
    ),
    "POST /handoffs/{id}/accept": (200, "POST", "/handoffs/{handoff}/accept", "sue", None),
    "POST /handoffs/{id}/complete": (
        200, "POST", "/handoffs/{handoff}/complete", "sue", {"result": TEXT},
    ),
    "POST /handoffs/{id}/complete, a name for the new PCP": (
        404, "POST", "/handoffs/{new_pcp_step}/complete", "sue",
        {"outcome": "new_pcp_chosen", "details": {"provider": NAME}},
    ),
    "POST /handoffs/{id}/cancel": (
        200, "POST", "/handoffs/{handoff}/cancel", "ana", {"reason": TEXT},
    ),
    "POST /referrals, a name for the specialty": (
        422, "POST", "/referrals", "ana", {"patient": "ZK1029", "specialty": NAME},
    ),
    "POST /referrals, a name for the patient": (
        404, "POST", "/referrals", "ana", {"patient": NAME, "specialty": "cardiology"},
    ),
    "POST /pcp/changes, a name for the provider": (
        404, "POST", "/pcp/changes", "ana",
        {"patient": "ZK1029", "provider": NAME, "reason_code": "moved"},
    ),
    "POST /pcp/changes, a name for the reason code": (
        422, "POST", "/pcp/changes", "ana",
        {"patient": "ZK1029", "provider": 1, "reason_code": CODE_SHAPED_NAME},
    ),
    "POST /pcp/removals, a name for the patient": (
        404, "POST", "/pcp/removals", "ana", {"patient": NAME, "reason_code": "relationship"},
    ),
    "POST /pcp/removals, a name for the reason code": (
        422, "POST", "/pcp/removals", "ana", {"patient": "ZK1029", "reason_code": CODE_SHAPED_NAME},
    ),
    "POST /pcp/complaints, a name for the patient": (
        404, "POST", "/pcp/complaints", "ana", {"patient": NAME, "category": "access"},
    ),
    "POST /pcp/complaints, a name for the category": (
        422, "POST", "/pcp/complaints", "ana", {"patient": "ZK1029", "category": CODE_SHAPED_NAME},
    ),
    "POST /threads/{id}/feedback": (
        201, "POST", "/threads/{thread}/feedback", "ana",
        {"helpful": False, "corrected_agent": "clinical-case-manager", "comment": TEXT},
    ),
    "POST /threads/{id}/feedback, a name for the specialist": (
        422, "POST", "/threads/{thread}/feedback", "ana",
        {"helpful": False, "corrected_agent": CODE_SHAPED_NAME, "comment": TEXT},
    ),
    "POST /corrections": (
        201, "POST", "/corrections", "ada", {"text": PRIOR_AUTH, "agent": "clinical-case-manager"},
    ),
    "POST /corrections, a name for the specialist": (
        422, "POST", "/corrections", "ada", {"text": TEXT, "agent": CODE_SHAPED_NAME},
    ),
    "POST /pcp/fwa, a name for the patient": (
        404, "POST", "/pcp/fwa", "ana", {"patient": NAME, "category": "identity"},
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "method", "path", "who", "body"), ENDPOINTS.values(), ids=ENDPOINTS.keys()
)
def test_no_raw_phi_at_rest_after_the_endpoint(
    api: Api,
    status: int,
    method: str,
    path: str,
    who: str,
    body: dict[str, Any] | None,
    tmp_path: Path,
    engine_data_dir: Path,
) -> None:
    # The engine's folder lives for the session: only what this row adds counts there.
    engine_before = raw_phi_in(engine_data_dir)
    url = "/api/v1" + path.format_map(Made(api))
    expect(api.call(method, url, who, **({} if body is None else {"json": body})), status)
    api.records.db.dispose()  # the store's files as another process would read them
    assert raw_phi_in(tmp_path / "data") == {}
    assert raw_phi_in(engine_data_dir) - engine_before == {}


def test_no_raw_phi_at_rest_after_a_failed_sign_in(api: Api, tmp_path: Path) -> None:
    headers = {"Origin": "http://testserver", "Content-Type": "application/x-www-form-urlencoded"}
    response = api.client.post("/login", content=f"token={TEXT}", headers=headers)
    assert response.status_code == 401
    api.records.db.dispose()
    assert raw_phi_in(tmp_path / "data") == {}
