"""Fit the decision-meaning model and write it where the router loads it.

python -m training.decision_meaning.build [--out graph/data/decision_meaning.json]

Training data, all of it written for development, none of it an evaluation half:
- requests for a decision and requests *about* one: ``tests/data/decisions/dev.jsonl``;
- ordinary messages: the intents set's dev half, the PHI hold-out's PHI-free dev half
  and the bundled PHI-free operations messages, less any the word patterns take for a
  decision request (a few plan requests there are real ones: "approve the write-off").
The decision set's test half, the routing set and every other evaluation half only
measure the result.

A logistic model over the sentence encoder's vectors, fitted by plain full-batch
gradient descent in float64 from zeros (the same steps on every machine), classes
weighted to balance. Its threshold is the lowest on a 0.05 grid at which five-fold
cross-validation over the training data flags at most 6% of the requests about a
decision (what the word patterns flag on unseen ones: 2 of 35) and at most 1% of the
ordinary messages.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from graph.decision_detection import detect_decision_request
from graph.decision_meaning import DEFAULT_PATH
from knowledge.onnx_embedder import ONNX_SHA256, OnnxMiniLMEmbedder

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ORDINARY = (
    DATA / "intents" / "dev.jsonl",
    DATA / "phi_eval" / "negatives_dev.jsonl",
    DATA / "phi_negatives.jsonl",
)
L2 = 1e-3
STEPS = 3000
LEARNING_RATE = 0.5
FOLDS = 5
MOST_ABOUT_FLAGGED = 0.06
MOST_ORDINARY_FLAGGED = 0.01
GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))


def _texts(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def training_set() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels (1 = asks for a decision) and groups (0 ordinary, 1 about, 2 asks)."""
    decisions = _texts(DATA / "decisions" / "dev.jsonl")
    ordinary = [
        row["text"]
        for path in ORDINARY
        for row in _texts(path)
        if detect_decision_request(row["text"]) is None
    ]
    texts = [row["text"] for row in decisions] + ordinary
    labels = np.array([float(row["decision"]) for row in decisions] + [0.0] * len(ordinary))
    groups = np.array([2 if row["decision"] else 1 for row in decisions] + [0] * len(ordinary))
    return texts, labels, groups


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    positives = float(y.sum())
    negatives = float(len(y) - positives)
    sample_weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * sample_weight
        w -= LEARNING_RATE * (x.T @ g / len(y) + L2 * w)
        b -= LEARNING_RATE * float(g.mean())
    return w, b


def cross_validated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each message's probability from a model fitted without its fold."""
    folds = np.arange(len(y)) % FOLDS
    out = np.zeros(len(y))
    for fold in range(FOLDS):
        held = folds == fold
        w, b = fit(x[~held], y[~held])
        out[held] = 1.0 / (1.0 + np.exp(-(x[held] @ w + b)))
    return out


def choose_threshold(probabilities: np.ndarray, groups: np.ndarray) -> float:
    for threshold in GRID:
        flagged = probabilities >= threshold
        if (
            flagged[groups == 1].mean() <= MOST_ABOUT_FLAGGED
            and flagged[groups == 0].mean() <= MOST_ORDINARY_FLAGGED
        ):
            return threshold
    raise SystemExit("decision_meaning: no threshold keeps the false flags within bounds")


def build(out: Path) -> dict:
    texts, y, groups = training_set()
    x = OnnxMiniLMEmbedder().embed(texts).astype(np.float64)
    probabilities = cross_validated(x, y)
    threshold = choose_threshold(probabilities, groups)
    flagged = probabilities >= threshold
    w, b = fit(x, y)
    model = {
        "encoder_sha256": ONNX_SHA256,
        "threshold": threshold,
        "bias": round(b, 7),
        "weights": [round(float(v), 7) for v in w],
        "cross_validation": {
            "asks_found": f"{int(flagged[groups == 2].sum())}/{int((groups == 2).sum())}",
            "about_flagged": f"{int(flagged[groups == 1].sum())}/{int((groups == 1).sum())}",
            "ordinary_flagged": f"{int(flagged[groups == 0].sum())}/{int((groups == 0).sum())}",
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, indent=1) + "\n")
    return model


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    model = build(args.out)
    print(
        f"decision_meaning: threshold {model['threshold']}, cross-validation "
        f"{model['cross_validation']} -> {args.out}"
    )


if __name__ == "__main__":
    main()
