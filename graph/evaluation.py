"""Scoring the router against a labelled set of staff requests."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.assignment import Assignment


@dataclass(frozen=True)
class LabelledRequest:
    id: str
    text: str
    primary_agent: str
    acceptable_primary: tuple[str, ...]
    workflow: str | None
    human_owners: tuple[str, ...]
    needs_human_decision: bool
    decision_owner: str | None
    phi: bool

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LabelledRequest:
        primary = str(raw["primary_agent"])
        return cls(
            id=str(raw["id"]),
            text=str(raw["text"]),
            primary_agent=primary,
            acceptable_primary=tuple(raw.get("acceptable_primary") or [primary]),
            workflow=raw.get("workflow"),
            human_owners=tuple(raw.get("human_owners") or []),
            needs_human_decision=bool(raw.get("needs_human_decision")),
            decision_owner=raw.get("decision_owner"),
            phi=bool(raw.get("phi")),
        )


def load_labelled(path: Path) -> list[LabelledRequest]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(LabelledRequest.from_json(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{path.name}, line {number}: not a labelled request ({exc})"
            ) from None
    return items


@dataclass
class RoutingReport:
    total: int = 0
    top1_correct: int = 0
    workflow_correct: int = 0
    owners_correct: int = 0
    decision_tp: int = 0
    decision_fp: int = 0
    decision_fn: int = 0
    decision_owner_correct: int = 0
    misses: list[str] = field(default_factory=list)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def top1_accuracy(self) -> float:
        return self.top1_correct / self.total if self.total else 0.0

    @property
    def workflow_accuracy(self) -> float:
        return self.workflow_correct / self.total if self.total else 0.0

    @property
    def owner_accuracy(self) -> float:
        return self.owners_correct / self.total if self.total else 0.0

    @property
    def decision_precision(self) -> float:
        flagged = self.decision_tp + self.decision_fp
        return self.decision_tp / flagged if flagged else 1.0

    @property
    def decision_recall(self) -> float:
        actual = self.decision_tp + self.decision_fn
        return self.decision_tp / actual if actual else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "requests": self.total,
            "top1_accuracy": round(self.top1_accuracy, 4),
            "workflow_accuracy": round(self.workflow_accuracy, 4),
            "owner_accuracy": round(self.owner_accuracy, 4),
            "decision_precision": round(self.decision_precision, 4),
            "decision_recall": round(self.decision_recall, 4),
        }


def owners_match(expected: LabelledRequest, got: Assignment) -> bool:
    """Same set of owners, and for a decision the right person first."""
    if set(expected.human_owners) != set(got.human_owners):
        return False
    if expected.needs_human_decision and got.human_owners:
        return got.human_owners[0] == expected.human_owners[0]
    return True


def evaluate_routing(
    items: Iterable[LabelledRequest], route: Callable[[str], Assignment]
) -> RoutingReport:
    report = RoutingReport()
    for item in items:
        got = route(item.text)
        report.total += 1
        if got.primary_agent in item.acceptable_primary:
            report.top1_correct += 1
        else:
            report.confusions[(item.primary_agent, got.primary_agent)] += 1
            report.misses.append(
                f"{item.id}: expected {item.primary_agent}, got {got.primary_agent}"
            )
        if got.workflow == item.workflow:
            report.workflow_correct += 1
        if owners_match(item, got):
            report.owners_correct += 1
        flagged = got.needs_human_decision
        if flagged and item.needs_human_decision:
            report.decision_tp += 1
        elif flagged:
            report.decision_fp += 1
            report.misses.append(f"{item.id}: flagged a decision that is not one")
        elif item.needs_human_decision:
            report.decision_fn += 1
            report.misses.append(f"{item.id}: missed a decision request")
    return report


@dataclass(frozen=True)
class CorrectionsComparison:
    """The same labelled requests routed without and with corrections."""

    corrections: int
    without: RoutingReport
    with_corrections: RoutingReport


def compare_with_corrections(
    engine: Any,
    items: list[LabelledRequest],
    examples: list[tuple[str, str]] | None = None,
) -> CorrectionsComparison:
    """Route ``items`` with the ``graph.engine.BatonEngine``'s router without any
    correction, and with ``examples`` (``(text, agent)``, redacted here) or, when None,
    with the store's accepted corrections. Each request is redacted and embedded once."""
    from graph.corrections import NO_CORRECTIONS, FixedCorrections, fixed_corrections

    router = engine.router
    if examples is None:
        corrected, count = router, len(router.corrections.current())
    else:
        redacted_examples = [(engine.redact(text).text, agent) for text, agent in examples]
        fixed = fixed_corrections(engine.embedder, redacted_examples)
        corrected, count = router.with_corrections(fixed), len(examples)
    without = router.with_corrections(FixedCorrections(NO_CORRECTIONS))
    redacted = {item.text: engine.redact(item.text).text for item in items}
    vectors = {text: router.embed(text) for text in set(redacted.values())}

    def report(chosen: Any) -> RoutingReport:
        return evaluate_routing(items, lambda t: chosen.route(redacted[t], vectors[redacted[t]]))

    return CorrectionsComparison(count, report(without), report(corrected))
