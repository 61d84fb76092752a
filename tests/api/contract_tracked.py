"""The contract test's requests for tracked work: plans' handoffs, cases, referrals, PCP
attribution, write-offs and notifications (one per documented method, path and status)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.api.conftest import Api

Case = tuple[str, str, int, str | None, dict[str, Any]]
ROLES = {
    "Physician advisor": "sue",
    "Referral coordinator lead": "sue",
    "Clinic dyad leadership": "ada",
    "Member services lead": "sue",
    "Provider services manager": "sue",
    "Grievance and appeals lead": "sue",
    "Special investigations lead": "ada",
    "Revenue cycle director": "sue",
}
LATE_AUTH = "prior auth for an MRI is late"


def tracked_setup(api: Api) -> dict[str, Any]:
    """Owners, a plan in Ana's and in the auditor's conversation, a referral, a PCP on
    file for ZK1029 and a billed October for it."""
    api.owners(ROLES)
    threads = {}
    for who in ("ana", "otto"):
        threads[who] = uuid.uuid4().hex[:12]
        api.post(f"/api/v1/threads/{threads[who]}/turns", who, json={"text": LATE_AUTH})
    referral = {"patient": "ZK1029", "specialty": "cardiology"}
    case = api.post("/api/v1/referrals", "ana", json=referral).json()["id"]
    change = {"patient": "ZK1029", "provider": "1234567893", "reason_code": "moved"}
    assert api.post("/api/v1/pcp/changes", "ana", json=change).status_code == 201
    task = {
        "patient": "ZK1029",
        "task_type": "CCM: Care Plan Monthly REVIEW/CLOSE",
        "minutes": 25,
        "task_date": "2026-10-12",
    }
    assert api.post("/api/v1/tasks", "ana", json=task).status_code == 201
    return {"thread": threads["ana"], "audited_thread": threads["otto"], "case": case}


def tracked_cases(thread: str, audited_thread: str, case: int) -> list[Case]:
    track = "/api/v1/threads/{thread_id}/handoffs"
    change = {"patient": "ZK1030", "provider": "1234567893", "reason_code": "continuity"}
    removal = {"patient": "ZK1029", "reason_code": "disruptive"}
    complaint = {"patient": "ZK1029", "category": "service"}
    write_off = {
        "patient": "ZK1029",
        "month": "2026-10",
        "amount_usd": "1.00",
        "reason_code": "small_balance",
    }
    month_write_offs = "/api/v1/billing/{month}/write-offs"

    def on(path: str, **spec: Any) -> dict[str, Any]:
        return {"path": path, **spec}

    return [
        ("POST", track, 201, "ana", on(f"/api/v1/threads/{thread}/handoffs", json={})),
        ("POST", track, 401, None, on(f"/api/v1/threads/{thread}/handoffs", json={})),
        ("POST", track, 403, "otto", on(f"/api/v1/threads/{audited_thread}/handoffs", json={})),
        ("POST", track, 404, "ben", on(f"/api/v1/threads/{thread}/handoffs", json={})),
        (
            "POST",
            track,
            422,
            "ana",
            on(f"/api/v1/threads/{thread}/handoffs", json={"boundaries": [0]}),
        ),
        ("GET", "/api/v1/cases", 200, "ana", {}),
        ("GET", "/api/v1/cases", 401, None, {}),
        ("GET", "/api/v1/cases", 403, "otto", {}),
        ("GET", "/api/v1/cases", 422, "ana", {"params": {"status": "perhaps"}}),
        ("GET", "/api/v1/cases/{case_id}", 200, "ana", on(f"/api/v1/cases/{case}")),
        ("GET", "/api/v1/cases/{case_id}", 401, None, on(f"/api/v1/cases/{case}")),
        ("GET", "/api/v1/cases/{case_id}", 404, "cara", on(f"/api/v1/cases/{case}")),
        ("GET", "/api/v1/cases/{case_id}", 422, "ana", on("/api/v1/cases/x")),
        ("POST", "/api/v1/referrals", 201, "ana", {"json": {"patient": 1, "specialty": "ent"}}),
        ("POST", "/api/v1/referrals", 401, None, {"json": {}}),
        ("POST", "/api/v1/referrals", 403, "otto", {"json": {"patient": 1, "specialty": "ent"}}),
        ("POST", "/api/v1/referrals", 404, "ana", {"json": {"patient": "ZZ1", "specialty": "ent"}}),
        ("POST", "/api/v1/referrals", 422, "ana", {"json": {"patient": 1}}),
        ("GET", "/api/v1/pcp/reasons", 200, "ana", {}),
        ("GET", "/api/v1/pcp/reasons", 401, None, {}),
        ("POST", "/api/v1/pcp/changes", 201, "ana", {"json": change}),
        ("POST", "/api/v1/pcp/changes", 401, None, {"json": change}),
        ("POST", "/api/v1/pcp/changes", 403, "cara", {"json": change}),
        ("POST", "/api/v1/pcp/changes", 404, "ana", {"json": {**change, "provider": "Dr. No"}}),
        ("POST", "/api/v1/pcp/changes", 422, "ana", {"json": {**change, "reason_code": "x"}}),
        ("POST", "/api/v1/pcp/removals", 202, "ana", {"json": removal}),
        ("POST", "/api/v1/pcp/removals", 401, None, {"json": removal}),
        ("POST", "/api/v1/pcp/removals", 403, "otto", {"json": removal}),
        ("POST", "/api/v1/pcp/removals", 404, "ana", {"json": {**removal, "patient": "ZZ1"}}),
        ("POST", "/api/v1/pcp/removals", 422, "ana", {"json": {**removal, "reason_code": "x"}}),
        ("POST", "/api/v1/pcp/complaints", 201, "ana", {"json": complaint}),
        ("POST", "/api/v1/pcp/complaints", 401, None, {"json": complaint}),
        ("POST", "/api/v1/pcp/complaints", 403, "otto", {"json": complaint}),
        (
            "POST",
            "/api/v1/pcp/complaints",
            404,
            "ana",
            {"json": {**complaint, "patient": "ZZ1"}},
        ),
        ("POST", "/api/v1/pcp/complaints", 422, "ana", {"json": {**complaint, "category": "x"}}),
        ("POST", "/api/v1/pcp/fwa", 201, "ana", {"json": {"category": "identity"}}),
        ("POST", "/api/v1/pcp/fwa", 401, None, {"json": {"category": "identity"}}),
        ("POST", "/api/v1/pcp/fwa", 403, "otto", {"json": {"category": "identity"}}),
        (
            "POST",
            "/api/v1/pcp/fwa",
            404,
            "ana",
            {"json": {"category": "identity", "patient": "ZZ1"}},
        ),
        ("POST", "/api/v1/pcp/fwa", 422, "ana", {"json": {"category": "x"}}),
        ("GET", "/api/v1/billing/write-off-reasons", 200, "ada", {}),
        ("GET", "/api/v1/billing/write-off-reasons", 401, None, {}),
        ("POST", "/api/v1/billing/write-offs", 202, "ada", {"json": write_off}),
        ("POST", "/api/v1/billing/write-offs", 401, None, {"json": write_off}),
        ("POST", "/api/v1/billing/write-offs", 403, "ana", {"json": write_off}),
        (
            "POST",
            "/api/v1/billing/write-offs",
            404,
            "ada",
            {"json": {**write_off, "patient": "ZZ1"}},
        ),
        (
            "POST",
            "/api/v1/billing/write-offs",
            422,
            "ada",
            {"json": {**write_off, "amount_usd": "0"}},
        ),
        ("GET", month_write_offs, 200, "ada", on("/api/v1/billing/2026-10/write-offs")),
        ("GET", month_write_offs, 401, None, on("/api/v1/billing/2026-10/write-offs")),
        ("GET", month_write_offs, 403, "ana", on("/api/v1/billing/2026-10/write-offs")),
        ("GET", month_write_offs, 422, "ada", on("/api/v1/billing/2026-1/write-offs")),
        ("GET", "/api/v1/notifications", 200, "sue", {}),
        ("GET", "/api/v1/notifications", 401, None, {}),
        ("GET", "/api/v1/notifications", 422, "sue", {"params": {"limit": 0}}),
    ]
