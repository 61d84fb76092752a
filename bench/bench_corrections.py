"""What accepted routing corrections cost a route: the store's version read per request,
and scoring against many corrections.

Run:  .venv/bin/python bench/bench_corrections.py [--requests 200] [--corrections 200]

Routes the labelled requests (redacted and embedded beforehand, so only routing is timed)
three ways in one run: no correction source (the baseline), the store's corrections with
none accepted (one version read per route), and with ``--corrections`` accepted ones
(labelled texts reused as examples: this measures time, not accuracy). Prints medians and
p95 after warm-up, with the machine, and writes bench/results/corrections-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.corrections import StoredCorrections  # noqa: E402
from graph.engine import BatonEngine, EngineConfig  # noqa: E402
from tools.access import Actor  # noqa: E402
from tools.context import ToolContext  # noqa: E402
from tools.feedback.service import import_corrections  # noqa: E402
from tools.free_text import PhiTextGuard  # noqa: E402
from tools.store.database import Database  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "routing_labelled.jsonl"


def timed(route, items: list[tuple[str, object]]) -> dict[str, float]:
    for text, query in items[:20]:  # warm-up
        route(text, query)
    samples = []
    for text, query in items:
        start = time.perf_counter()
        route(text, query)
        samples.append((time.perf_counter() - start) * 1000)
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--corrections", type=int, default=200)
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baton"
    with tempfile.TemporaryDirectory() as tmp:
        engine = BatonEngine(EngineConfig(data_dir=Path(tmp), cache_dir=cache))
        records = ToolContext(
            Database(f"sqlite:///{tmp}/baton.db"), guard=PhiTextGuard(engine.guard)
        )
        records.prepare()
        texts = [rows[i % len(rows)]["text"] for i in range(args.requests)]
        redacted = [engine.redact(t).text for t in texts]
        items = [(t, engine.router.embed(t)) for t in redacted]
        baseline = timed(engine.router.route, items)
        stored = StoredCorrections(records, engine.index, engine.catalog.agents)
        with_store = engine.router.with_corrections(stored)
        none_accepted = timed(with_store.route, items)
        lines = [
            json.dumps(
                {
                    "text": rows[i % len(rows)]["text"],
                    "primary_agent": rows[i % len(rows)]["primary_agent"],
                }
            )
            for i in range(args.corrections)
        ]
        import_corrections(records, Actor.system("bench"), lines, engine.catalog.agents)
        stored.current()  # embeds them once, as the first route after an import would
        many = timed(with_store.route, items)
        engine.close()
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}",
        "requests": args.requests,
        "route_without_corrections": baseline,
        "route_with_store_none_accepted": none_accepted,
        f"route_with_{args.corrections}_accepted": many,
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results" / f"corrections-{result['date']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
