"""Latency of the spine's offline path: redact, embed, route, and `baton route --jsonl`.

Run:  .venv/bin/python bench/bench_spine.py [--requests 1000]

Prints medians and p95 per stage (after warm-up), with the stages that make up a
route measured in the same run as baselines, and requests/s of the JSON-lines
command end to end (start-up included and excluded). Results go to stdout and
to bench/results/spine-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import machine, percentile  # noqa: E402  (re-exported for other benches)

from bot.settings import BatonSettings  # noqa: E402
from graph.engine import BatonEngine  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "routing_labelled.jsonl"


def requests(n: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in LABELLED.read_text().splitlines() if line.strip()]
    return [texts[i % len(texts)] for i in range(n)]


def timed(fn, items: list[str]) -> dict[str, float]:
    for text in items[:20]:  # warm-up
        fn(text)
    samples = []
    for text in items:
        start = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }


def jsonl_throughput(items: list[str], data_dir: Path) -> dict[str, float]:
    payload = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(items))
    env = {**os.environ, "BATON_DATA_DIR": str(data_dir)}
    baton = str(ROOT / ".venv" / "bin" / "baton")
    start = time.perf_counter()
    subprocess.run([baton, "route", "--jsonl"], input=b"", env=env, check=True, capture_output=True)
    startup = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run(
        [baton, "route", "--jsonl"],
        input=payload.encode(),
        env=env,
        check=True,
        capture_output=True,
    )
    total = time.perf_counter() - start
    answered = len(done.stdout.splitlines())
    return {
        "requests": answered,
        "wall_s": round(total, 2),
        "startup_s": round(startup, 2),
        "requests_per_s": round(answered / total, 1),
        "requests_per_s_after_startup": round(answered / max(total - startup, 1e-9), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    items = requests(args.requests)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = BatonSettings(data_dir=data_dir)
        engine = BatonEngine(settings.engine_config())
        redacted = [engine.guard.redact(t).text for t in items]
        results = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "requests": len(items),
            "redact (PHI guard)": timed(engine.guard.redact, items),
            "embed (baseline: encoder only)": timed(engine.embedder.embed_one, redacted),
            "route after redaction (embed + score)": timed(engine.router.route, redacted),
            "route (redact + embed + score)": timed(engine.route, items),
            "jsonl": jsonl_throughput(items, data_dir),
        }
        engine.close()
    print(json.dumps(results, indent=2))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"spine-{results['date']}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
