"""The PHI guard's NER choices side by side: quality on three sets, and latency.

Run:  .venv/bin/python bench/bench_phi_models.py [--messages 300]

Variants, each with all of Baton's pattern and name-list recognizers:
  * ``baton model``: Baton's own NER model alone (tools/phi/model; the guard before
    the stock pipeline was added);
  * ``stock md``: spaCy's en_core_web_md 3.8.0 alone (tools/phi/pipelines.py);
  * ``stock md + baton model``: both, keeping what either finds (the guard's default).

Quality (strict recall, precision, share of PHI-bearing messages that leak nothing, and
PHI-free messages with any detection) on: the bundled set (tests/data, written with the
project's own generator); the hand-written holdout set (tests/data/phi_eval, written
apart from any generator); and Presidio's public synthetic templates
(tools/phi/public_set.py, evaluation only). Latency: ``redact`` per 300-character
message built as in bench_phi.py, p50/p95 after warm-up. Results go to stdout and to
bench/results/phi-models-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_phi import build_messages, load_texts, summary  # noqa: E402
from bench_spine import machine  # noqa: E402

from tools.phi.evaluation import LabelledMessage, evaluate, load_labelled  # noqa: E402
from tools.phi.guard import PhiGuard  # noqa: E402
from tools.phi.pipelines import baton_pipeline, stock_pipeline  # noqa: E402
from tools.phi.public_set import build_public_set  # noqa: E402

DATA = ROOT / "tests" / "data"
WARMUP = 20


def variants() -> dict[str, PhiGuard]:
    return {
        "baton model": PhiGuard(baton_pipeline(), extra_pipelines=()),
        "stock md": PhiGuard(stock_pipeline(), extra_pipelines=()),
        "stock md + baton model": PhiGuard(),
    }


def sets() -> dict[str, tuple[list[LabelledMessage], list[LabelledMessage]]]:
    return {
        "bundled": (
            load_labelled(DATA / "phi_labelled.jsonl"),
            load_labelled(DATA / "phi_negatives.jsonl"),
        ),
        "holdout": (
            load_labelled(DATA / "phi_eval" / "holdout_test.jsonl"),
            load_labelled(DATA / "phi_eval" / "negatives_test.jsonl"),
        ),
        "public": (build_public_set(600), []),
    }


def quality(guard: PhiGuard, labelled: list, negatives: list) -> dict[str, Any]:
    report = evaluate(guard.redact_many, labelled, negatives)
    return {
        "strict_recall": round(report.overall.recall, 3),
        "precision": round(report.overall.precision, 3),
        "leak_free_share": round(report.leak_free_share, 3),
        "negatives_with_detections": f"{report.negatives_with_detections}/{report.negatives}",
        "recall_by_type": {
            name: round(score.recall, 3)
            for name, score in sorted(report.by_type.items())
            if score.labelled
        },
    }


def latency(guard: PhiGuard, items: list[str]) -> dict[str, float]:
    for text in items[:WARMUP]:
        guard.redact(text)
    samples = []
    for text in items:
        start = time.perf_counter()
        guard.redact(text)
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    messages = build_messages(load_texts(DATA / "phi_labelled.jsonl"), args.messages)
    evaluation_sets = sets()
    results: dict[str, Any] = {"date": date.today().isoformat(), "machine": machine()}
    for name, guard in variants().items():
        results[name] = {
            "latency, 300-char PHI messages": latency(guard, messages),
            **{
                set_name: quality(guard, labelled, negatives)
                for set_name, (labelled, negatives) in evaluation_sets.items()
            },
        }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results" / f"phi-models-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
