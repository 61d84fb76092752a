"""Where an offline turn's time goes: per-node wall time and the work inside the nodes.

Run:  .venv/bin/python bench/bench_turn_profile.py [--requests 80] [--rounds 3]

Runs whole offline turns (``BatonEngine.ask``, a new thread each, as a surface does)
over the labelled staff requests, and, interleaved with them in the same run, the
baseline: a route of the same request (``BatonEngine.route``: redact + embed + score).
For every turn it records

- each graph node's wall time (between the engine's status events, so a node's share of
  the framework and of the checkpoint writes is counted with it);
- the calls inside the nodes: the PHI guard, the encoder, the router, the document
  search, the composer, and the checkpointer's writes and reads.

Prints medians and p95 per node and per call, the turn's and the route's p50/p95 and
their ratio (the target: turn p95 at most 3x route p95). Results go to stdout and
bench/results/turn-profile-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import machine as machine_name  # noqa: E402
from bench_spine import percentile, requests  # noqa: E402  (the same requests and p95 as the spine bench)

from bot.serving import limit_blas_threads  # noqa: E402
from bot.settings import BatonSettings  # noqa: E402
from graph.engine import BatonEngine  # noqa: E402
from graph.state import TurnContext  # noqa: E402


def stats(samples: list[float]) -> dict[str, float]:
    return {
        "calls": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }


class Calls:
    """Wall time of selected methods, per call, while a turn runs."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.per_turn: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def wrap(self, owner: object, method: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, method)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = (time.perf_counter() - start) * 1000
                self.samples[label].append(elapsed)
                self.per_turn[label] += elapsed
                self.counts[label] += 1

        setattr(owner, method, timed)

    def start_turn(self) -> None:
        self.per_turn.clear()
        self.counts.clear()


def instrument(engine: BatonEngine) -> Calls:
    calls = Calls()
    services = engine.services
    calls.wrap(services.guard, "redact", "guard.redact")
    calls.wrap(services.embedder, "embed", "embedder.embed")
    calls.wrap(services.router, "route", "router.route")
    calls.wrap(services.index, "search_documents", "index.search_documents")
    calls.wrap(services.composer, "compose", "composer.compose")
    saver = engine.graph.checkpointer
    for method in ("put", "put_writes", "get_tuple"):
        calls.wrap(saver, method, f"checkpointer.{method}")
    return calls


def profiled_turn(engine: BatonEngine, text: str) -> tuple[float, dict[str, float]]:
    """One whole turn as ``BatonEngine.ask`` runs it, with each node's wall time."""
    nodes: dict[str, float] = {}
    thread = uuid.uuid4().hex
    config: Any = {"configurable": {"thread_id": thread}}
    start = time.perf_counter()
    last = start
    # The engine's own run loop (what ``BatonEngine.ask`` runs for a new thread), timed
    # at each node's status event.
    pending = engine.graph.get_state(config).interrupts
    assert not pending
    context = TurnContext(text=text, actor="bench", channel="cli")
    for event in engine._run({"channel": "cli"}, config, context):
        if event["event"] == "status":
            now = time.perf_counter()
            node = event["node"]
            nodes[node] = nodes.get(node, 0.0) + (now - last) * 1000
            last = now
    state_start = time.perf_counter()
    engine._result(thread, config, engine.graph.get_state(config).values)
    nodes["(result: read state)"] = (time.perf_counter() - state_start) * 1000
    return (time.perf_counter() - start) * 1000, nodes


def machine() -> str:
    return f"{machine_name()}, load {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = requests(args.requests)
    one_blas_thread = limit_blas_threads()  # as in every ``baton serve`` worker
    with tempfile.TemporaryDirectory() as tmp:
        engine = BatonEngine(BatonSettings(data_dir=Path(tmp)).engine_config())
        for text in items[:10]:  # warm-up
            engine.route(text)
            engine.ask(text)
        calls = instrument(engine)
        turn_ms: list[float] = []
        ask_ms: list[float] = []
        route_ms: list[float] = []
        node_ms: dict[str, list[float]] = defaultdict(list)
        per_turn_calls: dict[str, list[float]] = defaultdict(list)
        per_turn_counts: dict[str, list[int]] = defaultdict(list)
        for _ in range(args.rounds):
            for text in items:
                # Interleaved: the route baseline, the engine's own ask, the profiled turn.
                start = time.perf_counter()
                engine.route(text)
                route_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                engine.ask(text)
                ask_ms.append((time.perf_counter() - start) * 1000)
                calls.start_turn()
                total, nodes = profiled_turn(engine, text)
                turn_ms.append(total)
                for node, ms in nodes.items():
                    node_ms[node].append(ms)
                for label, ms in calls.per_turn.items():
                    per_turn_calls[label].append(ms)
                    per_turn_counts[label].append(calls.counts[label])
        engine.close()
    route = stats(route_ms)
    ask = stats(ask_ms)
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "blas_threads": "1 (as baton serve)" if one_blas_thread else "from the environment",
        "requests": len(items),
        "rounds": args.rounds,
        "route (baseline: redact + embed + score)": route,
        "turn (BatonEngine.ask)": ask,
        "turn p95 / route p95": round(ask["p95_ms"] / route["p95_ms"], 2),
        "profiled turn (stream by node)": stats(turn_ms),
        "nodes": {node: stats(ms) for node, ms in sorted(node_ms.items())},
        "calls per turn (ms, summed over a turn)": {
            label: {
                **stats(ms),
                "calls_per_turn": round(statistics.fmean(per_turn_counts[label]), 2),
            }
            for label, ms in sorted(per_turn_calls.items())
        },
    }
    print(json.dumps(results, indent=2))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"turn-profile-{results['date']}.json").write_text(
        json.dumps(results, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
