"""The panel, patients, task types, metrics and scheduled tasks over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api


def test_the_panel_shows_a_coordinators_own_patients_with_status(api: Api) -> None:
    rows = api.get("/api/v1/patients", "ana").json()
    assert [r["chart_code"] for r in rows] == ["ZK1029", "ZK1030"]
    by_code = {r["chart_code"]: r for r in rows}
    assert by_code["ZK1030"]["visit_status"] == "overdue"
    assert by_code["ZK1029"]["monthly_tasks_total"] > 0
    overdue = api.get("/api/v1/patients", "ana", params={"visit": "overdue"}).json()
    assert [r["chart_code"] for r in overdue] == ["ZK1030"]
    assert api.get("/api/v1/patients", "ana", params={"visit": "soon"}).status_code == 422
    team = api.get("/api/v1/patients", "sue", params={"mine_only": False}).json()
    assert {r["chart_code"] for r in team} == {"ZK1029", "ZK1030", "ZK1031"}


def test_one_patient_by_chart_code(api: Api) -> None:
    assert api.get("/api/v1/patients/zk1029", "ana").json()["chart_code"] == "ZK1029"
    assert api.get("/api/v1/patients/ZK1032", "ana").status_code == 403
    assert api.get("/api/v1/patients/ZZ0000", "ana").status_code == 404
    assert api.get("/api/v1/patients", "otto").status_code == 403


def test_task_types_and_metrics(api: Api) -> None:
    types = api.get("/api/v1/task-types", "ana").json()
    assert {"name", "category", "average_minutes", "program"} == set(types[0])
    assert "billable" not in types[0]
    assert api.get("/api/v1/task-types", "otto").status_code == 403
    mine = api.get("/api/v1/metrics/coordinators", "ana", params={"month": "2026-10"}).json()
    assert [m["coordinator_id"] for m in mine] == [api.staff["ana"]]
    team = api.get("/api/v1/metrics/coordinators", "sue", params={"month": "2026-10"}).json()
    assert {m["name"] for m in team} == {"Ana Coord", "Ben Coord"}
    assert (
        api.get("/api/v1/metrics/coordinators", "sue", params={"month": "10/2026"}).status_code
        == 422
    )
    assert (
        api.get("/api/v1/metrics/coordinators", "otto", params={"month": "2026-10"}).status_code
        == 403
    )


def test_scheduled_tasks_list_complete_and_generate(api: Api) -> None:
    pending = api.get("/api/v1/scheduled-tasks", "ana", params={"patient": "ZK1029"}).json()
    assert pending and all(t["chart_code"] == "ZK1029" for t in pending)
    first = pending[0]
    done = api.post(f"/api/v1/scheduled-tasks/{first['id']}/complete", "ana", json={"minutes": 10})
    assert done.status_code == 201 and done.json()["task_type"] == first["task_type"]
    again = api.post(f"/api/v1/scheduled-tasks/{first['id']}/complete", "ana", json={"minutes": 10})
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "already_done"
    assert (
        api.post("/api/v1/scheduled-tasks/999999/complete", "ana", json={"minutes": 10}).status_code
        == 404
    )
    assert api.get("/api/v1/scheduled-tasks", "otto").status_code == 403
    assert (
        api.post("/api/v1/scheduled-tasks/generate", "ana", json={"month": "2026-11"}).status_code
        == 403
    )
    both = api.post(
        "/api/v1/scheduled-tasks/generate", "ada", json={"month": "2026-11", "week": "2026-11-02"}
    )
    assert both.status_code == 422
    made = api.post("/api/v1/scheduled-tasks/generate", "ada", json={"month": "2026-11"}).json()
    assert made["period"] == "2026-11" and made["created"] > 0
    again = api.post("/api/v1/scheduled-tasks/generate", "ada", json={"month": "2026-11"}).json()
    assert again["created"] == 0


FILTERED_LISTS = [
    ("/api/v1/tasks", "task.list", {}),
    ("/api/v1/scheduled-tasks", "schedule.list", {}),
    ("/api/v1/metrics/coordinators", "metrics.view", {"month": "2026-10"}),
]


@pytest.mark.parametrize(("path", "action", "params"), FILTERED_LISTS)
def test_a_filter_on_someone_elses_records_is_refused_and_audited(
    api: Api, path: str, action: str, params: dict[str, str]
) -> None:
    def by(who: str, coordinator: str | int) -> Any:
        ident = api.staff[coordinator] if isinstance(coordinator, str) else coordinator
        return api.get(path, who, params={**params, "coordinator_id": ident})

    refused = by("ana", "ben")  # another coordinator, same team
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["type"] == "other_coordinator"
    [denied] = api.events(action=action, outcome="denied")
    assert (denied.actor_id, denied.detail) == (api.staff["ana"], "other_coordinator")
    assert by("sue", "cara").status_code == 403  # a supervisor outside their team
    assert by("ana", 999_999).status_code == 403  # nobody: no hint whether they exist
    # Allowed: yourself, a supervisor's own team, an admin anyone.
    assert by("ana", "ana").status_code == 200
    assert by("sue", "ben").status_code == 200
    assert by("ada", "cara").status_code == 200
    assert len(api.events(action=action, outcome="denied")) == 3


def test_a_patient_reference_is_checked_by_the_shared_rule(api: Api) -> None:
    too_big = api.get("/api/v1/patients/99999999999999999999", "ana")
    assert too_big.status_code == 422
    assert too_big.json()["detail"][0]["type"] == "patient_ref"
    assert api.get("/api/v1/patients/zk1029", "ana").status_code == 200  # any case
    assert api.get("/api/v1/patients/ZK%209031", "ada").status_code == 422
