"""Final decisions and sign-offs pause a conversation until a named person answers;
tracked handoffs are opened from a plan and followed from the conversation."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

import psycopg
import pytest
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.types import Command
from sqlalchemy import select

from graph.build import build_turn_graph
from graph.state import TurnContext
from tools.access import Actor
from tools.decision_requests.service import (
    RESUME_CLAIM_LEASE,
    answer_decision,
    claim_thread_resume,
    list_decisions,
)
from tools.errors import AccessDenied
from tools.handoffs.service import list_handoffs
from tools.owners import set_owner
from tools.staff import actor_for
from tools.store.models import AuditEvent, Staff

if TYPE_CHECKING:
    from tests.integration.conftest import Desk

WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."
ROLE = "Revenue cycle director"


def _waiting(desk: Desk, thread: str) -> bool:
    return bool(desk.engine.graph.get_state({"configurable": {"thread_id": thread}}).interrupts)


def test_a_final_decision_is_reported_when_nobody_owns_the_role(desk: Desk) -> None:
    result = desk.ask(WRITE_OFF, uuid.uuid4().hex)
    assert result.plan is not None and result.plan.decision is not None
    assert result.decision_note and "nobody active fills the role" in result.decision_note
    assert not _waiting(desk, result.thread_id)


def test_a_final_decision_waits_for_its_owner_and_the_asker_hears_the_answer(
    desk: Desk, checkpoint_text
) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    asked = desk.ask(WRITE_OFF, thread)
    assert asked.plan is not None and asked.plan.decision is not None
    assert asked.plan.decision.owner == ROLE
    assert asked.decision_note and "decision request #" in asked.decision_note
    ben = actor_for(desk.records, desk.ben, "test")
    [request] = list_decisions(desk.records, ben)
    assert request.thread_id == thread and request.owner_staff_id == desk.ben
    # The owner reads the whole (redacted) request and the plan behind it.
    assert request.question == asked.request and "Hargrove" not in request.question
    assert "Plan: Clean-claim or denial recovery" in request.evidence

    waiting = desk.ask("any news?", thread)
    assert waiting.notice and f"#{request.id}" in waiting.notice
    assert desk.engine.resume_decision(thread) is None  # still open

    view, told = desk.engine.answer_decision(
        desk.ben, "test", request.id, "reject", comment="Appeal first; call 555-201-3344."
    )
    assert view.comment == "Appeal first; call <PHONE_1>."  # the guard ran first
    assert told is not None and told.action is not None
    assert told.action.message.startswith(f"Decision request #{request.id}: rejected by Ben")
    assert told.action.status == "refused"
    assert not _waiting(desk, thread)
    assert "Hargrove" not in checkpoint_text(desk.engine, thread)


def test_an_auditor_asking_in_chat_opens_no_decision_request(desk: Desk) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    with desk.records.db.transaction() as session:
        otto = Staff(
            name="Otto Audit", role="auditor", active=True, created_at=desk.records.clock.now()
        )
        session.add(otto)
        session.flush()
        otto_id = otto.id
    thread = uuid.uuid4().hex
    asked = desk.ask("Approve the write-off of $450 on this account", thread, staff_id=otto_id)
    assert asked.plan is not None and asked.plan.decision is not None
    assert asked.decision_note and "cannot send requests for decisions" in asked.decision_note
    assert "auditor" in asked.decision_note
    assert not _waiting(desk, thread)
    assert list_decisions(desk.records, Actor.system("test")) == []
    with desk.records.db.reading() as session:
        refusal = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "decision.open")
        ).one()
    assert (refusal.actor_id, refusal.outcome, refusal.detail) == (otto_id, "denied", "role")


def test_nobody_but_the_owner_answers_and_the_asker_cannot_decide(desk: Desk) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    desk.ask(WRITE_OFF, thread)
    [request] = list_decisions(desk.records, actor_for(desk.records, desk.ben, "test"))
    for stranger in (desk.ana, desk.sue):  # the asker, and a supervisor not in the role
        try:
            desk.engine.answer_decision(stranger, "test", request.id, "approve")
        except AccessDenied as denied:
            assert denied.rule in ("own_request", "not_owner")
        else:
            raise AssertionError("a non-owner decided")
    assert _waiting(desk, thread)


def test_a_long_entry_waits_for_the_supervisors_sign_off_in_the_same_conversation(
    desk: Desk, checkpoint_text
) -> None:
    thread = uuid.uuid4().hex
    desk.ask("log 90 min care plan review for chart ZK1029", thread)
    sent = desk.ask("yes", thread)
    assert sent.action is not None and sent.action.status == "waiting"
    assert _waiting(desk, thread) and desk.entries() == 0
    [request] = list_decisions(desk.records, actor_for(desk.records, desk.sue, "test"), mine=True)
    assert request.owner_role == "North team supervisor" and request.thread_id == thread
    view, told = desk.engine.answer_decision(
        desk.sue, "test", request.id, "edit", edited={"minutes": 75}
    )
    assert view.status == "edited" and desk.entries() == 1
    assert told is not None and told.action is not None and told.action.status == "done"
    assert "Changed: minutes = 75" in told.action.lines
    assert any(
        line.startswith("Carried out: minutes 75, task log id") for line in told.action.lines
    )
    assert "ZK1029" not in checkpoint_text(desk.engine, thread)


def test_an_answer_given_elsewhere_is_picked_up_by_resume_answered(desk: Desk) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    desk.ask(WRITE_OFF, thread)
    ben = actor_for(desk.records, desk.ben, "cli")
    [request] = list_decisions(desk.records, ben)
    answer_decision(desk.records, ben, request.id, "approve")  # e.g. from the CLI
    assert desk.engine.resume_answered() == 1
    assert not _waiting(desk, thread)
    assert desk.engine.resume_answered() == 0


def test_a_plans_handoffs_are_tracked_from_the_conversation(desk: Desk) -> None:
    set_owner(desk.records, Actor.system("test"), "Authorization coordinator", primary=desk.sue)
    thread = uuid.uuid4().hex
    planned = desk.ask(
        "prior auth for an MRI has been pending with the payer for nine days", thread
    )
    assert planned.plan is not None and planned.plan.workflow == "prior-auth-medical-necessity"
    numbers = [
        n
        for n, b in enumerate(planned.plan.boundaries, 1)
        if b.owner == "Authorization coordinator"
    ]
    tracked = desk.ask(f"track handoff {numbers[0]}", thread)
    assert tracked.action is not None and tracked.action.status == "done"
    [handoff] = list_handoffs(desk.records, actor_for(desk.records, desk.sue, "test"), mine=True)
    boundary = planned.plan.boundaries[numbers[0] - 1]
    assert handoff.title.startswith(boundary.name) and handoff.thread_id == thread
    assert handoff.escalate_to_role == boundary.exception.escalate_to
    status = desk.ask(f"status of handoff {handoff.id}", thread)
    assert status.action is not None and "Sue Super (Authorization coordinator)" in (
        status.action.message
    )
    everything = desk.ask("track all handoffs", thread)
    assert everything.action is not None
    assert any("nobody active fills the role" in line for line in everything.action.lines)


def test_tracking_without_a_plan_says_so(desk: Desk) -> None:
    answer = desk.ask("track handoff 1", uuid.uuid4().hex)
    assert answer.action is not None and answer.action.rule == "no_plan"


def test_a_decision_pause_survives_on_the_postgresql_checkpointer(desk: Desk) -> None:
    """The same pause and resume with LangGraph's PostgreSQL checkpointer (scale-out)."""
    admin_url = os.environ.get("BATON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"baton_ckpt_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
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
                Command(
                    resume={
                        "status": "approved",
                        "decided_by": desk.ben,
                        "decided_by_name": "Ben Coord",
                    }
                ),
                config,
                context=TurnContext(text="", actor="system", channel="job"),
            )
            assert "approved by Ben Coord (Revenue cycle director)" in state["outcome"]["message"]
            assert not graph.get_state(config).interrupts
            assert "Hargrove" not in repr([s.values for s in graph.get_state_history(config)])
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_conversation_waiting_for_a_decision_keeps_answering_other_requests(
    desk: Desk,
) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    desk.ask(WRITE_OFF, thread)
    assert _waiting(desk, thread)
    [request] = list_decisions(desk.records, actor_for(desk.records, desk.ben, "test"))
    answered = desk.ask("what's left on my panel this week?", thread)
    assert answered.records is not None and answered.records.topic == "open_tasks"
    assert answered.notice and f"#{request.id} is still with the {ROLE}" in answered.notice
    asked = desk.ask("log 20 min phone call for chart ZK1029", thread)
    assert asked.confirmation is not None
    done = desk.ask("yes", thread)
    assert done.action is not None and done.action.status == "done" and desk.entries() == 1
    assert _waiting(desk, thread)  # the pause for the decision is intact
    _, told = desk.engine.answer_decision(desk.ben, "test", request.id, "approve")
    assert told is not None and not _waiting(desk, thread)


