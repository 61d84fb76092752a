"""The sentence encoder: onnxruntime (Baton's default) against the numpy reference.

Run:  .venv/bin/python bench/bench_encoder.py [--texts 400] [--rounds 2] [--threads 1|default]

Each encoder runs in a process of its own (so resident memory is its own), the two
alternating for ``--rounds`` rounds so both see the same load on a shared machine. A
process embeds the labelled staff requests one at a time (as the router does: per-text
latency p50/p95 and CPU per text) and then all together (``embed`` in batches of 32, as
the index and the corrections do: CPU per text). ``--threads 1`` (the default) is how
``baton serve`` runs each worker: one BLAS thread, one intra-op thread
(``bot.serving.limit_blas_threads``). Install size is what each encoder needs on disk
beyond what both share (tokenizers, the weights package). Last, the router routes the
labelled set once with each encoder's vectors (profiles and requests), and the bench
counts the requests whose primary, workflow or decision flag differ and the largest
difference in confidence. Results go to stdout and to bench/results/encoder-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELLED = ROOT / "tests" / "data" / "routing_labelled.jsonl"
ENCODERS = ("reference", "onnx")


def texts(n: int) -> list[str]:
    rows = [json.loads(line)["text"] for line in LABELLED.read_text().splitlines() if line]
    return [rows[i % len(rows)] for i in range(n)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its peak, from /proc (Linux)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found["VmRSS"], "peak_rss_mb": found["VmHWM"]}


def run_child(encoder: str, n: int, threads: str) -> dict[str, object]:
    """One encoder, measured in this process (called with --child)."""
    if threads == "1":
        from bot.serving import limit_blas_threads

        assert limit_blas_threads(), "unset OPENBLAS/OMP/MKL_NUM_THREADS for this bench"
    items = texts(n)
    start = time.perf_counter()
    if encoder == "onnx":
        from knowledge.onnx_embedder import OnnxMiniLMEmbedder

        embedder = OnnxMiniLMEmbedder()
    else:
        from knowledge.reference_embedder import ReferenceMiniLMEmbedder

        embedder = ReferenceMiniLMEmbedder()  # type: ignore[assignment]
    load_s = time.perf_counter() - start
    after_load = memory_mb()
    for text in items[:20]:  # warm-up
        embedder.embed_one(text)
    samples = []
    cpu_start = time.process_time()
    for text in items:
        start = time.perf_counter()
        embedder.embed_one(text)
        samples.append((time.perf_counter() - start) * 1000)
    one_cpu_ms = (time.process_time() - cpu_start) * 1000 / len(items)
    cpu_start, start = time.process_time(), time.perf_counter()
    embedder.embed(items)
    batch_cpu_ms = (time.process_time() - cpu_start) * 1000 / len(items)
    batch_wall_ms = (time.perf_counter() - start) * 1000 / len(items)
    return {
        "load_s": round(load_s, 2),
        "one_at_a_time": {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 0.95), 2),
            "cpu_ms_per_text": round(one_cpu_ms, 2),
        },
        "batched_32": {
            "wall_ms_per_text": round(batch_wall_ms, 2),
            "cpu_ms_per_text": round(batch_cpu_ms, 2),
        },
        "memory_after_load": after_load,
        "memory_at_end": memory_mb(),
    }


def size_mb(*paths: Path) -> float:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        else:
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(total / 1e6, 1)


def install_sizes() -> dict[str, object]:
    import numpy
    import onnxruntime
    import safetensors
    import tokenizers

    from knowledge.embedder import default_model_dir
    from knowledge.onnx_embedder import default_onnx_path

    def package(module: object) -> Path:
        return Path(str(module.__file__)).parent

    numpy_dir = package(numpy)
    return {
        "shared (tokenizers, weights package)": size_mb(
            package(tokenizers), default_model_dir().parent
        ),
        "reference: numpy + safetensors": size_mb(
            numpy_dir, numpy_dir.parent / "numpy.libs", package(safetensors)
        ),
        "onnx: onnxruntime (already a chromadb dependency)": size_mb(package(onnxruntime)),
        "onnx: the built graph": size_mb(default_onnx_path()),
    }


def routing_agreement() -> dict[str, object]:
    """Route the labelled set with each encoder's vectors and compare the assignments."""
    import numpy as np

    from graph.evaluation import load_labelled
    from graph.router import Router
    from knowledge.catalog import default_catalog
    from knowledge.index import ProfileVectors, _profile_passages
    from knowledge.onnx_embedder import OnnxMiniLMEmbedder
    from knowledge.reference_embedder import ReferenceMiniLMEmbedder

    catalog = default_catalog()
    passages = _profile_passages(catalog)
    items = load_labelled(LABELLED)
    routed = {}
    vectors = {}
    for name, embedder in (
        ("reference", ReferenceMiniLMEmbedder()),
        ("onnx", OnnxMiniLMEmbedder()),
    ):
        matrix = embedder.embed([text for _, _, text in passages])
        profiles = ProfileVectors(
            matrix=matrix,
            agents=tuple(slug for slug, _, _ in passages),
            kinds=tuple(kind for _, kind, _ in passages),
        )
        router = Router(catalog, embedder, profiles)
        routed[name] = [router.route(item.text) for item in items]
        vectors[name] = (matrix, embedder.embed([item.text for item in items]))
    pairs = list(zip(routed["reference"], routed["onnx"], strict=True))
    return {
        "requests": len(items),
        "profile passages": len(passages),
        "max_abs_vector_difference": float(
            max(
                np.abs(a - b).max()
                for a, b in zip(vectors["reference"], vectors["onnx"], strict=True)
            )
        ),
        "different_primary": sum(a.primary_agent != b.primary_agent for a, b in pairs),
        "different_workflow": sum(a.workflow != b.workflow for a, b in pairs),
        "different_decision_flag": sum(
            a.needs_human_decision != b.needs_human_decision for a, b in pairs
        ),
        "max_confidence_difference": round(
            max(abs(a.confidence - b.confidence) for a, b in pairs), 4
        ),
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def ratio(rows: dict[str, list[dict]], *keys: str) -> float:
    def median_of(encoder: str) -> float:
        values = []
        for row in rows[encoder]:
            value: object = row
            for key in keys:
                value = value[key]  # type: ignore[index]
            values.append(float(value))  # type: ignore[arg-type]
        return statistics.median(values)

    return round(median_of("onnx") / median_of("reference"), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", choices=["1", "default"], default="1")
    parser.add_argument("--child", choices=ENCODERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.texts, args.threads)))
        return
    load_before = [round(x, 2) for x in os.getloadavg()]
    rows: dict[str, list[dict]] = {name: [] for name in ENCODERS}
    for _ in range(args.rounds):
        for encoder in ENCODERS:
            command = [sys.executable, __file__, "--child", encoder]
            command += ["--texts", str(args.texts), "--threads", args.threads]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            rows[encoder].append(json.loads(done.stdout))
    results = {
        "date": date.today().isoformat(),
        "machine": machine(),
        # A shared machine: 1, 5 and 15-minute load averages, before and after.
        "load_average": {"start": load_before, "end": [round(x, 2) for x in os.getloadavg()]},
        "texts": args.texts,
        "threads": args.threads,
        "rounds": rows,
        "onnx / reference (medians of rounds)": {
            "p50": ratio(rows, "one_at_a_time", "p50_ms"),
            "cpu per text, one at a time": ratio(rows, "one_at_a_time", "cpu_ms_per_text"),
            "cpu per text, batched": ratio(rows, "batched_32", "cpu_ms_per_text"),
            "rss after load": ratio(rows, "memory_after_load", "rss_mb"),
        },
        "install_mb": install_sizes(),
        "routing_agreement (labelled set, raw text)": routing_agreement(),
    }
    print(json.dumps(results, indent=2))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"encoder-{results['date']}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
