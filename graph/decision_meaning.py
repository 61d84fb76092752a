"""A second reading of requests for a final decision: by meaning, not by wording.

The word patterns of ``graph.decision_detection`` find every request for a decision
they were written for, and about two in three of those written later by someone else:
reliance said in new words ("whatever you put, I'm submitting") and orders without a
decision's object word slip past them. This reading looks at the sentence encoder's
vector of the request, the one the router already has, through a logistic model fitted
on the decision set's dev half and on ordinary operations messages
(``training.decision_meaning``). It flags a request only when the model is confident
(its threshold was chosen by cross-validation so that it flags no more requests *about*
a decision than the word patterns do on unseen text), so the router can use it after
the patterns: a request either reading flags goes to its human owner.

The fitted weights are committed (``graph/data/decision_meaning.json``) with the
encoder's checksum they were fitted for: every machine flags the same requests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph.decision_detection import DecisionCue, asks_about_a_decision, detect_decision_request
from knowledge.onnx_embedder import ONNX_SHA256

DEFAULT_PATH = Path(__file__).parent / "data" / "decision_meaning.json"
CUE_CHARS = 300  # a request flagged by meaning is its own cue, cut to this length


class DecisionMeaningMismatch(RuntimeError):
    """The committed weights were fitted for another encoder."""


@dataclass(frozen=True)
class DecisionMeaning:
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, vector: np.ndarray) -> float:
        """How likely the request behind ``vector`` asks Baton to make a final decision."""
        return float(1.0 / (1.0 + np.exp(-(float(vector @ self.weights) + self.bias))))

    def asks_for_decision(self, vector: np.ndarray) -> bool:
        return self.probability(vector) >= self.threshold


def load_decision_meaning(path: Path = DEFAULT_PATH) -> DecisionMeaning:
    data = json.loads(path.read_text())
    if data["encoder_sha256"] != ONNX_SHA256:
        raise DecisionMeaningMismatch(
            f"{path} was fitted for another sentence encoder; rebuild it with "
            "python -m training.decision_meaning.build"
        )
    return DecisionMeaning(
        weights=np.asarray(data["weights"], dtype=np.float32),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
    )


def read_decision_request(
    text: str, vector: np.ndarray, meaning: DecisionMeaning
) -> DecisionCue | None:
    """The final decision ``text`` asks Baton to make, by its words or else by its meaning
    (``vector`` is the encoder's vector of ``text``). A request that asks for analysis or
    says someone else decides is flagged by its words only."""
    cue = detect_decision_request(text)
    if cue is None and not asks_about_a_decision(text) and meaning.asks_for_decision(vector):
        return DecisionCue(kind=None, cue=" ".join(text.split())[:CUE_CHARS])
    return cue
