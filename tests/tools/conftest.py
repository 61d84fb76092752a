"""Every tool test runs twice: on a SQLite file and on PostgreSQL at 127.0.0.1:5432.

PostgreSQL is a required part of the suite (no skip): each test session creates its own
database, migrates it once, and empties it between tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import psycopg
import pytest
from sqlalchemy import text

from tools.access import Actor, Role
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.store.database import Database
from tools.store.models import Base, Patient, Provider, Staff
from tools.tasks.catalog import ensure_catalog

PG_ADMIN_URL = os.environ.get("BATON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"baton_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    db = Database(url)
    db.migrate()
    db.dispose()
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _empty_postgres(db: Database) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name != "alembic_version")
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(
            text("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, :genesis)"),
            {"genesis": "0" * 64},
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'baton.db'}")
        db.migrate()
    else:
        db = Database(request.getfixturevalue("postgres_url"))
        _empty_postgres(db)
    with db.transaction() as session:
        ensure_catalog(session)
    yield db
    db.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(database, clock, text_guard) -> ToolContext:
    return ToolContext(database, clock, guard=text_guard)


@dataclass
class Practice:
    """A small fictional practice: two teams, each role, a few patients."""

    ana: Actor  # coordinator, team North
    ben: Actor  # coordinator, team North
    cara: Actor  # coordinator, team South
    sue: Actor  # supervisor, team North
    admin: Actor
    auditor: Actor
    provider_id: int
    patients: dict[str, int]


@pytest.fixture
def practice(ctx) -> Practice:
    with ctx.db.transaction() as session:

        def staff(name: str, role: str, team: str | None) -> Actor:
            row = Staff(name=name, role=role, team=team, active=True, created_at=NOW)
            session.add(row)
            session.flush()
            return Actor(row.id, name, Role(role), team, "test")

        ana = staff("Ana Coord", "coordinator", "North")
        ben = staff("Ben Coord", "coordinator", "North")
        cara = staff("Cara Coord", "coordinator", "South")
        sue = staff("Sue Super", "supervisor", "North")
        admin = staff("Ada Admin", "admin", None)
        auditor = staff("Otto Audit", "auditor", None)
        provider = Provider(name="Dr. Fictional Provider", npi="1234567893")
        session.add(provider)
        session.flush()
        patients = {}
        for code, coordinator, program, conditions in [
            ("ZK1029", ana, "CCM", 3),
            ("ZK1030", ana, "PCM", 1),
            ("ZK1031", ben, "CCM", 2),
            ("ZK1032", cara, "CCM", 4),
            ("ZK1033", ana, None, 0),
        ]:
            row = Patient(
                chart_code=code,
                name=f"TESTPATIENT, {code}",
                status="active",
                coordinator_id=coordinator.staff_id,
                provider_id=provider.id,
                facility="Main Clinic",
                program=program,
                chronic_conditions=conditions,
                consent_date=date(2026, 1, 10) if program else None,
                visit_interval_months=6,
                last_visit=date(2026, 6, 1),
            )
            session.add(row)
            session.flush()
            patients[code] = row.id
    return Practice(ana, ben, cara, sue, admin, auditor, provider.id, patients)