def test_a_conversation_another_worker_is_resuming_is_resumed_once(desk: Desk) -> None:
    """Several workers see the same answer recorded: only the one holding the store's claim
    resumes the conversation; a claim whose worker died is taken over after its lease."""
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    desk.ask(WRITE_OFF, thread)
    ben = actor_for(desk.records, desk.ben, "test")
    [request] = list_decisions(desk.records, ben)
    answer_decision(desk.records, ben, request.id, "reject", comment="Appeal first.")

    assert claim_thread_resume(desk.records, request.id)  # another worker got there first
    assert desk.engine.resume_if_answered(thread) is None
    assert _waiting(desk, thread)
    assert not claim_thread_resume(desk.records, request.id)

    started = desk.records.clock.now()
    desk.records.clock.at = started + RESUME_CLAIM_LEASE + timedelta(seconds=1)
    try:
        told = desk.engine.resume_if_answered(thread)
    finally:
        desk.records.clock.at = started
    assert told is not None and told.action is not None
    assert told.action.message.startswith(f"Decision request #{request.id}: rejected by Ben")
    assert not _waiting(desk, thread)
    # Resumed: nobody claims it again, however late.
    assert not claim_thread_resume(desk.records, request.id)
    assert desk.engine.resume_decision(thread) is None


def test_a_failed_resume_gives_its_claim_back(desk: Desk, monkeypatch) -> None:
    set_owner(desk.records, Actor.system("test"), ROLE, primary=desk.ben)
    thread = uuid.uuid4().hex
    desk.ask(WRITE_OFF, thread)
    ben = actor_for(desk.records, desk.ben, "test")
    [request] = list_decisions(desk.records, ben)
    answer_decision(desk.records, ben, request.id, "approve")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("checkpointer unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(desk.engine.graph, "invoke", broken)
        with pytest.raises(RuntimeError):
            desk.engine.resume_decision(thread)
    assert _waiting(desk, thread)
    told = desk.engine.resume_decision(thread)  # at once: the claim was given back
    assert told is not None and not _waiting(desk, thread)
