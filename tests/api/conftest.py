"""The API under test: the real app on the session's engine, a fresh SQLite store per test.

A small fictional practice: coordinators Ana and Ben (team North) and Cara (South),
supervisor Sue (North), an admin and an auditor, each with an API token.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.api.app import create_app
from bot.settings import BatonSettings
from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.owners import set_owner
from tools.schedules.service import generate_month
from tools.store.database import Database
from tools.store.models import AuditEvent, Patient, Provider, Staff
from tools.tokens import issue_token

NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # a Wednesday
STAFF = {
    "ana": ("Ana Coord", "coordinator", "North"),
    "ben": ("Ben Coord", "coordinator", "North"),
    "cara": ("Cara Coord", "coordinator", "South"),
    "sue": ("Sue Super", "supervisor", "North"),
    "ada": ("Ada Admin", "admin", None),
    "otto": ("Otto Audit", "auditor", None),
}
PATIENTS = [  # chart code, coordinator, program, chronic conditions
    ("ZK1029", "ana", "CCM", 3),
    ("ZK1030", "ana", "PCM", 1),
    ("ZK1031", "ben", "CCM", 2),
    ("ZK1032", "cara", "CCM", 4),
]


@dataclass
class Api:
    client: TestClient
    records: ToolContext
    engine: Any
    staff: dict[str, int]
    tokens: dict[str, str]
    patients: dict[str, int]

    def headers(self, who: str | None, **extra: str) -> dict[str, str]:
        auth = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return {**auth, **extra}

    def call(self, method: str, path: str, who: str | None = None, **kwargs: Any) -> Any:
        headers = {**self.headers(who), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def get(self, path: str, who: str | None = None, **kwargs: Any) -> Any:
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: str | None = None, **kwargs: Any) -> Any:
        return self.call("POST", path, who, **kwargs)

    def owners(self, roles: dict[str, str]) -> None:
        """Fill handoff-map roles: role -> staff key (e.g. "sue")."""
        for role, who in roles.items():
            set_owner(self.records, Actor.system("test"), role, primary=self.staff[who])

    def events(self, **where: Any) -> list[AuditEvent]:
        with self.records.db.reading() as session:
            query = select(AuditEvent).order_by(AuditEvent.id)
            for name, value in where.items():
                query = query.where(getattr(AuditEvent, name) == value)
            return list(session.scalars(query))


def build_practice(records: ToolContext) -> tuple[dict[str, int], dict[str, int]]:
    staff: dict[str, int] = {}
    patients: dict[str, int] = {}
    with records.db.transaction() as session:
        for key, (name, role, team) in STAFF.items():
            row = Staff(name=name, role=role, team=team, active=True, created_at=NOW)
            session.add(row)
            session.flush()
            staff[key] = row.id
        provider = Provider(name="Dr. Fictional Provider", npi="1234567893")
        session.add(provider)
        session.flush()
        for code, coordinator, program, conditions in PATIENTS:
            row = Patient(
                chart_code=code,
                name=f"TESTPATIENT, {code}",
                status="active",
                coordinator_id=staff[coordinator],
                provider_id=provider.id,
                facility="Main Clinic",
                program=program,
                chronic_conditions=conditions,
                consent_date=date(2026, 1, 10),
                visit_interval_months=6,
                last_visit=date(2026, 6, 1) if code != "ZK1030" else date(2025, 1, 5),
            )
            session.add(row)
            session.flush()
            patients[code] = row.id
    generate_month(records, Actor.system("test"), BillingMonth(2026, 10))
    return staff, patients


def api_settings(tmp_path: Path, **overrides: Any) -> BatonSettings:
    # No run-due timer in tests: each test drives the work it checks.
    return BatonSettings(data_dir=tmp_path / "data", **{"jobs_interval_s": 0, **overrides})


@pytest.fixture
def records(tmp_path: Path, text_guard: Any) -> Iterator[ToolContext]:
    ctx = ToolContext(
        Database(f"sqlite:///{tmp_path / 'records.db'}"), FixedClock(NOW), guard=text_guard
    )
    ctx.prepare()
    yield ctx
    ctx.db.dispose()


@pytest.fixture
def api(engine: Any, records: ToolContext, tmp_path: Path) -> Iterator[Api]:
    staff, patients = build_practice(records)
    tokens = {
        key: issue_token(records, Actor.system("test"), staff_id).secret
        for key, staff_id in staff.items()
    }
    engine.services.records = records
    app = create_app(api_settings(tmp_path), engine, records)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, records, engine, staff, tokens, patients)
    finally:
        engine.services.records = None
