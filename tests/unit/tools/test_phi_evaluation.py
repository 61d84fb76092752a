"""PHI evaluation arithmetic, with a scripted redactor instead of the model."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from tools.phi.evaluation import (
    LabelledMessage,
    LabelledSpan,
    PhiSetError,
    evaluate,
    f_beta,
    load_labelled,
)
from tools.phi.guard import PhiEntity, Redaction

TEXT = "pt Ana Ruiz MRN 00482913 seen 3/14"
ANA = LabelledSpan("PERSON", 3, 11)
MRN = LabelledSpan("MRN", 16, 24)
DATE = LabelledSpan("DATE", 30, 34)


def scripted(found: dict[str, list[PhiEntity]]):
    def redact_many(texts: Sequence[str]) -> list[Redaction]:
        return [Redaction(t, tuple(found.get(t, []))) for t in texts]

    return redact_many


@pytest.mark.parametrize(
    ("found", "recall", "typed", "precision"),
    [
        # everything found with the right types
        ([PhiEntity("PERSON", 3, 11, 0.9), PhiEntity("MRN", 16, 24, 0.9),
          PhiEntity("DATE", 30, 34, 0.9)], 1.0, 1.0, 1.0),
        # the MRN redacted as an account number: no leak, but the type is wrong
        ([PhiEntity("PERSON", 3, 11, 0.9), PhiEntity("ACCOUNT_NUMBER", 16, 24, 0.9),
          PhiEntity("DATE", 30, 34, 0.9)], 1.0, 2 / 3, 1.0),
        # only the surname covered: the first name leaks, so the name is missed
        ([PhiEntity("PERSON", 7, 11, 0.9), PhiEntity("MRN", 16, 24, 0.9)], 1 / 3, 1 / 3, 1.0),
        # one extra detection on "seen"
        ([PhiEntity("PERSON", 3, 11, 0.9), PhiEntity("MRN", 16, 24, 0.9),
          PhiEntity("DATE", 30, 34, 0.9), PhiEntity("PERSON", 25, 29, 0.6)], 1.0, 1.0, 0.75),
        # nothing found
        ([], 0.0, 0.0, 1.0),
    ],
)  # fmt: skip
def test_recall_counts_a_span_only_when_every_character_is_covered(
    found: list[PhiEntity], recall: float, typed: float, precision: float
) -> None:
    message = LabelledMessage("m1", TEXT, (ANA, MRN, DATE))
    report = evaluate(scripted({TEXT: found}), [message])
    assert report.overall.labelled == 3
    assert report.overall.recall == pytest.approx(recall)
    assert report.overall.typed_recall == pytest.approx(typed)
    assert report.overall.precision == pytest.approx(precision)


def test_negatives_count_messages_with_any_detection_and_never_show_values() -> None:
    clean, noisy = "Aetna denied CPT 99490", "Humana and Epic Clarity"
    report = evaluate(
        scripted({noisy: [PhiEntity("PERSON", 11, 15, 0.6)]}),
        [],
        [LabelledMessage("n1", clean), LabelledMessage("n2", noisy)],
    )
    assert (report.negatives, report.negatives_with_detections) == (2, 1)
    assert report.negative_detections == {"PERSON": 1}
    assert report.false_positives == ["n2: PERSON [11:15]"]
    assert "Epic" not in " ".join(report.false_positives)


@pytest.mark.parametrize(
    ("precision", "recall", "expected"),
    [(1.0, 1.0, 1.0), (0.5, 1.0, 5 * 0.5 / (4 * 0.5 + 1)), (1.0, 0.5, 5 * 0.5 / (4 + 0.5)),
     (0.0, 0.0, 0.0)],
)  # fmt: skip
def test_f2_weighs_recall_over_precision(precision: float, recall: float, expected: float) -> None:
    assert f_beta(precision, recall, beta=2.0) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 1: not a labelled message"),
        (json.dumps({"text": "x"}), "line 1: not a labelled message"),
        (json.dumps({"id": 1, "text": "abc", "spans": [{"type": "PERSON", "start": 2,
                                                          "end": 9}]}), "outside the text"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(PhiSetError, match=message):
        load_labelled(path)
