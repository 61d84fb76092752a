"""The labelled routing set through the chat-model router: validation and fallback keep
the offline floors (top-1 >= 0.90, decision recall 1.0) whatever the model answers.

There is no real model here: the fake server answers from the candidates it is given, or
(second run) answers deliberately wrong in one request out of four. How well a real model
routes must be measured against it with ``baton eval routing --model``.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from graph.engine import BatonEngine
from graph.evaluation import RoutingReport, evaluate_routing, load_labelled
from tests.fakes.openai_api import FakeOpenAI, is_routing_request, json_text, route_from_candidates

LABELLED = Path(__file__).parents[1] / "data" / "routing_labelled.jsonl"


def _evaluate(model_engine: BatonEngine) -> tuple[RoutingReport, list[Any]]:
    items = load_labelled(LABELLED)
    routed: list[Any] = []

    def route(text: str) -> Any:
        routed.append(model_engine.route(text).assignment)
        return routed[-1]

    return evaluate_routing(items, route), routed


def test_a_model_trusting_the_candidates_meets_the_floors(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    report, routed = _evaluate(model_engine)
    assert report.top1_accuracy >= 0.90, report.misses
    assert report.decision_recall == 1.0, report.misses
    assert all(a.routed_by != "offline" for a in routed)  # every choice was valid and used
    assert all(is_routing_request(body) for body in fake.requests)


def test_invalid_answers_fall_back_and_the_floors_still_hold(
    model_engine: BatonEngine, fake: FakeOpenAI
) -> None:
    def foreign_workflow(answer: dict[str, Any]) -> dict[str, Any]:
        own = answer["agent"] == "emergency-preparedness-coordinator"
        return {**answer, "workflow": "survey-readiness" if own else "emergency-preparedness"}

    wrong = itertools.cycle(
        [
            lambda answer: {**answer, "agent": "revenue-denials-wizard"},  # no such agent
            foreign_workflow,  # a workflow this agent does not lead
            lambda answer: {**answer, "supporting_agents": ["made-up-helper"]},
            lambda answer: answer,  # a valid answer
        ]
    )

    def sometimes_wrong(body: dict[str, Any]) -> Any:
        return json_text(next(wrong)(route_from_candidates(body)))

    fake.answer = sometimes_wrong
    report, routed = _evaluate(model_engine)
    assert report.top1_accuracy >= 0.90, report.misses
    assert report.decision_recall == 1.0, report.misses
    fallbacks = [a for a in routed if a.routed_by == "offline"]
    assert len(fallbacks) >= len(routed) * 0.7  # three answers in four were invalid
    assert all("did not match the catalog or the handoff map" in a.notes[0] for a in fallbacks)
    usage = model_engine.usage.totals("router")
    assert usage.outcomes.get("invalid_choice", 0) >= len(fallbacks)


@pytest.mark.parametrize("confidence", [0.05, 0.95])
def test_a_low_confidence_choice_asks_which_specialist(
    model_engine: BatonEngine, fake: FakeOpenAI, confidence: float
) -> None:
    fake.push_router(
        json_text(
            {
                "agent": "revenue-cycle-specialist",
                "workflow": None,
                "supporting_agents": [],
                "needs_human_decision": False,
                "decision_kind": None,
                "confidence": confidence,
            }
        )
    )
    got = model_engine.route("can you take a look at the claims thing").assignment
    assert got.needs_clarification is (confidence < 0.25)
