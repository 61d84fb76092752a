"""The guard's analyzer (tools/phi/analyzer.py) against Presidio's own, paired per message.

Run:  .venv/bin/python bench/bench_phi_analyzer.py [--messages 300] [--rounds 3]

Two guards in one process, identical but for the analyzer: one with Presidio's
``AnalyzerEngine`` and context enhancer, one with the guard's. Each 300-character
message (built as in bench_phi.py) goes through both, in alternating order, so load on a
shared machine hits both alike; the redacted texts must be equal. Prints p50/p95 of
each and the median per-message saving, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_phi import build_messages, load_texts, summary  # noqa: E402
from presidio_analyzer import AnalyzerEngine  # noqa: E402

from tools.phi.guard import PhiGuard  # noqa: E402

WARMUP = 20


def presidio_guard() -> PhiGuard:
    guard = PhiGuard()
    ours = guard._analyzer
    # The baseline: Presidio's own engine where the guard's subclass sits.
    guard._analyzer = AnalyzerEngine(  # type: ignore[assignment]
        registry=ours.registry,
        nlp_engine=ours.nlp_engine,
        supported_languages=["en"],
        default_score_threshold=guard.score_threshold,
    )
    return guard


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    guards = {"presidio analyzer": presidio_guard(), "guard analyzer": PhiGuard()}
    messages = build_messages(
        load_texts(ROOT / "tests" / "data" / "phi_labelled.jsonl"), args.messages
    )
    for text in messages[:WARMUP]:
        for guard in guards.values():
            guard.redact(text)
    samples: dict[str, list[float]] = {name: [] for name in guards}
    savings = []
    load_start = os.getloadavg()
    for round_ in range(args.rounds):
        for index, text in enumerate(messages):
            names = list(guards) if (index + round_) % 2 else list(reversed(guards))
            taken, texts = {}, set()
            for name in names:
                start = time.perf_counter()
                texts.add(guards[name].redact(text).text)
                taken[name] = (time.perf_counter() - start) * 1000
                samples[name].append(taken[name])
            if len(texts) != 1:
                raise SystemExit(f"message {index}: the two analyzers redact differently")
            savings.append(taken["presidio analyzer"] - taken["guard analyzer"])
    report: dict[str, Any] = {name: summary(values) for name, values in samples.items()}
    report["median saving per message, ms"] = round(statistics.median(savings), 2)
    report["load average (1, 5, 15 min) at start, end"] = [load_start, os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
