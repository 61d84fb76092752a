"""The contract test's requests for feedback, corrections and the feedback report (one
per documented method, path and status)."""

from __future__ import annotations

from typing import Any

Case = tuple[str, str, int, str | None, dict[str, Any]]


def feedback_cases(thread: str, audited_thread: str) -> list[Case]:
    """``thread``: Ana's conversation with a plan; ``audited_thread``: the auditor's."""
    rate = "/api/v1/threads/{thread_id}/feedback"
    wrong = {"helpful": False, "corrected_agent": "clinical-case-manager"}
    accept, reject = (
        "/api/v1/corrections/{correction_id}/accept",
        ("/api/v1/corrections/{correction_id}/reject"),
    )
    added = {
        "text": "an uninsured patient needs home IV antibiotics",
        "agent": "clinical-case-manager",
    }

    def on(path: str, **spec: Any) -> dict[str, Any]:
        return {"path": path, **spec}

    return [
        ("POST", rate, 201, "ana", on(f"/api/v1/threads/{thread}/feedback", json=wrong)),
        ("POST", rate, 401, None, on(f"/api/v1/threads/{thread}/feedback", json=wrong)),
        ("POST", rate, 403, "otto", on(f"/api/v1/threads/{audited_thread}/feedback", json=wrong)),
        ("POST", rate, 404, "ben", on(f"/api/v1/threads/{thread}/feedback", json=wrong)),
        (
            "POST",
            rate,
            422,
            "ana",
            on(
                f"/api/v1/threads/{thread}/feedback",
                json={"helpful": False, "corrected_agent": "x"},
            ),
        ),
        ("GET", "/api/v1/agents", 200, "ana", {}),
        ("GET", "/api/v1/agents", 401, None, {}),
        ("GET", "/api/v1/corrections", 200, "sue", {}),
        ("GET", "/api/v1/corrections", 401, None, {}),
        ("GET", "/api/v1/corrections", 403, "ana", {}),
        ("GET", "/api/v1/corrections", 422, "sue", {"params": {"status": "maybe"}}),
        ("POST", accept, 200, "sue", on("/api/v1/corrections/1/accept")),
        ("POST", accept, 401, None, on("/api/v1/corrections/1/accept")),
        ("POST", accept, 403, "ana", on("/api/v1/corrections/1/accept")),
        ("POST", accept, 404, "sue", on("/api/v1/corrections/999/accept")),
        ("POST", accept, 422, "sue", on("/api/v1/corrections/x/accept")),
        ("POST", reject, 200, "sue", on("/api/v1/corrections/1/reject")),
        ("POST", reject, 401, None, on("/api/v1/corrections/1/reject")),
        ("POST", reject, 403, "ana", on("/api/v1/corrections/1/reject")),
        ("POST", reject, 404, "sue", on("/api/v1/corrections/999/reject")),
        ("POST", reject, 422, "sue", on("/api/v1/corrections/x/reject")),
        ("POST", "/api/v1/corrections", 201, "ada", {"json": added}),
        ("POST", "/api/v1/corrections", 401, None, {"json": added}),
        ("POST", "/api/v1/corrections", 403, "sue", {"json": added}),
        ("POST", "/api/v1/corrections", 422, "ada", {"json": {**added, "agent": "nobody"}}),
        ("GET", "/api/v1/feedback/report", 200, "sue", {"params": {"month": "2026-10"}}),
        ("GET", "/api/v1/feedback/report", 401, None, {}),
        ("GET", "/api/v1/feedback/report", 403, "ana", {}),
        ("GET", "/api/v1/feedback/report", 422, "sue", {"params": {"month": "October"}}),
    ]
