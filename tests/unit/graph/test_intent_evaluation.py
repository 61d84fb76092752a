"""Scoring the intent reader: accuracy, per-intent recall and plans misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.intent_evaluation import LabelledMessage, evaluate_intents, load_messages


def test_a_plan_read_as_records_is_counted_apart() -> None:
    items = [
        LabelledMessage("1", "a", "plan_request"),
        LabelledMessage("2", "b", "care_gaps"),
        LabelledMessage("3", "c", "care_gaps"),
    ]
    answers = {"a": "care_gaps", "b": "care_gaps", "c": "plan_request"}
    report = evaluate_intents(items, answers.__getitem__)
    assert report.correct == 1 and report.accuracy == pytest.approx(1 / 3)
    assert report.plans_taken_as_data == 1
    assert report.recall("care_gaps") == 0.5
    assert report.misses == ["1: expected plan_request, got care_gaps",
                             "3: expected care_gaps, got plan_request"]  # fmt: skip


@pytest.mark.parametrize(
    "line, message",
    [
        ("not json", "line 1: not a labelled message"),
        (json.dumps({"id": "1", "text": "x"}), "line 1: not a labelled message"),
        (json.dumps({"id": "1", "text": "x", "intent": "chit_chat"}), "unknown intent"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_messages(path)
