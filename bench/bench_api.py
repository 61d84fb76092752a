"""The HTTP API under load: ``POST /api/v1/route`` and a chat turn at 16 concurrent clients.

Run:  .venv/bin/python bench/bench_api.py [--seconds 20] [--clients 16]
      [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--open-loop]
      [--only baseline|sqlite|postgresql ...]

Scenarios, each against a real ``baton serve`` started here on 127.0.0.1 (loopback only)
with a demo practice (``baton demo-data``) and a coordinator's API token:

- embedded defaults: SQLite store and checkpoints, local Chroma, offline router, 1 worker;
- PostgreSQL store and checkpoints with 2 worker processes (local Chroma directory,
  synced once before the workers start, then only read).

The baseline is the engine called directly, without HTTP, measured in the same run: one
caller (latency), 16 threads in this process (the shape of one worker), and 16 clients
split over as many processes as the served case has workers, each with its own engine
(the shape of ``baton serve --workers 2``). With ``--open-loop`` each served case is also
run at a fixed arrival rate (``--route-rate``, ``--turn-rate``: the targets' 60 and 15
per second by default), for the latency at that load rather than at saturation. The load generator
(``bench/http_load.py``) is a separate lightweight process on the same 2-core machine.
Each row reports CPU seconds per request: the server's processes (each worker, read from
``/proc`` over the measured window), the load generator's, and for the baseline the
benchmark process's; and the implied ceiling, cores / CPU per request, which no amount of
concurrency can pass. Every request loop is bounded by time and count and stops by itself.
Results: stdout and bench/results/api-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LABELLED = ROOT / "tests" / "data" / "routing_labelled.jsonl"
# This checkout's code, whichever virtual environment runs the benchmark.
BATON = [sys.executable, "-m", "bot.cli"]
CORES = os.cpu_count() or 1
MAX_REQUESTS = 20_000  # per scenario, whatever the duration


def texts() -> list[str]:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    return [row["text"] for row in rows]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(
    samples: list[float], elapsed: float, errors: int = 0, cpu_s: float | None = None
) -> dict[str, float]:
    figures: dict[str, float] = {
        "requests": len(samples),
        "errors": errors,
        "requests_per_s": round(len(samples) / elapsed, 1),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
    }
    if cpu_s is not None and samples:
        per_request = cpu_s / len(samples)
        figures["cpu_ms_per_request"] = round(per_request * 1000, 1)
        figures["ceiling_requests_per_s"] = round(CORES / per_request, 1)
    return figures


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


# -- baseline: the engine without HTTP -----------------------------------------------------


def baseline(data_dir: Path, items: list[str], seconds: float, clients: int) -> dict[str, Any]:
    from bot.serving import limit_blas_threads
    from graph.engine import BatonEngine, EngineConfig

    limit_blas_threads()  # as in every ``baton serve`` worker, so the rows compare
    results: dict[str, Any] = {}
    with BatonEngine(EngineConfig(data_dir=data_dir)) as engine:
        operations = {
            "route": lambda text: engine.route(text),
            "turn": lambda text: engine.ask(text, actor="staff:1", channel="api"),
        }
        for name, run in operations.items():
            for text in items[:10]:  # warm-up
                run(text)
            latencies = []
            cpu_before = time.process_time()
            started = time.perf_counter()
            for i in range(200):
                if time.perf_counter() - started > seconds:
                    break
                t0 = time.perf_counter()
                run(items[i % len(items)])
                latencies.append((time.perf_counter() - t0) * 1000)
            elapsed = time.perf_counter() - started
            one = summary(latencies, elapsed, cpu_s=time.process_time() - cpu_before)
            results[f"{name}_1_caller"] = one
            results[f"{name}_{clients}_threads"] = threaded(run, items, seconds, clients)
    return results


def baseline_processes(
    data_dir: Path, items: list[str], seconds: float, clients: int, processes: int
) -> dict[str, Any]:
    """``clients`` callers split over ``processes`` processes, each with its own engine
    (its own data directory, the profile vectors' cache shared): the concurrency of
    ``baton serve --workers N`` without HTTP. Every process starts measuring together."""
    from graph.engine import BatonEngine, EngineConfig

    cache = data_dir / "cache"
    BatonEngine(EngineConfig(data_dir=data_dir / "p0", cache_dir=cache)).close()  # embeds once
    context = multiprocessing.get_context("spawn")
    per_process = clients // processes
    results: dict[str, Any] = {}
    for kind in ("route", "turn"):
        barrier = context.Barrier(processes)
        done: Any = context.Queue()
        workers = [
            context.Process(
                target=_baseline_process,
                args=(data_dir / f"p{p}", cache, items, seconds, kind, p * per_process),
                kwargs={
                    "callers": per_process,
                    "stride": clients,
                    "barrier": barrier,
                    "done": done,
                },
            )
            for p in range(processes)
        ]
        for worker in workers:
            worker.start()
        runs = [done.get(timeout=seconds + 900) for _ in workers]
        for worker in workers:
            worker.join()
        latencies = [ms for run in runs for ms in run["latencies_ms"]]
        elapsed = max(run["elapsed_s"] for run in runs)
        figures = summary(latencies, elapsed, cpu_s=sum(run["cpu_s"] for run in runs))
        results[f"{kind}_{clients}_clients_{processes}_processes"] = figures
    return results


def _baseline_process(
    data_dir: Path,
    cache: Path,
    items: list[str],
    seconds: float,
    kind: str,
    first: int,
    *,
    callers: int,
    stride: int,
    barrier: Any,
    done: Any,
) -> None:
    """One baseline process: its engine, warmed up, then ``callers`` threads (requests
    ``first``, ``first + 1`` … of every ``stride``) once all processes are ready."""
    from bot.serving import limit_blas_threads
    from graph.engine import BatonEngine, EngineConfig

    limit_blas_threads()
    with BatonEngine(EngineConfig(data_dir=data_dir, cache_dir=cache)) as engine:
        engine.warm_up()
        if kind == "route":
            run: Any = engine.route
        else:
            run = lambda text: engine.ask(text, actor="staff:1", channel="api")  # noqa: E731
        for text in items[first : first + 10]:
            run(text)
        barrier.wait()
        latencies: list[float] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + seconds

        def caller(start: int) -> None:
            i = start
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                t0 = time.perf_counter()
                run(items[i % len(items)])
                with lock:
                    latencies.append((time.perf_counter() - t0) * 1000)
                i += stride

        cpu_before = time.process_time()
        started = time.perf_counter()
        with ThreadPoolExecutor(callers) as pool:
            list(pool.map(caller, range(first, first + callers)))
        done.put(
            {
                "latencies_ms": latencies,
                "elapsed_s": time.perf_counter() - started,
                "cpu_s": time.process_time() - cpu_before,
            }
        )


def threaded(run: Any, items: list[str], seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
            t0 = time.perf_counter()
            run(items[i % len(items)])
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)
            i += clients

    cpu_before = time.process_time()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    elapsed = time.perf_counter() - started
    return summary(latencies, elapsed, cpu_s=time.process_time() - cpu_before)


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def baton(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*BATON, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=600
    )
    return done.stdout.strip()


def prepare(env: dict[str, str]) -> str:
    """A demo practice, the index synced once, and a coordinator's token (staff 1)."""
    baton(env, "demo-data", "--patients", "200", "--months", "1")
    baton(env, "route", "warm the index once before several workers read it")
    return baton(env, "staff", "token", "issue", "1", "--label", "bench").splitlines()[-1]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    log = open(Path(env["BATON_DATA_DIR"]) / "serve.log", "wb")  # noqa: SIM115 - kept open
    process = subprocess.Popen(
        [*BATON, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                # With several workers, give each a moment to finish loading its models.
                time.sleep(5 * (workers - 1))
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError("baton serve exited while starting")
        time.sleep(1)
    process.terminate()
    raise RuntimeError("baton serve did not become ready in 15 minutes")


def server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    """The server's process and its worker processes (Linux ``/proc``)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [server.pid, *(int(pid) for pid in children)]


def load(
    url: str,
    token: str,
    kind: str,
    server: subprocess.Popen[bytes],
    args: argparse.Namespace,
    rate: float = 0,
) -> dict[str, Any]:
    """One load run by ``bench/http_load.py`` in its own process (``rate``: open loop)."""
    pids = server_pids(server)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "http_load.py"),
            url,
            token,
            kind,
            "--clients",
            str(args.clients),
            "--seconds",
            str(args.seconds),
            "--server-pids",
            ",".join(map(str, pids)),
            "--rate",
            str(rate),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=args.seconds + 600,
    )
    run = json.loads(done.stdout)
    served = sum(run["server_cpu_s"].values())
    figures: dict[str, Any] = summary(
        run["latencies_ms"],
        run["elapsed_s"],
        run["errors"],
        cpu_s=served + run["load_generator_cpu_s"],
    )
    if rate:
        figures["offered_rate_per_s"] = rate
    count = max(1, len(run["latencies_ms"]))
    figures["server_cpu_ms_per_request_by_process"] = {
        pid: round(seconds / count * 1000, 1) for pid, seconds in run["server_cpu_s"].items()
    }
    figures["load_generator_cpu_ms_per_request"] = round(
        run["load_generator_cpu_s"] / count * 1000, 2
    )
    return figures


def scenario(
    name: str, env: dict[str, str], workers: int, items: list[str], args: argparse.Namespace
) -> dict[str, Any]:
    token = prepare(env)
    port = free_port()
    server = start_server(env, port, workers)
    try:
        url = f"http://127.0.0.1:{port}"
        figures = {kind: load(url, token, kind, server, args) for kind in ("route", "turn")}
        if args.open_loop:
            for kind, rate in (("route", args.route_rate), ("turn", args.turn_rate)):
                figures[f"{kind}_open_loop"] = load(url, token, kind, server, args, rate)
    finally:
        server.terminate()  # SIGTERM: uvicorn's graceful shutdown
        server.wait(timeout=60)
    print(f"{name}: {json.dumps(figures)}", file=sys.stderr)
    return {"workers": workers, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--out", type=Path, help="results file (default bench/results/api-DATE.json)"
    )
    parser.add_argument("--processes", type=int, default=2, help="baseline processes (workers)")
    parser.add_argument("--open-loop", action="store_true", help="also run at fixed rates")
    parser.add_argument("--route-rate", type=float, default=60)
    parser.add_argument("--turn-rate", type=float, default=15)
    parser.add_argument(
        "--only",
        choices=["baseline", "sqlite", "postgresql"],
        action="append",
        help="run only these parts (repeatable); default all",
    )
    args = parser.parse_args()
    wanted = set(args.only or ["baseline", "sqlite", "postgresql"])
    items = texts()
    results: dict[str, Any] = {"date": date.today().isoformat(), "machine": machine()}
    results["load_average_at_start"] = os.getloadavg()
    results["uptime_at_start"] = subprocess.run(
        ["uptime"], capture_output=True, text=True, check=False
    ).stdout.strip()
    results["clients"] = args.clients
    results["seconds"] = args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        clean = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
        if "baseline" in wanted:
            results["baseline_engine_without_http"] = {
                **baseline(base / "baseline", items, args.seconds, args.clients),
                **baseline_processes(
                    base / "baseline-processes", items, args.seconds, args.clients, args.processes
                ),
            }
            print(
                f"baseline: {json.dumps(results['baseline_engine_without_http'])}", file=sys.stderr
            )
        if "sqlite" in wanted:
            sqlite_env = {**clean, "BATON_DATA_DIR": str(base / "sqlite")}
            (base / "sqlite").mkdir()
            results["sqlite_1_worker"] = scenario("sqlite", sqlite_env, 1, items, args)
        if "postgresql" in wanted:
            postgresql(results, base, clean, items, args)
    results["load_average_at_end"] = os.getloadavg()
    results["uptime_at_end"] = subprocess.run(
        ["uptime"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(json.dumps(results, indent=2))
    out = args.out or ROOT / "bench" / "results" / f"api-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


def postgresql(
    results: dict[str, Any],
    base: Path,
    clean: dict[str, str],
    items: list[str],
    args: argparse.Namespace,
) -> None:
    name = f"baton_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
        (base / "postgres").mkdir()
        pg_env = {
            **clean,
            "BATON_DATA_DIR": str(base / "postgres"),
            "BATON_DATABASE_URL": url,
            "BATON_CHECKPOINT_URL": url,
        }
        results["postgresql_2_workers"] = scenario("postgresql", pg_env, 2, items, args)
    finally:
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
