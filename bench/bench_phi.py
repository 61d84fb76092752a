"""Latency of the PHI guard on ~300-character messages, alone and as a share of a turn.

Run:  .venv/bin/python bench/bench_phi.py [--messages 500] [--turns 200]

Builds messages of 280-320 characters (cut on a word boundary) from the fictional
PHI in tests/data/phi_labelled.jsonl and from the PHI-free texts in
tests/data/phi_negatives.jsonl, deterministically (random.Random(7)). Measures, after
warm-up: `PhiGuard.redact` per message (p50/p95/mean, messages/s) on both sets,
`PhiGuard.redact_many` throughput on the PHI set, and a full offline turn
(`BatonEngine.ask`: guard, route, plan, checkpoint) with the guard timed separately in
the same loop. Model load time is reported, never timed into the latencies. Results
go to stdout and to bench/results/phi-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Shared with the routing benchmark (this folder is on sys.path when run as a script).
from bench_common import machine, percentile  # noqa: E402

from tools.phi.guard import PhiGuard  # noqa: E402

PHI_TEXTS = ROOT / "tests" / "data" / "phi_labelled.jsonl"
NEGATIVE_TEXTS = ROOT / "tests" / "data" / "phi_negatives.jsonl"
MIN_CHARS, MAX_CHARS = 280, 320
WARMUP = 20
TARGET_P95_MS = 20.0


def load_texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]


def build_messages(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """``n`` messages of MIN_CHARS..MAX_CHARS characters, texts joined as sentences."""
    rng = random.Random(seed)
    messages = []
    while len(messages) < n:
        message = ""
        while len(message) <= MAX_CHARS:
            piece = rng.choice(texts).strip()
            if not piece.endswith((".", "!", "?")):
                piece += "."
            message = f"{message} {piece}" if message else piece
        cut = message.rfind(" ", 0, MAX_CHARS + 1)
        message = message[:cut].rstrip(" ,;:")
        if MIN_CHARS <= len(message) <= MAX_CHARS:  # else no word boundary in range: redraw
            messages.append(message)
    return messages


def summary(samples_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(samples_ms), 2),
        "p95_ms": round(percentile(samples_ms, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples_ms), 2),
    }


def timed(fn: Callable[[str], object], items: list[str]) -> dict[str, float]:
    for text in items[:WARMUP]:
        fn(text)
    samples = []
    for text in items:
        start = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "messages": len(items),
        "mean_chars": round(statistics.fmean(len(t) for t in items), 1),
        **summary(samples),
        "messages_per_s": round(len(items) / (sum(samples) / 1000), 1),
    }


def batch_throughput(guard: PhiGuard, items: list[str]) -> dict[str, float]:
    guard.redact_many(items[:WARMUP])
    start = time.perf_counter()
    guard.redact_many(items)
    total = time.perf_counter() - start
    return {
        "messages": len(items),
        "wall_s": round(total, 2),
        "messages_per_s": round(len(items) / total, 1),
    }


def turn_share(items: list[str]) -> dict[str, Any]:
    # Imported here: bench_phi_models reuses this module's helpers with an older commit's
    # ``tools`` (``--baseline``), which this checkout's engine would not import against.
    from bot.settings import BatonSettings
    from graph.engine import BatonEngine

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        engine = BatonEngine(BatonSettings(data_dir=Path(tmp)).engine_config())
        load_s = time.perf_counter() - start
        try:
            for text in items[:WARMUP]:
                engine.ask(text)
                engine.guard.redact(text)
            turns, guards = [], []
            for text in items:
                start = time.perf_counter()
                engine.ask(text)  # fresh thread per ask (thread_id=None)
                turns.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                engine.guard.redact(text)
                guards.append((time.perf_counter() - start) * 1000)
        finally:
            engine.close()
    return {
        "turns": len(items),
        "engine_load_s": round(load_s, 2),
        "turn (engine.ask)": summary(turns),
        "guard (engine.guard.redact, same loop)": summary(guards),
        "guard_share_of_turn_pct": round(
            100 * statistics.median(guards) / statistics.median(turns), 1
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--turns", type=int, default=200)
    args = parser.parse_args()
    phi = build_messages(load_texts(PHI_TEXTS), args.messages)
    clean = build_messages(load_texts(NEGATIVE_TEXTS), args.messages)

    start = time.perf_counter()
    guard = PhiGuard()
    load_s = time.perf_counter() - start
    phi_single = timed(guard.redact, phi)
    clean_single = timed(guard.redact, clean)
    batch = batch_throughput(guard, phi)

    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "load_s": round(load_s, 2),
        "redact, 300-char PHI messages": phi_single,
        "redact, 300-char PHI-free messages": clean_single,
        "redact_many, 300-char PHI messages": batch,
        "full turn share": turn_share(phi[: args.turns]),
        "target": "p95 < 20 ms for a 300-character message",
        "meets_target": phi_single["p95_ms"] < TARGET_P95_MS,
    }
    print(json.dumps(results, indent=2))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"phi-{results['date']}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
