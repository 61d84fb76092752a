"""Your notifications over HTTP: your own only, newest first, as many as you ask for."""

from __future__ import annotations

from tests.api.conftest import Api

HANDOFF = {
    "title": "Coded account released to billing",
    "owner_role": "Billing supervisor",
    "due_in_hours": 96,
    "escalate_after_hours": 48,
}


def test_each_person_reads_their_own_notifications_newest_first(api: Api) -> None:
    api.owners({"Billing supervisor": "sue"})
    first, second = (api.post("/api/v1/handoffs", "ana", json=HANDOFF).json() for _ in "ab")
    inbox = api.get("/api/v1/notifications", "sue").json()
    assert [(n["kind"], n["subject_id"]) for n in inbox] == [
        ("handoff.assigned", second["id"]),
        ("handoff.assigned", first["id"]),
    ]
    assert inbox[0]["subject_type"] == "handoff" and inbox[0]["delivered_at"] is None
    assert f"Handoff #{second['id']}" in inbox[0]["text"]
    assert inbox[0]["created_at"] == "2026-10-14T15:00:00Z"
    latest = api.get("/api/v1/notifications", "sue", params={"limit": 1}).json()
    assert latest == inbox[:1]
    assert api.get("/api/v1/notifications", "ana").json() == []
    assert api.get("/api/v1/notifications", "otto").json() == []
    # The read is in the audit trail (ids only).
    assert api.events(action="notification.list", actor_id=api.staff["sue"])


def test_bad_limits_and_strangers_are_refused(api: Api) -> None:
    for limit in (0, 501, "many"):
        response = api.get("/api/v1/notifications", "sue", params={"limit": limit})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]
    assert api.get("/api/v1/notifications").status_code == 401
