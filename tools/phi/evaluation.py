"""How well the PHI guard finds identifiers: precision, recall and F2 on a labelled set.

Recall is what a privacy officer signs off on, so it is measured the strict way that
matters for leaks: a labelled span counts as caught only when every letter and digit in
it ends up inside some detection (of any type: an MRN redacted as an account number has
not leaked). Typed recall, where the detection's type must also match, is reported next
to it. Precision counts detections that touch no labelled span as false positives. F2
weighs recall twice as much as precision (a missed name is worse than an extra
placeholder).

Labelled file: JSON lines ``{"id", "text", "spans": [{"type", "start", "end"}]}``.
Negative file: JSON lines ``{"id", "text"}`` with no PHI at all.

Misses and false positives are listed by message id, type and offsets, never by value.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.phi.guard import PhiEntity, Redaction

Redactor = Callable[[Sequence[str]], list[Redaction]]


class PhiSetError(ValueError):
    """A labelled PHI file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class LabelledSpan:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    text: str
    spans: tuple[LabelledSpan, ...] = ()


@dataclass
class TypeScore:
    """Counts for one entity type (recall side by labelled type, precision by detected)."""

    labelled: int = 0
    caught: int = 0
    caught_typed: int = 0
    detected: int = 0
    true_detections: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.labelled if self.labelled else 1.0

    @property
    def typed_recall(self) -> float:
        return self.caught_typed / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.true_detections / self.detected if self.detected else 1.0

    @property
    def f2(self) -> float:
        return f_beta(self.precision, self.recall, beta=2.0)


@dataclass
class PhiReport:
    messages: int = 0
    overall: TypeScore = field(default_factory=TypeScore)
    by_type: dict[str, TypeScore] = field(default_factory=dict)
    # Messages that hold PHI, and those of them where at least one identifier leaked:
    # what a reader of one message would see.
    phi_messages: int = 0
    leaking_messages: int = 0
    negatives: int = 0
    negatives_with_detections: int = 0
    negative_detections: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def leak_free_share(self) -> float:
        """Share of PHI-bearing messages in which every identifier was caught."""
        if not self.phi_messages:
            return 1.0
        return 1.0 - self.leaking_messages / self.phi_messages

    def as_dict(self) -> dict[str, object]:
        def scores(score: TypeScore) -> dict[str, float | int]:
            return {
                "labelled": score.labelled,
                "detected": score.detected,
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "typed_recall": round(score.typed_recall, 4),
                "f2": round(score.f2, 4),
            }

        return {
            "messages": self.messages,
            "phi_messages": self.phi_messages,
            "leak_free_share": round(self.leak_free_share, 4),
            "overall": scores(self.overall),
            "by_type": {name: scores(s) for name, s in sorted(self.by_type.items())},
            "negatives": self.negatives,
            "negatives_with_detections": self.negatives_with_detections,
            "negative_detections_by_type": dict(self.negative_detections),
        }


def f_beta(precision: float, recall: float, beta: float) -> float:
    if precision == 0.0 and recall == 0.0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def load_labelled(path: Path) -> list[LabelledMessage]:
    messages = []
    for number, line in _lines(path):
        try:
            raw = json.loads(line)
            text = raw["text"]
            spans = tuple(
                LabelledSpan(str(s["type"]), int(s["start"]), int(s["end"]))
                for s in raw.get("spans", [])
            )
            message = LabelledMessage(str(raw["id"]), text, spans)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise PhiSetError(
                f"{path.name}, line {number}: not a labelled message ({exc})"
            ) from None
        for span in spans:
            if not (isinstance(text, str) and 0 <= span.start < span.end <= len(text)):
                raise PhiSetError(f"{path.name}, line {number}: span {span} is outside the text")
        messages.append(message)
    return messages


def _lines(path: Path) -> Iterable[tuple[int, str]]:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PhiSetError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield number, line


def evaluate(
    redact_many: Redactor,
    labelled: Sequence[LabelledMessage],
    negatives: Sequence[LabelledMessage] = (),
) -> PhiReport:
    """Run the guard over both sets and count what it caught, missed and over-redacted."""
    report = PhiReport(messages=len(labelled), negatives=len(negatives))
    redactions = redact_many([m.text for m in labelled]) if labelled else []
    for message, redaction in zip(labelled, redactions, strict=True):
        _score_message(report, message, redaction.entities)
    negative_redactions = redact_many([m.text for m in negatives]) if negatives else []
    for message, redaction in zip(negatives, negative_redactions, strict=True):
        if redaction.entities:
            report.negatives_with_detections += 1
            report.negative_detections.update(e.type for e in redaction.entities)
            report.false_positives.append(
                f"{message.id}: " + ", ".join(_show(message.text, e) for e in redaction.entities)
            )
    return report


def _score_message(report: PhiReport, message: LabelledMessage, found: Sequence[PhiEntity]) -> None:
    if message.spans:
        report.phi_messages += 1
    leaked = False
    covered = [False] * len(message.text)
    for entity in found:
        for index in range(entity.start, entity.end):
            covered[index] = True
    for span in message.spans:
        per_type = report.by_type.setdefault(span.type, TypeScore())
        caught = all(covered[i] for i in range(span.start, span.end) if message.text[i].isalnum())
        typed = caught and any(
            e.type == span.type and e.start < span.end and span.start < e.end for e in found
        )
        for score in (per_type, report.overall):
            score.labelled += 1
            score.caught += caught
            score.caught_typed += typed
        if not caught:
            leaked = True
            report.misses.append(f"{message.id}: {span.type} [{span.start}:{span.end}] missed")
    report.leaking_messages += leaked
    for entity in found:
        per_type = report.by_type.setdefault(entity.type, TypeScore())
        true = any(s.start < entity.end and entity.start < s.end for s in message.spans)
        for score in (per_type, report.overall):
            score.detected += 1
            score.true_detections += true
        if not true:
            report.false_positives.append(f"{message.id}: {_show(message.text, entity)}")


def _show(text: str, entity: PhiEntity) -> str:
    # Offsets, not values: an evaluation file may hold real identifiers.
    return f"{entity.type} [{entity.start}:{entity.end}]"
