"""Billing over HTTP: the summary with reasons, CSV, one patient, fees; hidden from coordinators."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import update

from tests.api.conftest import Api
from tools.store.models import Patient


def _log_minutes(api: Api, chart: str, coordinator: str, minutes: list[int]) -> None:
    for i, value in enumerate(minutes):
        body = {
            "patient": chart,
            "task_type": "Care Coordination: General",
            "minutes": value,
            "task_date": f"2026-10-{i + 1:02d}",
        }
        assert (
            api.post("/api/v1/tasks", coordinator, json={**body, "confirm": True}).status_code
            == 201
        )


def test_the_month_summary_says_why_each_patient_month_bills(api: Api) -> None:
    _log_minutes(api, "ZK1029", "ana", [25])
    _log_minutes(api, "ZK1031", "ben", [10])
    summary = api.get("/api/v1/billing/months/2026-10", "ada").json()
    lines = {p["chart_code"]: p for p in summary["patients"]}
    assert lines["ZK1029"]["billed"] and lines["ZK1029"]["codes"] == ["99490"]
    assert not lines["ZK1031"]["billed"] and "below 20" in lines["ZK1031"]["reason"]
    assert summary["practice"]["billed_patients"] == 1
    team = api.get("/api/v1/billing/months/2026-10", "sue").json()
    assert "ZK1032" not in {p["chart_code"] for p in team["patients"]}  # South team's
    assert api.get("/api/v1/billing/months/2026-10", "ana").status_code == 403
    assert api.get("/api/v1/billing/months/2026-1", "ada").status_code == 422


def test_the_csv_download_and_one_patient(api: Api) -> None:
    _log_minutes(api, "ZK1029", "ana", [25])
    response = api.get("/api/v1/billing/months/2026-10/patients.csv", "ada")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="baton-billing-2026-10.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["chart_code"] for r in rows} >= {"ZK1029", "ZK1031"}
    assert next(r for r in rows if r["chart_code"] == "ZK1029")["codes"] == "99490"
    assert api.get("/api/v1/billing/months/2026-10/patients.csv", "ana").status_code == 403
    line = api.get("/api/v1/billing/months/2026-10/patients/ZK1029", "ada").json()
    assert line["estimated_amount_usd"] == "60.49"
    assert api.get("/api/v1/billing/months/2026-10/patients/ZK1032", "sue").status_code == 404


def test_saving_is_for_admins_and_fees_for_billing_roles(api: Api) -> None:
    assert api.post("/api/v1/billing/months/2026-10/save", "ada").status_code == 200
    assert api.post("/api/v1/billing/months/2026-10/save", "sue").status_code == 403
    fees = {f["code"]: f for f in api.get("/api/v1/billing/fee-schedule", "ada").json()}
    assert fees["99490"]["amount_usd"] == "60.49" and "99426" not in fees
    assert api.get("/api/v1/billing/fee-schedule", "ana").status_code == 403


def test_an_admin_prices_a_missing_code_and_the_next_run_uses_it(api: Api) -> None:
    """99426 (staff PCM, 30 min) has no fee in the bundled file; an admin adds it."""
    with api.records.db.transaction() as session:  # a visit within the year: eligible
        session.execute(
            update(Patient)
            .where(Patient.chart_code == "ZK1030")
            .values(last_visit=date(2026, 6, 1))
        )
    _log_minutes(api, "ZK1030", "ana", [30])  # PCM patient: 99426
    before = api.get("/api/v1/billing/months/2026-10", "ada").json()
    assert before["missing_fees"] == ["99426"]
    body = {"amount_usd": "61.50", "source": "Local contract 2025"}
    url = "/api/v1/billing/fee-schedule/99426"
    for who, status in (("sue", 403), ("ana", 403)):
        assert api.call("PUT", url, who, json=body).status_code == status
    saved = api.call("PUT", url, "ada", json=body)
    assert saved.status_code == 200
    assert saved.json() == {"code": "99426", "year": 2025, **body}
    after = api.get("/api/v1/billing/months/2026-10", "ada").json()
    line = next(p for p in after["patients"] if p["chart_code"] == "ZK1030")
    assert (after["missing_fees"], line["estimated_amount_usd"]) == ([], "61.50")
    fees = {
        f["code"]: f["amount_usd"] for f in api.get("/api/v1/billing/fee-schedule", "ada").json()
    }
    assert fees["99490"] == "60.49" and fees["99426"] == "61.50"  # the file's rows were kept
    assert [e.object_id for e in api.events(action="billing.fee_set", outcome="allowed")] == [
        "99426"
    ]


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("9942", {"amount_usd": "61.50", "source": "x"}, "code"),
        ("99426", {"amount_usd": "61.505", "source": "x"}, "amount_usd"),
        ("99426", {"amount_usd": "-3", "source": "x"}, "amount_usd"),
        ("99426", {"amount_usd": "61.50", "source": "  "}, "source"),
        ("99426", {"amount_usd": "61.50"}, "source"),
    ],
)
def test_a_bad_fee_is_refused_naming_the_field_and_nothing_changes(api: Api, code, body, field):
    response = api.call("PUT", f"/api/v1/billing/fee-schedule/{code}", "ada", json=body)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == field
    fees = {f["code"] for f in api.get("/api/v1/billing/fee-schedule", "ada").json()}
    assert "99426" not in fees
