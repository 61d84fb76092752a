"""The questions a care coordinator asks on the demo practice get records answers or the
time-entry confirmation, never a handoff plan or a clarifying question."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from demo.practice import load_demo
from graph.engine import BatonEngine
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.store.database import Database
from tools.store.models import Patient

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def practice(engine: BatonEngine, tmp_path_factory, text_guard) -> Iterator[int]:
    """The demo practice behind the session's engine; yields ZK1029's coordinator."""
    path = tmp_path_factory.mktemp("demo") / "records.db"
    records = ToolContext(Database(f"sqlite:///{path}"), FixedClock(NOW), guard=text_guard)
    records.prepare()
    load_demo(records)
    with records.db.reading() as session:
        coordinator = session.scalar(
            select(Patient.coordinator_id).where(Patient.chart_code == "ZK1029")
        )
    engine.services.records = records
    try:
        yield int(coordinator)
    finally:
        engine.services.records = None
        records.db.dispose()


@pytest.mark.parametrize(
    "question, topic",
    [
        ("what did I log today?", "time_logged"),
        ("how many minutes has ZK1029 got this month?", "patient_minutes"),
        ("which of my patients have open care gaps?", "care_gaps"),
        ("who on my panel is overdue for a visit?", "overdue_visits"),
        ("how many minutes have I logged this month?", "time_logged"),
    ],
)
def test_the_issues_questions_get_records_answers(
    engine: BatonEngine, practice: int, question: str, topic: str
) -> None:
    result = engine.ask(
        question, thread_id=uuid.uuid4().hex, actor=f"staff:{practice}", staff_id=practice
    )
    assert result.plan is None and result.clarification is None, result
    assert result.records is not None and result.records.topic == topic, result.action
    assert result.records.answer


def test_time_in_words_becomes_a_confirmation_on_the_demo_practice(
    engine: BatonEngine, practice: int
) -> None:
    result = engine.ask(
        "log half an hour care plan review for ZK1029 yesterday",
        thread_id=uuid.uuid4().hex,
        actor=f"staff:{practice}",
        staff_id=practice,
    )
    assert result.plan is None and result.confirmation is not None, result.action
    assert "Log 30 min of" in result.confirmation.question
    assert "on 2026-11-21?" in result.confirmation.question


def test_the_prior_auth_plan_opens_with_the_escalation(engine: BatonEngine) -> None:
    result = engine.ask(
        "prior auth for an MRI has been pending with the payer for nine days, what do we do?",
        thread_id=uuid.uuid4().hex,
    )
    assert result.plan is not None and result.plan.now is not None
    opening = " ".join(result.plan.now.lines)
    assert result.plan.now.past_time_frame
    assert "Payer relations escalates with the payer" in opening
    assert "Escalate now to the Ordering clinician" in opening
