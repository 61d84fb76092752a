"""The system of record at practice scale: billing month, task generation, panel, log_task.

Run:  .venv/bin/python bench/bench_records.py [--patients 10000] [--entries 200000]
      [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
      [--billing-only] [--serving-heap] [--runs 3] [--db-prefix baton_bench]

Loads a fictional practice (10,000 patients, 200,000 time entries over two months) into a
fresh SQLite file and a fresh PostgreSQL database, then times on each: the monthly
billing run, the monthly task generation, the panel of one coordinator and of the whole
practice (admin), and log_task (p50/p95 over 200 calls). The floor for the billing run
is one plain SQL aggregate over the same rows (minutes per patient for the month),
measured in the same run, interleaved with the billing run (plain, billing, plain, ...);
the billing run's own SQL (its month query alone) is timed the same way, so the rest is
the rules in Python. Medians of 3 runs (``--runs``). ``--billing-only`` skips the other
measurements; ``--serving-heap`` also times the billing run in a process holding the PHI
guard's models, as a server does, with and without its start-up heap frozen. Results go
to stdout and bench/results/records-<date>.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import bindparam, func, select, text  # noqa: E402

from bot.serving import settle_start_up_heap  # noqa: E402
from demo.practice import load_demo  # noqa: E402
from tools.access import Actor, Role  # noqa: E402
from tools.billing.month import BillingMonth  # noqa: E402
from tools.billing.service import billing_month, month_patient_rows  # noqa: E402
from tools.clock import FixedClock  # noqa: E402
from tools.context import ToolContext  # noqa: E402
from tools.free_text import PhiTextGuard  # noqa: E402
from tools.panel import patient_panel  # noqa: E402
from tools.phi.guard import PhiGuard  # noqa: E402
from tools.schedules.service import generate_month  # noqa: E402
from tools.store.database import Database  # noqa: E402
from tools.store.models import Staff, TaskLogEntry  # noqa: E402
from tools.tasks.service import log_task  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MONTH = BillingMonth(2026, 10)


def timed(fn, runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def interleaved(fns: dict[str, object], runs: int) -> dict[str, float]:
    """Median seconds of each function, the functions taking turns run after run."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def billing_in_a_server(billing, runs: int) -> dict[str, float]:
    """The billing run in a process that holds what ``baton serve`` loads (the PHI
    guard's pipelines: a few hundred thousand objects), with and without the start-up
    heap frozen as ``baton serve`` does (``bot.serving.settle_start_up_heap``), taking
    turns run after run."""
    models = PhiGuard()  # noqa: F841 - kept alive: the heap a server carries
    samples: dict[str, list[float]] = {"walked": [], "frozen": []}
    for _ in range(runs):
        start = time.perf_counter()
        billing()
        samples["walked"].append(time.perf_counter() - start)
        settle_start_up_heap()
        start = time.perf_counter()
        billing()
        samples["frozen"].append(time.perf_counter() - start)
        gc.unfreeze()
    return {
        "billing_month_s_models_loaded": round(statistics.median(samples["walked"]), 3),
        "billing_month_s_models_loaded_heap_frozen": round(statistics.median(samples["frozen"]), 3),
    }


