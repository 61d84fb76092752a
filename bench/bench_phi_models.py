"""The PHI guard's NER choices side by side: quality on three sets, and latency.

Run:  .venv/bin/python bench/bench_phi_models.py [--messages 300] [--baseline main]

Variants, each with all of Baton's pattern and name-list recognizers:
  * ``baton model``: Baton's own NER model alone (tools/phi/model; the guard before
    the stock pipeline was added);
  * ``stock md``: spaCy's en_core_web_md 3.8.0 alone (tools/phi/pipelines.py);
  * ``stock md + baton model``: both, keeping what either finds (the guard's default);
  * with ``--baseline REF``, ``guard at REF``: the default guard as committed at a git
    ref (its ``tools`` package and routing corpus, extracted to a temporary directory
    and run in a child process on the same sets and messages), so a change to the guard
    is measured against the guard before it in the same run.

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
import importlib
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The code measured: this checkout, or a baseline's extracted tree (``--baseline``),
# whose ``tools`` package then comes first; the sets are always this checkout's.
CODE_ROOT = Path(os.environ.get("BATON_BENCH_CODE", ROOT))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(CODE_ROOT))

# Loaded before the bench helpers, which put this checkout first on the path: once
# imported, ``tools`` keeps resolving to CODE_ROOT.
importlib.import_module("tools")

from bench_common import machine, run_at_ref  # noqa: E402
from bench_phi import build_messages, load_texts, summary  # noqa: E402

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


def measure(guard: PhiGuard, messages: list[str]) -> dict[str, Any]:
    return {
        "latency, 300-char PHI messages": latency(guard, messages),
        **{
            set_name: quality(guard, labelled, negatives)
            for set_name, (labelled, negatives) in sets().items()
        },
    }


def baseline(ref: str, messages: int) -> dict[str, Any]:
    """The default guard as committed at ``ref``, measured in a child process."""
    return dict(run_at_ref(ROOT, ref, __file__, ["--default-only", "--messages", str(messages)]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--baseline", metavar="REF", help="also measure the guard at a git ref")
    parser.add_argument(
        "--default-only", action="store_true", help="measure the default guard, print JSON"
    )
    args = parser.parse_args()
    messages = build_messages(load_texts(DATA / "phi_labelled.jsonl"), args.messages)
    if args.default_only:
        import tools

        assert Path(tools.__file__).resolve().is_relative_to(CODE_ROOT.resolve()), tools.__file__
        print(json.dumps(measure(PhiGuard(), messages)))
        return
    results: dict[str, Any] = {"date": date.today().isoformat(), "machine": machine()}
    results["load average (1, 5, 15 min) at start"] = list(os.getloadavg())
    if args.baseline:
        results[f"guard at {args.baseline}"] = baseline(args.baseline, args.messages)
    for name, guard in variants().items():
        results[name] = measure(guard, messages)
    results["load average (1, 5, 15 min) at end"] = list(os.getloadavg())
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results" / f"phi-models-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
