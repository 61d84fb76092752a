"""Scoring the intent reader (``graph.intents``) against a labelled set of chat messages.

A label is one of the records topics, ``time_entry`` or ``plan_request``. Besides
accuracy, the report counts the one mistake that must never happen: a plan request
answered as a data question (or taken as a time entry), which would hide the plan.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.intents import RECORDS_TOPICS

INTENTS = ("time_entry", *RECORDS_TOPICS, "plan_request")


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    text: str
    intent: str


def load_messages(path: Path) -> list[LabelledMessage]:
    """The labelled messages of a JSON-lines file; a bad line is a ValueError naming it."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            item = LabelledMessage(str(raw["id"]), str(raw["text"]), str(raw["intent"]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{path.name}, line {number}: not a labelled message ({exc})"
            ) from None
        if item.intent not in INTENTS:
            raise ValueError(f"{path.name}, line {number}: unknown intent {item.intent!r}")
        items.append(item)
    return items


@dataclass
class IntentReport:
    total: int = 0
    correct: int = 0
    plans_taken_as_data: int = 0  # must stay 0
    misses: list[str] = field(default_factory=list)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_correct: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def recall(self, intent: str) -> float:
        seen = self.per_intent[intent]
        return self.per_intent_correct[intent] / seen if seen else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "messages": self.total,
            "accuracy": round(self.accuracy, 4),
            "plans_taken_as_data": self.plans_taken_as_data,
            "recall": {i: round(self.recall(i), 4) for i in INTENTS if self.per_intent[i]},
        }


def evaluate_intents(
    items: Iterable[LabelledMessage], intent_of: Callable[[str], str]
) -> IntentReport:
    report = IntentReport()
    for item in items:
        got = intent_of(item.text)
        report.total += 1
        report.per_intent[item.intent] += 1
        if got == item.intent:
            report.correct += 1
            report.per_intent_correct[item.intent] += 1
            continue
        report.confusions[(item.intent, got)] += 1
        report.misses.append(f"{item.id}: expected {item.intent}, got {got}")
        if item.intent == "plan_request":
            report.plans_taken_as_data += 1
    return report
