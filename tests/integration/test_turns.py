"""A full turn through the graph: plan contents, clarification, follow-ups in a thread."""

import uuid

from graph.engine import BatonEngine


def test_a_clear_request_gets_a_complete_handoff_plan(engine: BatonEngine) -> None:
    result = engine.ask(
        "Our CO-197 denials for missing authorization doubled on outpatient imaging claims "
        "this quarter; we need a recovery plan for the open claims."
    )
    plan = result.plan
    assert plan is not None
    assert plan.primary.agent == "revenue-cycle-specialist"
    assert plan.workflow == "clean-claim-denial-recovery"
    assert {p.agent for p in plan.supporting} >= {"revenue-medical-coding-specialist"}
    assert [o.role for o in plan.human_owners][0] == "Revenue cycle director"
    assert len(plan.boundaries) >= 3
    for boundary in plan.boundaries:
        assert boundary.owner and boundary.time_frame and boundary.outcome
        assert boundary.entry_conditions.inputs and boundary.entry_conditions.source_of_truth
        assert boundary.exception.trigger and boundary.exception.timeout_hours > 0
        assert boundary.audit_events
    assert plan.sources_to_verify
    assert plan.decision is None
    assert plan.phi_reminder is None


def test_a_decision_request_gets_decision_support_and_a_named_owner(engine: BatonEngine) -> None:
    result = engine.ask("Go ahead and approve the write-off on the Hargrove account balance.")
    plan = result.plan
    assert plan is not None and plan.decision is not None
    assert plan.decision.kind == "billing"
    assert plan.decision.owner == plan.human_owners[0].role
    assert any(b.name.startswith("Final billing decision") for b in plan.boundaries)


def test_a_request_with_phi_is_redacted_and_gets_the_reminder(engine: BatonEngine) -> None:
    result = engine.ask(
        "pt Rosalind Okafor DOB 04/11/1958 MRN 00736215 still waiting on auth for her knee MRI"
    )
    assert result.phi_detected
    assert "Okafor" not in result.request and "00736215" not in result.request
    assert result.plan is not None and result.plan.phi_reminder


def test_a_vague_request_gets_one_clarifying_question_and_the_answer_is_planned(
    engine: BatonEngine,
) -> None:
    thread = uuid.uuid4().hex
    first = engine.ask("can you help with this", thread_id=thread)
    assert first.plan is None and first.clarification is not None
    options = [o.agent for o in first.clarification.options]
    assert 2 <= len(options) <= 3
    second = engine.ask("2", thread_id=thread)
    assert second.plan is not None
    assert second.plan.primary.agent == options[1]


def test_a_follow_up_in_the_same_thread_keeps_the_subject(engine: BatonEngine) -> None:
    thread = uuid.uuid4().hex
    first = engine.ask(
        "Prior auth for a lumbar MRI has been pending with the payer for 9 days", thread_id=thread
    )
    assert first.plan is not None
    follow = engine.ask("who signs off?", thread_id=thread)
    assert follow.assignment.primary_agent == first.assignment.primary_agent
    other = engine.ask("who signs off?", thread_id=uuid.uuid4().hex)
    assert other.plan is None  # without the thread's context Baton has to ask


def test_a_cross_functional_request_gets_workstreams_with_their_owners(engine: BatonEngine) -> None:
    result = engine.ask(
        "ED boarding is out of control and the Joint Commission survey window opens next month; "
        "we need a bed capacity plan and a tracer readiness plan, plus staffing for the surge."
    )
    plan = result.plan
    assert plan is not None
    assert len(plan.workstreams) >= 2
    assert all(ws.sign_off_owner for ws in plan.workstreams)
    assert len({ws.workflow for ws in plan.workstreams}) == len(plan.workstreams)


def test_the_author_reads_their_own_words_back_and_nobody_else_does(engine: BatonEngine) -> None:
    from agents.markdown import plan_to_markdown

    thread = uuid.uuid4().hex
    result = engine.ask(
        "pt Rosalind Okafor MRN 00736215 is waiting on prior auth for her knee MRI",
        thread_id=thread,
        actor="staff:7",
    )
    assert result.plan is not None
    shown = plan_to_markdown(result.plan)
    assert "<PERSON_1>" in shown and "Okafor" not in shown
    mine = engine.reveal(thread, "staff:7", shown)
    assert "Rosalind Okafor" in mine and "00736215" in mine
    assert engine.reveal(thread, "staff:8", shown) == shown
    checkpoint = engine.graph.get_state({"configurable": {"thread_id": thread}})
    assert "Okafor" not in repr(checkpoint.values)


def test_warming_up_runs_no_turn_and_leaves_no_conversation(engine: BatonEngine) -> None:
    before = len(list(engine.graph.checkpointer.list(None)))
    engine.warm_up()
    assert len(list(engine.graph.checkpointer.list(None))) == before
    assert engine.route("Please send the discharge summary to the PCP").assignment.primary_agent
