"""What one look of a conversation's live stream costs (``GET /threads/{id}/events``).

Every open chat tab looks every ``BATON_ANSWER_POLL_S`` seconds. Measured on an offline
engine with a conversation of ``--turns`` answers, interleaved in one run:

- before: the stream's former look, the latest answer and the decision pause
  (``thread_result`` + ``waiting_decision``: two full checkpoint reads);
- after: the current look, the decision pause with its resume check and the two heads
  (``resume_if_answered`` + ``answers_head``), when nothing is new;
- listing: every answer of the conversation (``answers``), read only when a head moved.

    python bench/bench_thread_poll.py --turns 20 --rounds 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph.engine import BatonEngine, EngineConfig

REQUESTS = (
    "prior auth for an MRI has been pending with the payer for nine days",
    "a claim for a knee replacement was denied for missing documentation",
    "we need to plan staffing for the flu season in the clinic",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baton"
    with tempfile.TemporaryDirectory() as data:
        engine = BatonEngine(EngineConfig(data_dir=Path(data), cache_dir=cache))
        thread = "s1-bench"
        for i in range(args.turns):
            engine.ask(REQUESTS[i % len(REQUESTS)], thread, actor="bench")
        looks: dict[str, Callable[[], object]] = {
            "before": lambda: (engine.thread_result(thread), engine.waiting_decision(thread)),
            "after": lambda: (engine.resume_if_answered(thread), engine.answers_head(thread)),
            "listing": lambda: engine.answers(thread),
        }
        times: dict[str, list[float]] = {name: [] for name in looks}
        for _ in range(args.rounds):
            for name, look in looks.items():
                start = time.perf_counter()
                look()
                times[name].append(time.perf_counter() - start)
        print(f"conversation of {len(engine.answers(thread))} answers, {args.rounds} rounds")
        for name, values in times.items():
            print(f"{name:<8} median {statistics.median(values) * 1000:7.2f} ms")
        print("load:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
        engine.close()


if __name__ == "__main__":
    main()
