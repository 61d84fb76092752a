"""The decision-meaning reading: the committed model, its guard rails, and its rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from graph.decision_detection import detect_decision_request
from graph.decision_meaning import (
    DEFAULT_PATH,
    DecisionMeaning,
    DecisionMeaningMismatch,
    load_decision_meaning,
    read_decision_request,
)
from knowledge.onnx_embedder import OnnxMiniLMEmbedder


@pytest.fixture(scope="module")
def encoder() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder()


@pytest.fixture(scope="module")
def meaning() -> DecisionMeaning:
    return load_decision_meaning()


def _read(text: str, encoder: OnnxMiniLMEmbedder, meaning: DecisionMeaning):
    return read_decision_request(text, encoder.embed_one(text), meaning)


def test_weights_fitted_for_another_encoder_are_refused(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_PATH.read_text())
    data["encoder_sha256"] = "0" * 64
    other = tmp_path / "decision_meaning.json"
    other.write_text(json.dumps(data))
    with pytest.raises(DecisionMeaningMismatch, match="another sentence encoder"):
        load_decision_meaning(other)


def test_the_threshold_is_what_the_probability_is_compared_with() -> None:
    model = DecisionMeaning(weights=np.array([1.0, 0.0]), bias=0.0, threshold=0.7)
    assert model.probability(np.array([0.0, 5.0])) == pytest.approx(0.5)
    assert not model.asks_for_decision(np.array([0.0, 5.0]))
    assert model.asks_for_decision(np.array([2.0, 0.0]))  # sigmoid(2) = 0.88


@pytest.mark.parametrize(
    "text, flagged, kind",
    [
        # The words find it and say which kind.
        ("deny the extra PT visits, they're not medically necessary", True, "clinical"),
        # Ordinary work and questions about a decision stay ordinary work.
        ("schedule the peer-to-peer with the payer's medical director", False, None),
        ("what does the payer need to approve a home health extension?", False, None),
        ("let the revenue cycle director decide whether the write-off stands", False, None),
        ("how many CCM minutes did the north team log in November?", False, None),
    ],
)
def test_the_words_decide_first_and_requests_about_decisions_stay_unflagged(
    text: str,
    flagged: bool,
    kind: str | None,
    encoder: OnnxMiniLMEmbedder,
    meaning: DecisionMeaning,
) -> None:
    cue = _read(text, encoder, meaning)
    assert (cue is not None) == flagged
    if cue is not None:
        assert cue.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "the payer wants an answer today on whether the stay was necessary, we'll send yours",
        "we're going with your answer on whether she keeps her job",
        "sign-off on the termination is yours",
    ],
)
def test_reliance_the_words_miss_is_flagged_by_its_meaning(
    text: str, encoder: OnnxMiniLMEmbedder, meaning: DecisionMeaning
) -> None:
    assert detect_decision_request(text) is None
    cue = _read(text, encoder, meaning)
    # No words say which kind: the router takes the specialist's domain.
    assert cue is not None and cue.kind is None and cue.cue == text


def test_a_rebuild_gives_the_committed_model(tmp_path: Path) -> None:
    from training.decision_meaning.build import build

    rebuilt = build(tmp_path / "decision_meaning.json")
    committed = json.loads(DEFAULT_PATH.read_text())
    assert rebuilt["threshold"] == committed["threshold"]
    assert rebuilt["cross_validation"] == committed["cross_validation"]
    assert rebuilt["bias"] == pytest.approx(committed["bias"], abs=1e-4)
    assert np.allclose(rebuilt["weights"], committed["weights"], atol=1e-4)
