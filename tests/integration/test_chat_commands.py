"""Coordinator commands in chat: parsed offline, confirmed before writing, PHI kept inside."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from sqlalchemy import func, select

from graph.build import build_turn_graph
from graph.engine import BatonEngine
from graph.state import TurnContext
from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.schedules.service import generate_month
from tools.store.database import Database
from tools.store.models import AuditEvent, Patient, Provider, Staff, TaskLogEntry

NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # a Wednesday


@dataclass
class Desk:
    engine: BatonEngine
    records: ToolContext
    ana: int  # coordinator of ZK1029 (CCM) and ZK1030 (PCM)
    ben: int  # coordinator of ZK1031

    def ask(self, text: str, thread: str, staff_id: int | None = None):  # noqa: ANN201
        staff = self.ana if staff_id is None else staff_id
        return self.engine.ask(text, thread_id=thread, actor=f"staff:{staff}", staff_id=staff)

    def entries(self) -> int:
        with self.records.db.reading() as session:
            return int(session.scalar(select(func.count(TaskLogEntry.id))) or 0)


@pytest.fixture
def desk(engine: BatonEngine, tmp_path) -> Iterator[Desk]:  # noqa: ANN001
    records = ToolContext(Database(f"sqlite:///{tmp_path / 'records.db'}"), FixedClock(NOW))
    records.prepare()
    with records.db.transaction() as session:
        ana = Staff(name="Ana Coord", role="coordinator", team="North", active=True, created_at=NOW)
        ben = Staff(name="Ben Coord", role="coordinator", team="North", active=True, created_at=NOW)
        provider = Provider(name="Dr. Fictional Provider", npi="1234567893")
        session.add_all([ana, ben, provider])
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
        ana_id, ben_id = ana.id, ben.id
    generate_month(records, Actor.system("test"), BillingMonth(2026, 10))
    engine.services.records = records
    try:
        yield Desk(engine, records, ana_id, ben_id)
    finally:
        engine.services.records = None
        records.db.dispose()


def _checkpoint_text(engine: BatonEngine, thread: str) -> str:
    config = {"configurable": {"thread_id": thread}}
    history = list(engine.graph.get_state_history(config))
    return repr([snapshot.values for snapshot in history]) + repr(
        [snapshot.interrupts for snapshot in history]
    )


def test_logging_time_asks_first_and_writes_only_after_yes(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    asked = desk.ask("log 25 min CCM care plan review for chart ZK1029", thread)
    assert asked.confirmation is not None and asked.action is None and asked.plan is None
    assert "25 min" in asked.confirmation.question
    assert "CCM: Care Plan Monthly REVIEW/CLOSE" in asked.confirmation.question
    assert "ZK1029" not in asked.confirmation.question  # a placeholder, revealed per viewer
    author_view = desk.engine.reveal(thread, f"staff:{desk.ana}", asked.confirmation.question)
    assert "ZK1029" in author_view
    assert desk.engine.reveal(thread, "staff:999", asked.confirmation.question) == (
        asked.confirmation.question
    )
    assert desk.entries() == 0

    done = desk.ask("yes", thread)
    assert done.action is not None and done.action.status == "done", done.action
    assert done.confirmation is None
    assert desk.entries() == 1
    with desk.records.db.reading() as session:
        entry = session.scalars(select(TaskLogEntry)).one()
        assert entry.minutes == 25 and entry.task_date == NOW.date()
        assert entry.coordinator_id == desk.ana
        actions = list(session.scalars(select(AuditEvent.action)))
    assert "task.preview" in actions and "task.log" in actions
    assert "ZK1029" not in _checkpoint_text(desk.engine, thread)


def test_no_cancels_and_nothing_is_written(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    assert desk.ask("log 15 min phone call for pt ZK1029", thread).confirmation is not None
    cancelled = desk.ask("no", thread)
    assert cancelled.action is not None and cancelled.action.status == "cancelled"
    assert desk.entries() == 0
    stray = desk.ask("yes", thread)  # nothing is waiting any more
    assert stray.action is not None and "Nothing is waiting" in stray.action.message
    assert desk.entries() == 0


def test_a_new_request_instead_of_an_answer_cancels_the_pending_write(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    assert desk.ask("log 15 min phone call for pt ZK1029", thread).confirmation is not None
    result = desk.ask("what is the prior auth process for a knee MRI?", thread)
    assert result.notice and "cancelled" in result.notice
    assert result.plan is not None
    assert desk.entries() == 0


def test_an_over_average_entry_says_so_before_the_yes(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    asked = desk.ask("log 60 min phone call for chart ZK1029", thread)
    assert asked.confirmation is not None and asked.confirmation.warning
    assert "twice" in asked.confirmation.warning
    assert desk.ask("yes", thread).action.status == "done"  # type: ignore[union-attr]
    assert desk.entries() == 1


def test_refusals_name_the_rule_and_keep_chart_codes_out_of_the_state(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    other = desk.ask("log 20 min phone call for chart ZK1031", thread)  # Ben's patient
    assert other.action is not None and other.action.status == "refused"
    assert other.action.rule == "patient_not_assigned"
    too_long = desk.ask("log 300 min phone call for chart ZK1029", thread)
    assert too_long.action is not None and too_long.action.rule == "minutes_max"
    unclear = desk.ask("log 20 min chart review for chart ZK1029", thread)
    assert unclear.action is not None and unclear.action.rule == "task_type_unclear"
    assert desk.entries() == 0
    assert "ZK1031" not in _checkpoint_text(desk.engine, thread)


def test_an_unknown_person_is_told_why_nothing_happens(desk: Desk) -> None:
    result = desk.engine.ask("log 20 min phone call for chart ZK1029", actor="web:someone")
    assert result.action is not None and result.action.status == "unavailable"
    assert desk.entries() == 0


def test_whats_left_lists_the_panel_with_chart_codes_for_the_asker_only(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    result = desk.ask("what's left on my panel this week?", thread)
    assert result.action is not None and result.action.status == "done"
    assert "due by 2026-10-18" in result.action.message
    shown = "\n".join(result.action.lines)
    assert "ZK10" not in shown and "<MRN_" in shown
    mine = desk.engine.reveal(thread, f"staff:{desk.ana}", shown)
    assert "ZK1029" in mine and "ZK1030" in mine and "ZK1031" not in mine
    assert "visit overdue  ZK1030" in mine
    assert "ZK10" not in _checkpoint_text(desk.engine, thread)


def test_a_paused_confirmation_survives_a_new_graph_on_the_same_checkpoints(
    desk: Desk, engine_data_dir
) -> None:  # noqa: ANN001
    thread = uuid.uuid4().hex
    assert desk.ask("log 25 min care plan review for chart ZK1030", thread).confirmation
    # A second graph over its own connection to the checkpoint file: what a restarted
    # process sees. The in-memory services (guard, placeholders) are shared, as after a
    # restart they would be rebuilt; the proposal itself holds only ids.
    connection = sqlite3.connect(
        str(engine_data_dir / "checkpoints.sqlite"), check_same_thread=False
    )
    try:
        restarted = build_turn_graph(desk.engine.services, SqliteSaver(connection))
        config = {"configurable": {"thread_id": thread}}
        assert restarted.get_state(config).interrupts
        state = restarted.invoke(
            Command(resume="yes"),
            config,
            context=TurnContext(text="yes", actor=f"staff:{desk.ana}", staff_id=desk.ana),
        )
    finally:
        connection.close()
    assert state["outcome"]["status"] == "done"
    with desk.records.db.reading() as session:
        entry = session.scalars(select(TaskLogEntry)).one()
        assert entry.patient_id is not None and entry.minutes == 25


WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


def test_a_final_decision_is_reported_when_nobody_owns_the_role(desk: Desk) -> None:
    result = desk.ask(WRITE_OFF, uuid.uuid4().hex)
    assert result.plan is not None and result.plan.decision is not None
    assert result.decision_note and "nobody fills the role" in result.decision_note
    assert not desk.engine.graph.get_state(
        {"configurable": {"thread_id": result.thread_id}}
    ).interrupts


def test_a_final_decision_waits_for_its_owner_and_the_asker_hears_the_answer(
    desk: Desk,
) -> None:
    from tools.decisions.service import answer_decision, list_decisions
    from tools.owners import set_owner
    from tools.staff import actor_for

    role = "Revenue cycle director"
    set_owner(desk.records, Actor.system("test"), role, primary=desk.ben)
    thread = uuid.uuid4().hex
    asked = desk.ask(WRITE_OFF, thread)
    assert asked.plan is not None and asked.plan.decision is not None
    assert asked.plan.decision.owner == role
    assert asked.decision_note and "decision request #" in asked.decision_note
    ben = actor_for(desk.records, desk.ben, "test")
    [request] = list_decisions(desk.records, ben)
    assert request.thread_id == thread and request.owner_staff_id == desk.ben

    waiting = desk.ask("any news?", thread)
    assert waiting.notice and f"#{request.id}" in waiting.notice
    assert desk.engine.resume_decision(thread) is None  # still open

    answer_decision(desk.records, ben, request.id, "reject", comment="Appeal first.")
    told = desk.engine.resume_decision(thread)
    assert told is not None and told.action is not None
    assert "rejected by the Revenue cycle director" in told.action.message
    assert told.action.lines == ["Comment: Appeal first."]
    assert not desk.engine.graph.get_state({"configurable": {"thread_id": thread}}).interrupts
    assert "Hargrove" not in _checkpoint_text(desk.engine, thread)


def test_a_decision_pause_survives_on_the_postgresql_checkpointer(desk: Desk) -> None:
    """The same pause and resume with LangGraph's PostgreSQL checkpointer (scale-out)."""
    import os

    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver

    from tools.decisions.service import answer_decision, list_decisions
    from tools.owners import set_owner
    from tools.staff import actor_for

    admin_url = os.environ.get("BATON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"baton_ckpt_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    set_owner(desk.records, Actor.system("test"), "Revenue cycle director", primary=desk.ben)
    thread = uuid.uuid4().hex
    config = {"configurable": {"thread_id": thread}}
    context = TurnContext(text=WRITE_OFF, actor=f"staff:{desk.ana}", staff_id=desk.ana)
    try:
        with PostgresSaver.from_conn_string(url) as saver:
            saver.setup()
            build_turn_graph(desk.engine.services, saver).invoke(
                {"channel": "test"}, config, context=context
            )
        ben = actor_for(desk.records, desk.ben, "test")
        [request] = list_decisions(desk.records, ben)
        answer_decision(desk.records, ben, request.id, "approve")
        with PostgresSaver.from_conn_string(url) as saver:  # a new connection: a restart
            graph = build_turn_graph(desk.engine.services, saver)
            waiting = graph.get_state(config).interrupts
            assert waiting and waiting[0].value["id"] == request.id
            state = graph.invoke(
                Command(resume={"status": "approved", "decided_by": desk.ben}),
                config,
                context=TurnContext(text="", actor="system", channel="job"),
            )
            assert "approved by the Revenue cycle director" in state["outcome"]["message"]
            assert not graph.get_state(config).interrupts
            assert "Hargrove" not in repr([s.values for s in graph.get_state_history(config)])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
