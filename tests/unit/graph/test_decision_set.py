"""The decision detector on its labelled set: every request to make a final decision
found on the dev half, at least 67 percent on the held-out half (its measured 0.671,
with two batches written on 2026-12-05 that the detector mostly missed), and requests
about decisions left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.decision_detection import detect_decision_request

SET = Path(__file__).parents[2] / "data" / "decisions"


def _load(half: str) -> list[dict]:
    return [json.loads(line) for line in (SET / f"{half}.jsonl").read_text().splitlines()]


def _recall(items: list[dict]) -> float:
    positives = [i for i in items if i["decision"]]
    return sum(detect_decision_request(i["text"]) is not None for i in positives) / len(positives)


def _flagged_negatives(items: list[dict]) -> list[str]:
    return [i["id"] for i in items if not i["decision"] and detect_decision_request(i["text"])]


def test_the_set_covers_every_kind_of_final_decision() -> None:
    items = _load("dev") + _load("test")
    kinds = {i["kind"] for i in items if i["decision"]}
    assert {"clinical", "coding", "billing", "legal", "employment", "contracting"} <= kinds
    assert sum(i["decision"] for i in items) >= 80
    assert sum(not i["decision"] for i in items) >= 30


def test_every_decision_request_on_the_dev_half_is_recognised_with_its_kind() -> None:
    items = _load("dev")
    assert _recall(items) == 1.0
    wrong = [
        (i["id"], cue.kind)
        for i in items
        if i["decision"] and (cue := detect_decision_request(i["text"])) and cue.kind != i["kind"]
    ]
    assert wrong == []


@pytest.mark.parametrize("half, most_flagged", [("dev", 0), ("test", 2)])
def test_requests_about_decisions_are_not_flagged(half: str, most_flagged: int) -> None:
    assert len(_flagged_negatives(_load(half))) <= most_flagged


def test_held_out_recall_holds_its_measured_floor() -> None:
    assert _recall(_load("test")) >= 0.67
