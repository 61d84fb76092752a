"""The intent reader meets its floors on both halves of the hand-written labelled set,
reading each message as a turn does: after the PHI guard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.intent_evaluation import INTENTS, IntentReport, evaluate_intents, load_messages
from graph.intents import classify

INTENT_SET = Path(__file__).parents[1] / "data" / "intents"


@pytest.fixture(scope="module", params=["dev", "test"])
def report(request: pytest.FixtureRequest, shared_guard) -> IntentReport:
    items = load_messages(INTENT_SET / f"{request.param}.jsonl")
    return evaluate_intents(items, lambda text: classify(shared_guard.redact(text).text).kind)


def test_the_set_is_large_and_covers_every_intent() -> None:
    items = [m for half in ("dev", "test") for m in load_messages(INTENT_SET / f"{half}.jsonl")]
    assert len(items) >= 200
    assert len({m.text for m in items}) == len(items)  # no message in both halves
    for intent in INTENTS:
        assert sum(m.intent == intent for m in items) >= 10, intent
    assert sum(m.intent == "plan_request" for m in items) >= 60


def test_intent_accuracy_is_at_least_95_percent(report: IntentReport) -> None:
    assert report.accuracy >= 0.95, report.as_dict()


def test_a_plan_request_is_never_answered_as_a_data_question(report: IntentReport) -> None:
    assert report.plans_taken_as_data == 0, report.as_dict()


def test_baton_eval_intents_scores_both_halves_and_names_a_bad_file(baton, tmp_path) -> None:
    code, out, _ = baton("eval", "intents", "--json")
    assert code == 0
    figures = json.loads(out)
    assert set(figures) == {"dev", "test"}
    assert figures["dev"]["messages"] >= 100 and figures["test"]["messages"] >= 100
    code, _, err = baton("eval", "intents", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "labelled set not found" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "x", "intent": "smalltalk"}\n', encoding="utf-8")
    code, _, err = baton("eval", "intents", str(bad))
    assert code == 2 and "line 1: unknown intent" in err