def measure(
    url: str, patients: int, entries: int, runs: int, billing_only: bool, serving_heap: bool
) -> dict:
    # log_task stores notes: its latency includes the PHI guard, as in production.
    guard = PhiTextGuard(load=PhiGuard)
    ctx = ToolContext(Database(url), FixedClock(NOW), guard=guard)
    ctx.prepare()
    start = time.perf_counter()
    # Without task sets (generating them is measured below) and with the logging rule's
    # own 480-minute day, so the practice is as full as the bench asks.
    demo = load_demo(
        ctx,
        patients=patients,
        months=2,
        entries_per_patient_month=entries // (2 * patients),
        day_cap_minutes=480,
        task_sets=False,
    )
    load_s = time.perf_counter() - start
    admin = Actor.system("bench")

    def plain_aggregate() -> None:
        with ctx.db.reading() as session:
            session.execute(
                select(TaskLogEntry.patient_id, func.sum(TaskLogEntry.minutes))
                .where(
                    TaskLogEntry.task_date >= MONTH.first_day,
                    TaskLogEntry.task_date <= MONTH.last_day,
                )
                .group_by(TaskLogEntry.patient_id)
            ).all()

    def billing_query() -> None:
        with ctx.db.reading() as session:
            month_patient_rows(session, admin, MONTH)

    timings = interleaved(
        {
            "plain": plain_aggregate,
            "billing": lambda: billing_month(ctx, admin, MONTH),
            "query": billing_query,
        },
        runs,
    )
    floor, billing = timings["plain"], timings["billing"]
    billing_results = {
        "patients": demo.patients,
        "entries": demo.entries,
        "load_s": round(load_s, 2),
        "plain_aggregate_s": round(floor, 4),
        "billing_month_s": round(billing, 3),
        "billing_query_s": round(timings["query"], 4),
        "billing_vs_aggregate": round(billing / floor, 1) if floor else None,
    }
    if serving_heap:
        billing_results.update(billing_in_a_server(lambda: billing_month(ctx, admin, MONTH), runs))
    if billing_only:
        ctx.db.dispose()
        return billing_results
    generation_first = timed(lambda: generate_month(ctx, admin, BillingMonth(2026, 11)), runs=1)
    generation_again = timed(lambda: generate_month(ctx, admin, BillingMonth(2026, 11)))
    # A coordinator with a fresh day budget, so the 480-minute daily rule never trips.
    with ctx.db.transaction() as session:
        coordinator = Staff(
            name="Bench Coordinator", role="coordinator", team="North", active=True, created_at=NOW
        )
        session.add(coordinator)
        session.flush()
        mine = [
            code
            for (code,) in session.execute(
                text("SELECT chart_code FROM patients WHERE program = 'CCM' ORDER BY id LIMIT 50")
            )
        ]
        session.execute(
            text("UPDATE patients SET coordinator_id = :c WHERE chart_code IN :codes").bindparams(
                bindparam("codes", expanding=True)
            ),
            {"c": coordinator.id, "codes": mine},
        )
    ana = Actor(coordinator.id, coordinator.name, Role.COORDINATOR, coordinator.team, "bench")
    panel_one = timed(lambda: patient_panel(ctx, ana))
    panel_all = timed(lambda: patient_panel(ctx, admin, mine_only=False))
    latencies = []
    day = date(2026, 11, 1)
    for i in range(200):
        day_i = day + timedelta(days=i // 20)  # 20 entries a day stays under 480 minutes
        started = time.perf_counter()
        log_task(
            ctx,
            ana,
            coordinator_id=ana.staff_id,
            patient=mine[i % len(mine)],
            task_type="Communication: Phone",
            minutes=5 + i % 10,
            task_date=day_i,
            notes=f"bench {i}",
        )
        latencies.append((time.perf_counter() - started) * 1000)
    ctx.db.dispose()
    return {
        **billing_results,
        "generate_month_first_s": round(generation_first, 3),
        "generate_month_again_s": round(generation_again, 3),
        "panel_one_coordinator_s": round(panel_one, 4),
        "panel_all_patients_s": round(panel_all, 3),
        "log_task_p50_ms": round(statistics.median(latencies), 2),
        "log_task_p95_ms": round(percentile(latencies, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--billing-only", action="store_true")
    parser.add_argument("--serving-heap", action="store_true")
    parser.add_argument("--db-prefix", default="baton_bench")
    args = parser.parse_args()
    sizes = (args.patients, args.entries, args.runs, args.billing_only, args.serving_heap)
    results: dict[str, object] = {
        "date": date.today().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/bench.db", *sizes)
        print("sqlite", json.dumps(results["sqlite"]), flush=True)
    name = f"{args.db_prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
        results["postgresql"] = measure(url, *sizes)
        print("postgresql", json.dumps(results["postgresql"]), flush=True)
    finally:
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    out = ROOT / "bench" / "results" / f"records-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
