"""Staff, owners and the audit trail over HTTP."""

from __future__ import annotations

from tests.api.conftest import Api


def test_staff_list_by_role(api: Api) -> None:
    assert len(api.get("/api/v1/staff", "ada").json()) == 6
    team = api.get("/api/v1/staff", "sue").json()
    assert {s["name"] for s in team} == {"Ana Coord", "Ben Coord", "Sue Super"}
    assert api.get("/api/v1/staff", "ana").status_code == 403
    assert api.get("/api/v1/staff").status_code == 401


def test_owner_directory_read_by_all_written_by_admins(api: Api) -> None:
    path = "/api/v1/owners/Privacy officer"
    body = {"primary": api.staff["sue"], "backup": api.staff["ada"]}
    assert api.call("PUT", path, "sue", json=body).status_code == 403
    put = api.call("PUT", path, "ada", json=body)
    assert put.status_code == 200 and put.json()["role"] == "Privacy officer"
    listed = api.get("/api/v1/owners", "ana").json()
    assert listed == [
        {
            "role": "Privacy officer",
            "primary": api.staff["sue"],
            "backup": api.staff["ada"],
            "chain": [],
        }
    ]
    same = {"primary": api.staff["sue"], "backup": api.staff["sue"]}
    assert api.call("PUT", path, "ada", json=same).status_code == 422
    assert api.call("PUT", path, "ada", json={"primary": 9999}).status_code == 404
    assert api.call("PUT", path, "ada", json={"backup": 1}).status_code == 422  # no primary
    assert api.get("/api/v1/owners").status_code == 401


def test_the_audit_trail_is_for_auditors(api: Api) -> None:
    api.get("/api/v1/patients", "ana")
    window = {"from": "2026-10-01", "to": "2026-10-31"}
    events = api.get("/api/v1/audit/events", "otto", params=window)
    assert events.status_code == 200
    assert any(e["action"] == "panel.view" for e in events.json())
    page = api.get("/api/v1/audit/events", "otto", params={**window, "limit": 2}).json()
    following = api.get(
        "/api/v1/audit/events", "otto", params={**window, "limit": 2, "after_id": page[-1]["id"]}
    ).json()
    assert following[0]["id"] > page[-1]["id"]
    verified = api.get("/api/v1/audit/verify", "otto").json()
    assert verified["intact"] and verified["events"] > 0
    exported = api.get("/api/v1/audit/export.csv", "otto", params=window)
    assert exported.status_code == 200 and exported.text.startswith("id,")
    assert api.get("/api/v1/audit/events", "ada", params=window).status_code == 403
    assert api.get("/api/v1/audit/verify", "ana").status_code == 403
    backwards = {"from": "2026-10-31", "to": "2026-10-01"}
    assert api.get("/api/v1/audit/events", "otto", params=backwards).status_code == 422
    assert api.get("/api/v1/audit/export.csv", "otto", params=backwards).status_code == 422
    assert api.get("/api/v1/audit/events", "otto").status_code == 422  # no range
