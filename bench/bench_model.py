"""What the chat-model path adds to Baton's own work, against a fake model that answers
at once.

Run:  .venv/bin/python bench/bench_model.py [--requests 200]

The fake OpenAI-compatible server on 127.0.0.1 (tests/fakes/openai_api.py) answers with
no think time, so the figures are Baton's overhead on the model path (prompt building,
the real ``openai``/``langchain-openai`` clients, HTTP on loopback, parsing and checking
the answer, streaming), not a model's latency: add your model's own time to them. Both
modes run in the same process on the same requests (cycled from the labelled set):
routing alone, and a full turn (guard, route, plan, checkpoint). Results go to stdout and
bench/results/model-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_spine import machine, requests, timed  # noqa: E402
from fakes.openai_api import FakeOpenAI, candidate_oracle  # noqa: E402

from graph.engine import BatonEngine, EngineConfig  # noqa: E402
from graph.model.config import ModelConfig  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    items = requests(args.requests)
    with FakeOpenAI(candidate_oracle) as fake, tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        offline = BatonEngine(EngineConfig(data_dir=data_dir))
        model = ModelConfig(api_key="bench", base_url=fake.url, timeout_s=10.0)
        # Same data directory: the profiles embedded for the offline engine are reused.
        with_model = BatonEngine(EngineConfig(data_dir=data_dir, model=model), guard=offline.guard)
        redacted = [offline.guard.redact(t).text for t in items]
        assert with_model.model_router is not None

        def turn(engine: BatonEngine):
            return lambda text: engine.ask(text, thread_id=uuid.uuid4().hex)

        results = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "requests": len(items),
            "model server": "fake, answers at once (127.0.0.1)",
            "route, offline (on redacted text)": timed(offline.router.route, redacted),
            "route, chat model (on redacted text)": timed(with_model.model_router.route, redacted),
            "turn, offline": timed(turn(offline), items),
            "turn, chat model": timed(turn(with_model), items),
        }
        for role in ("router", "specialist"):
            usage = with_model.usage.totals(role)
            results[f"{role} model requests"] = {
                "calls": usage.calls,
                "mean_tokens_in": round(usage.tokens_in / max(usage.calls, 1)),
                "mean_tokens_out": round(usage.tokens_out / max(usage.calls, 1)),
                "fallbacks": usage.fallbacks,
            }
        with_model.close()
        offline.close()
    print(json.dumps(results, indent=2))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"model-{results['date']}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
