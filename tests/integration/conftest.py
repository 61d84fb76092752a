"""A small fictional practice wired to the session's engine, for whole-turn tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from graph.engine import BatonEngine
from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.schedules.service import generate_month
from tools.store.database import Database
from tools.store.models import Patient, Provider, Staff, TaskLogEntry

NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A command run in this process sends the root logger to its data directory's log,
    behind a PHI filter that marks each record redacted; put the root logger back after
    each test, so later tests' handlers see their own records unredacted."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


@dataclass
class Desk:
    engine: BatonEngine
    records: ToolContext
    ana: int  # coordinator of ZK1029 (CCM) and ZK1030 (PCM)
    ben: int  # coordinator of ZK1031
    sue: int  # supervisor of team North (Ana's and Ben's)

    def ask(self, text: str, thread: str, staff_id: int | None = None):
        staff = self.ana if staff_id is None else staff_id
        return self.engine.ask(text, thread_id=thread, actor=f"staff:{staff}", staff_id=staff)

    def entries(self) -> int:
        with self.records.db.reading() as session:
            return int(session.scalar(select(func.count(TaskLogEntry.id))) or 0)


@pytest.fixture
def desk(engine: BatonEngine, tmp_path, text_guard) -> Iterator[Desk]:
    records = ToolContext(
        Database(f"sqlite:///{tmp_path / 'records.db'}"), FixedClock(NOW), guard=text_guard
    )
    records.prepare()
    with records.db.transaction() as session:
        ana = Staff(name="Ana Coord", role="coordinator", team="North", active=True, created_at=NOW)
        ben = Staff(name="Ben Coord", role="coordinator", team="North", active=True, created_at=NOW)
        sue = Staff(name="Sue Super", role="supervisor", team="North", active=True, created_at=NOW)
        provider = Provider(name="Dr. Fictional Provider", npi="1234567893")
        session.add_all([ana, ben, sue, provider])
        session.flush()
        for code, coordinator, program, last_visit in [
            ("ZK1029", ana, "CCM", date(2026, 6, 1)),
            ("ZK1030", ana, "PCM", date(2025, 1, 5)),  # overdue for a visit
            ("ZK1031", ben, "CCM", date(2026, 6, 1)),
        ]:
            session.add(
                Patient(
                    chart_code=code,
                    name=f"TESTPATIENT, {code}",
                    status="active",
                    coordinator_id=coordinator.id,
                    provider_id=provider.id,
                    facility="Main Clinic",
                    program=program,
                    chronic_conditions=3,
                    consent_date=date(2026, 1, 10),
                    visit_interval_months=6,
                    last_visit=last_visit,
                )
            )
        ids = ana.id, ben.id, sue.id
    generate_month(records, Actor.system("test"), BillingMonth(2026, 10))
    engine.services.records = records
    try:
        yield Desk(engine, records, *ids)
    finally:
        engine.services.records = None
        records.db.dispose()


def _checkpoint_text(engine: BatonEngine, thread: str) -> str:
    config = {"configurable": {"thread_id": thread}}
    history = list(engine.graph.get_state_history(config))
    return repr([snapshot.values for snapshot in history]) + repr(
        [snapshot.interrupts for snapshot in history]
    )


@pytest.fixture
def checkpoint_text():
    """Everything the checkpointer holds for a thread, as text (to look for PHI in)."""
    return _checkpoint_text


@pytest.fixture
def baton(tmp_path, monkeypatch, capsys):
    """Runs ``baton`` commands in this process on a fresh data directory."""
    from bot.cli import main

    monkeypatch.setenv("BATON_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BATON_DATABASE_URL", raising=False)
    monkeypatch.delenv("BATON_STAFF_ID", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    run.db = tmp_path / "data" / "baton.db"
    return run
