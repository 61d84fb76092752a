"""Coordinator commands in chat: parsed offline, confirmed before writing, PHI kept inside."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from sqlalchemy import select

from graph.build import build_turn_graph
from graph.state import TurnContext
from tools.store.models import AuditEvent, TaskLogEntry

if TYPE_CHECKING:
    from tests.integration.conftest import Desk

NOW = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)  # the desk's clock


def test_logging_time_asks_first_and_writes_only_after_yes(desk: Desk, checkpoint_text) -> None:
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
    assert "ZK1029" not in checkpoint_text(desk.engine, thread)


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


def test_an_over_average_entry_says_so_and_goes_to_the_supervisor_after_the_yes(
    desk: Desk,
) -> None:
    thread = uuid.uuid4().hex
    asked = desk.ask("log 60 min phone call for chart ZK1029", thread)
    assert asked.confirmation is not None and asked.confirmation.warning
    assert "twice" in asked.confirmation.warning
    assert "North team supervisor for sign-off" in asked.confirmation.question
    sent = desk.ask("yes", thread)
    assert sent.action is not None and sent.action.status == "waiting"
    assert sent.decision_note and "North team supervisor" in sent.decision_note
    assert desk.entries() == 0  # nothing until the supervisor approves


def test_refusals_name_the_rule_and_keep_chart_codes_out_of_the_state(
    desk: Desk, checkpoint_text
) -> None:
    thread = uuid.uuid4().hex
    other = desk.ask("log 20 min phone call for chart ZK1031", thread)  # Ben's patient
    assert other.action is not None and other.action.status == "refused"
    assert other.action.rule == "patient_not_assigned"
    too_long = desk.ask("log 300 min phone call for chart ZK1029", thread)
    assert too_long.action is not None and too_long.action.rule == "minutes_max"
    unclear = desk.ask("log 20 min chart review for chart ZK1029", thread)
    assert unclear.action is not None and unclear.action.rule == "task_type_unclear"
    assert desk.entries() == 0
    assert "ZK1031" not in checkpoint_text(desk.engine, thread)


def test_an_unknown_person_is_told_why_nothing_happens(desk: Desk) -> None:
    result = desk.engine.ask("log 20 min phone call for chart ZK1029", actor="web:someone")
    assert result.action is not None and result.action.status == "unavailable"
    assert desk.entries() == 0


def test_whats_left_lists_the_panel_with_chart_codes_for_the_asker_only(
    desk: Desk, checkpoint_text
) -> None:
    thread = uuid.uuid4().hex
    result = desk.ask("what's left on my panel this week?", thread)
    assert result.records is not None and result.records.topic == "open_tasks"
    assert result.plan is None and result.assignment is None  # answered, not routed
    assert "due by 2026-10-18" in result.records.answer
    shown = "\n".join(result.records.lines)
    assert "ZK10" not in shown and "<MRN_" in shown
    mine = desk.engine.reveal(thread, f"staff:{desk.ana}", shown)
    assert "ZK1029" in mine and "ZK1030" in mine and "ZK1031" not in mine
    assert "visit overdue  ZK1030" in mine
    assert "ZK10" not in checkpoint_text(desk.engine, thread)


def test_a_paused_confirmation_survives_a_new_graph_on_the_same_checkpoints(
    desk: Desk, engine_data_dir
) -> None:
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
