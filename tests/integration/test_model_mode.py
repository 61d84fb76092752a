"""Chat-model mode against a fake OpenAI-compatible server (real ``openai`` and
``langchain-openai`` clients): the model proposes, Baton validates, and every scripted
failure degrades to the offline answer with a note."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from graph.engine import BatonEngine
from graph.state import TurnContext
from tests.fakes.openai_api import (
    Error,
    FakeOpenAI,
    Refusal,
    Slow,
    Text,
    ToolCalls,
    is_routing_request,
    json_text,
)
from tools.context import ToolContext
from tools.store.database import Database
from tools.store.models import ModelUsage

DENIALS = (
    "Our CO-197 denials for missing authorization doubled on outpatient imaging claims "
    "this quarter; we need a recovery plan for the open claims."
)


def choice(
    agent: str,
    workflow: str | None = None,
    supporting: tuple[str, ...] = (),
    decision: str | None = None,
    confidence: float = 0.9,
) -> Text:
    return json_text(
        {
            "agent": agent,
            "workflow": workflow,
            "supporting_agents": list(supporting),
            "needs_human_decision": decision is not None,
            "decision_kind": decision,
            "confidence": confidence,
        }
    )


def _offline(model_engine: BatonEngine, text: str) -> Any:
    return model_engine.router.route(model_engine.redact(text).text)


# -- routing -------------------------------------------------------------------------


def test_a_valid_choice_is_used_and_the_map_fills_in_owners(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    fake.push_router(
        choice("revenue-medical-coding-specialist", supporting=("revenue-contract-analyst",))
    )
    got = model_engine.route(DENIALS).assignment
    assert got.primary_agent == "revenue-medical-coding-specialist"
    assert got.routed_by == "gpt-4o-mini" and got.notes == []
    assert got.workflow == "coding-cdi-drg-accuracy"  # the map's, for that agent
    assert "revenue-contract-analyst" in got.supporting_agents
    assert got.confidence == 0.9 and not got.needs_clarification
    # The model saw the offline router's candidates and only the redacted request.
    sent = fake.requests[0]
    assert "offline_candidates" in sent["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (choice("revenue-denials-wizard"), "did not match the catalog"),
        (choice("revenue-cycle-specialist", "prior-auth-medical-necessity"), "did not match"),
        (choice("revenue-cycle-specialist", supporting=("nobody-at-all",)), "did not match"),
        (choice("revenue-cycle-specialist", decision="vibes"), "did not match"),
        (Text('{"agent": "revenue-cycle-specialist", '), "not in the expected form"),
        (Refusal(), "declined"),
        (Error(400, "bad request"), "rejected the request"),
    ],
)
def test_an_invalid_or_failed_choice_falls_back_to_the_offline_router(
    model_engine: BatonEngine, fake: FakeOpenAI, reply: Any, why: str
) -> None:
    fake.push_router(reply)
    got = model_engine.route(DENIALS).assignment
    offline = _offline(model_engine, DENIALS)
    assert got.model_dump(exclude={"notes"}) == offline.model_dump(exclude={"notes"})
    assert got.routed_by == "offline"
    assert len(got.notes) == 1 and got.notes[0].startswith("Routed offline") and why in got.notes[0]


def test_rate_limits_and_server_errors_are_retried_then_given_up(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    fake.push_router(Error(429, "slow down"), choice("revenue-contract-analyst"))
    assert model_engine.route(DENIALS).assignment.primary_agent == "revenue-contract-analyst"
    assert len(fake.bodies) == 2
    fake.reset()
    fake.push_router(*[Error(500, "down")] * 3)  # max_retries=2: three attempts in all
    got = model_engine.route(DENIALS).assignment
    assert got.routed_by == "offline" and "server failed" in got.notes[0]
    assert len(fake.bodies) == 3


def test_decisions_found_offline_are_never_lost_and_the_model_can_add_one(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    fake.push_router(choice("revenue-cycle-specialist"))  # says: no decision
    asked = model_engine.route("Go ahead and approve the write-off on the Hargrove balance.")
    assert asked.assignment.decision is not None and asked.assignment.decision.kind == "billing"
    fake.push_router(choice("revenue-cycle-specialist", decision="billing"))
    flagged = model_engine.route("Plan the appeal for the CO-50 denials on cardiology.")
    decision = flagged.assignment.decision
    assert decision is not None and decision.owner == "Revenue cycle director"
    assert flagged.assignment.human_owners[0] == "Revenue cycle director"


# -- the specialist ------------------------------------------------------------------


def test_the_specialist_writes_on_top_of_the_offline_plan(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    fake.push_specialist(Text("**Start with the CO-197 worklist.** Then appeal by payer."))
    result = model_engine.ask(DENIALS)
    plan = result.plan
    assert plan is not None and plan.summary is not None
    assert plan.summary.startswith("**Start with the CO-197 worklist.**")
    assert plan.written_by == "gpt-4o"
    offline = model_engine.composer.compose(
        request=result.request, assignment=result.assignment, phi_detected=False
    )
    # The floor stays: same owners, boundaries, sources, decision.
    assert plan.boundaries == offline.boundaries and plan.human_owners == offline.human_owners
    assert plan.sources_to_verify == offline.sources_to_verify
    system = next(b for b in fake.requests if not is_routing_request(b))["messages"][0]
    assert "Revenue Cycle Specialist" in system["content"]
    assert "Handoff rules you follow" in system["content"]


@pytest.mark.parametrize(
    ("script", "why", "requests"),
    [
        ([ToolCalls([("request_decision", '{"kind": "billing" "question": }')])], "form", 1),
        ([Error(500, "down")] * 3, "server failed", 3),
        ([Text("I'm sorry, but I can't help with that request.")], "declined", 1),
        ([Text("   ")], "expected form", 1),
        ([Text("fine", usage=(30_000, 10))], "token budget", 1),
        ([Error(401, "bad key")], "rejected the request", 1),
    ],
)
def test_each_failure_of_the_specialist_gives_the_offline_plan_with_a_note(
    model_engine: BatonEngine, fake: FakeOpenAI, script: list[Any], why: str, requests: int
) -> None:
    fake.push_specialist(*script)
    result = model_engine.ask(DENIALS)
    plan = result.plan
    assert plan is not None and plan.summary is None and plan.written_by is None
    assert len(plan.boundaries) >= 3 and plan.human_owners
    assert plan.notes[-1].startswith("Planned offline") and why in plan.notes[-1]
    assert sum(not is_routing_request(b) for b in fake.requests) == requests
    assert fake.pending == 0


def test_a_rate_limit_then_success_gives_the_models_answer(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    fake.push_specialist(Error(429, "slow down"), Text("Answer after a retry."))
    plan = model_engine.ask(DENIALS).plan
    assert plan is not None and plan.summary == "Answer after a retry."


def test_a_slow_model_times_out_and_the_turn_does_not_hang(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    # An answer held far past the engine's 3 s timeout (the fake lets it go when the test
    # ends): the turn comes back with the offline plan and says why, without the answer.
    fake.push_specialist(Slow(60.0, Text("too late")))
    plan = model_engine.ask(DENIALS).plan
    assert plan is not None and "did not answer in time" in plan.notes[-1]
    assert plan.summary != "too late"
    assert sum(not is_routing_request(b) for b in fake.requests) == 1  # a timeout: no retry


def test_a_model_that_keeps_calling_tools_is_stopped_at_the_step_limit(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    def forever(body: dict[str, Any]) -> Any:
        if is_routing_request(body):
            return choice("revenue-cycle-specialist")
        return ToolCalls([("request_decision", {"kind": "billing", "question": "Write off?"})])

    fake.answer = forever
    plan = model_engine.ask(DENIALS).plan
    assert plan is not None and "step limit" in plan.notes[-1]
    assert sum(not is_routing_request(b) for b in fake.requests) == 4  # max_tool_steps
    assert plan.decision is None  # a failed model's proposals are dropped with it


def test_a_decision_the_specialist_finds_goes_to_its_owner_through_the_decision_flow(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    question = "Should we write off the remaining CO-197 balances older than a year?"
    fake.push_specialist(
        ToolCalls([("request_decision", {"kind": "billing", "question": question})]),
        Text("Decision support: the options are appeal, rebill or write off."),
    )
    result = model_engine.ask(DENIALS)
    plan = result.plan
    assert plan is not None and plan.decision is not None
    assert plan.decision.owner == "Revenue cycle director" and plan.decision.request == question
    assert plan.boundaries[-1].name == "Final billing decision"
    assert plan.findings and plan.findings[0].startswith("request_decision:")
    # No staff account behind the turn: the flow says where the decision must go.
    assert result.decision_note is not None and "Revenue cycle director" in result.decision_note
    tool_reply = fake.requests[-1]["messages"][-1]
    assert tool_reply["role"] == "tool" and "does not decide" in tool_reply["content"]


def test_tokens_stream_from_the_graph_as_custom_events(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    answer = "Work the CO-197 denials by payer, oldest first, and fix the auth check."
    fake.push_specialist(Text(answer))
    config: Any = {"configurable": {"thread_id": uuid.uuid4().hex}}
    events = list(
        model_engine.graph.stream(
            {"channel": "api"}, config, context=TurnContext(text=DENIALS), stream_mode="custom"
        )
    )
    tokens = [e["text"] for e in events if e.get("type") == "token"]
    assert len(tokens) > 5 and "".join(tokens) == answer
    assert fake.requests[-1]["stream"] is True


def test_usage_is_counted_per_turn_without_text(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    def tokens(role: str, direction: str) -> float:
        model = model_engine.config.model.model_for(role)  # type: ignore[arg-type]
        labels = {"role": role, "model": model, "direction": direction}
        return REGISTRY.get_sample_value("baton_model_tokens_total", labels) or 0.0

    before = model_engine.usage.totals("specialist")
    before_in = tokens("specialist", "in")
    fake.push_router(choice("revenue-cycle-specialist"))
    fake.push_specialist(Text("A short answer.", usage=(1200, 40)))
    model_engine.ask(DENIALS)
    after = model_engine.usage.totals("specialist")
    assert after.steps == before.steps + 1 and after.calls == before.calls + 1
    assert after.tokens_in - before.tokens_in == 1200
    assert after.tokens_out - before.tokens_out == 40
    assert tokens("specialist", "in") - before_in == 1200
    assert model_engine.usage.totals("router").outcomes.get("ok", 0) >= 1


def test_each_turn_stores_one_usage_row_per_role_with_counts_only(
    model_engine: BatonEngine, fake: FakeOpenAI, tmp_path: Path, text_guard: Any
) -> None:
    records = ToolContext(Database(f"sqlite:///{tmp_path / 'records.db'}"), guard=text_guard)
    records.prepare()
    model_engine.usage.records = records
    try:
        fake.push_router(choice("revenue-cycle-specialist"))
        fake.push_specialist(Error(504, "gateway"), Text("An answer.", usage=(900, 30)))
        result = model_engine.ask(DENIALS)
    finally:
        model_engine.usage.records = None
    with records.db.reading() as session:
        rows = {row.role: row for row in session.scalars(select(ModelUsage))}
    assert set(rows) == {"router", "specialist"}
    specialist = rows["specialist"]
    assert (specialist.calls, specialist.tokens_in, specialist.tokens_out) == (1, 900, 30)
    assert specialist.outcome == "ok" and specialist.thread_id == result.thread_id
    assert rows["router"].outcome == "ok" and rows["router"].tokens_in > 0
    stored = " ".join(str(v) for row in rows.values() for v in row.__dict__.values())
    assert "CO-197" not in stored and "answer" not in stored.lower()
