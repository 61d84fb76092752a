"""Tracked handoffs and decisions at scale: the run-due job, and the calls people make.

Run:  .venv/bin/python bench/bench_jobs.py [--handoffs 10000]
      [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

On a fresh SQLite file and a fresh PostgreSQL database: N open handoffs, a quarter of them
inside their nudge window, a quarter past their deadline, a quarter stalled past the
timeout, the rest not yet due. Times one run-due pass over them (without delivering the
notifications) against a floor measured in the same run: one plain SELECT of the rows
the pass has to look at. Then, on PostgreSQL, the same work split between two worker
processes, and checks that each handoff was acted on exactly once. Also p50/p95 of
open_handoff and answer_decision (200 calls each). Results go to stdout and
bench/results/jobs-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from bench_spine import machine, percentile  # noqa: E402
from sqlalchemy import func, insert, or_, select  # noqa: E402

from tools.access import Actor, Role  # noqa: E402
from tools.clock import FixedClock  # noqa: E402
from tools.context import ToolContext  # noqa: E402
from tools.deadlines import MAX_NUDGE_LEAD  # noqa: E402
from tools.decision_requests.service import answer_decision, open_decision  # noqa: E402
from tools.free_text import PhiTextGuard  # noqa: E402
from tools.handoffs.records import HandoffSpec  # noqa: E402
from tools.handoffs.service import open_handoff  # noqa: E402
from tools.jobs.run_due import run_due  # noqa: E402
from tools.notify import LogNotifier  # noqa: E402
from tools.owners import set_owner  # noqa: E402
from tools.store.database import Database  # noqa: E402
from tools.store.models import Handoff, HandoffTransition, Notification, Staff  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ROLE = "Billing supervisor"


def _people(ctx: ToolContext) -> tuple[Actor, Actor, Actor]:
    with ctx.db.transaction() as session:
        rows = [
            Staff(name=n, role=r, team=t, active=True, created_at=NOW)
            for n, r, t in [
                ("Opener", "coordinator", "North"),
                ("Owner", "supervisor", "North"),
                ("Chain", "supervisor", "North"),
            ]
        ]
        session.add_all(rows)
        session.flush()
        actors = tuple(Actor(r.id, r.name, Role(r.role), r.team, "bench") for r in rows)
    set_owner(
        ctx, Actor.system("bench"), ROLE, primary=actors[1].staff_id, chain=[actors[2].staff_id]
    )
    return actors  # type: ignore[return-value]


def _load(ctx: ToolContext, n: int, holder: int) -> None:
    """n open handoffs in four equal groups: nudge due, deadline passed, stalled past the
    timeout, and not due yet."""
    rows = []
    for i in range(n):
        group = i % 4
        opened = NOW - timedelta(hours=60)
        due = {
            0: NOW + timedelta(hours=6),
            1: NOW - timedelta(hours=1),
            2: NOW - timedelta(hours=30),
            3: NOW + timedelta(days=20),
        }[group]
        rows.append(
            {
                "title": f"Claim batch {i}",
                "owner_role": ROLE,
                "holder_staff_id": holder,
                "status": "stalled" if group == 2 else "open",
                "priority": "normal",
                "entry_conditions": "[]",
                "waiting_on": "billing",
                "outcome_target": "",
                "opened_at": opened,
                "status_since": opened,
                "due_at": due,
                "escalate_after_hours": 24,
                "escalation_level": 0,
            }
        )
    with ctx.db.transaction() as session:
        for start in range(0, n, 5000):
            session.execute(insert(Handoff), rows[start : start + 5000])


def _floor(ctx: ToolContext) -> float:
    started = time.perf_counter()
    with ctx.db.reading() as session:
        session.execute(
            select(Handoff)
            .outerjoin(Staff, Staff.id == Handoff.holder_staff_id)
            .where(
                Handoff.status.in_(["open", "accepted", "stalled", "escalated"]),
                or_(Handoff.due_at <= NOW + MAX_NUDGE_LEAD, Staff.active.is_not(True)),
            )
        ).all()
    return time.perf_counter() - started


def _latencies(ctx: ToolContext, opener: Actor, owner: Actor) -> dict[str, float]:
    spec = HandoffSpec(
        title="Denial triaged",
        owner_role=ROLE,
        due_in=timedelta(hours=72),
        escalate_after=timedelta(hours=24),
    )
    opens, answers = [], []
    for i in range(200):
        started = time.perf_counter()
        open_handoff(ctx, opener, spec)
        opens.append((time.perf_counter() - started) * 1000)
        asked = open_decision(
            ctx,
            opener,
            kind="billing",
            question=f"Write off {i}?",
            owner_role=ROLE,
            due_in=timedelta(hours=24),
        )
        started = time.perf_counter()
        answer_decision(ctx, owner, asked.id, "approve")
        answers.append((time.perf_counter() - started) * 1000)
    return {
        "open_handoff_p50_ms": round(statistics.median(opens), 2),
        "open_handoff_p95_ms": round(percentile(opens, 0.95), 2),
        "answer_decision_p50_ms": round(statistics.median(answers), 2),
        "answer_decision_p95_ms": round(percentile(answers, 0.95), 2),
    }


def _acted_once(ctx: ToolContext, n: int) -> bool:
    with ctx.db.reading() as session:
        per = session.execute(
            select(HandoffTransition.handoff_id, func.count())
            .where(HandoffTransition.from_status.is_not(None))
            .group_by(HandoffTransition.handoff_id)
        ).all()
        nudges = session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.kind == "handoff.nudge")
        )
    return {c for _, c in per} == {1} and len(per) == n // 2 and nudges == n // 4


def _guard() -> PhiTextGuard:
    # Loaded only if a call stores free text (run-due stores none): start-up stays small.
    from tools.phi.guard import PhiGuard

    return PhiTextGuard(load=PhiGuard)


def measure(url: str, n: int, workers: int) -> dict[str, object]:
    ctx = ToolContext(Database(url), FixedClock(NOW), guard=_guard())
    ctx.prepare()
    opener, owner, _ = _people(ctx)
    _load(ctx, n, owner.staff_id or 0)
    floor = statistics.median(_floor(ctx) for _ in range(3))
    result: dict[str, object] = {"handoffs": n, "floor_select_s": round(floor, 3)}
    if workers == 1:
        started = time.perf_counter()
        report = run_due(ctx, LogNotifier(), now=NOW, deliver=False)
        took = time.perf_counter() - started
        result.update(
            {
                "run_due_s": round(took, 3),
                "run_due_vs_floor": round(took / floor, 1),
                "acted": report.handoffs,
                "each_acted_on_once": _acted_once(ctx, n),
            }
        )
        result.update(_latencies(ctx, opener, owner))
    else:
        started = time.perf_counter()
        worker = [sys.executable, __file__, "--worker", url]
        procs = [subprocess.Popen(worker) for _ in range(workers)]
        codes = [p.wait() for p in procs]
        took = time.perf_counter() - started
        result.update(
            {
                "workers": workers,
                "run_due_s_including_start_up": round(took, 3),
                "workers_ok": codes == [0] * workers,
                "each_acted_on_once": _acted_once(ctx, n),
            }
        )
    ctx.db.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--handoffs", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # one run-due pass on this URL
    args = parser.parse_args()
    if args.worker:
        run_due(
            ToolContext(Database(args.worker), FixedClock(NOW), guard=_guard()),
            LogNotifier(),
            now=NOW,
            deliver=False,
        )
        return
    results: dict[str, object] = {"date": date.today().isoformat(), "machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/bench.db", args.handoffs, 1)
        print("sqlite", json.dumps(results["sqlite"]), flush=True)
    for workers in (1, 2):
        name = f"baton_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
            key = "postgresql" if workers == 1 else "postgresql_two_workers"
            results[key] = measure(url, args.handoffs, workers)
            print(key, json.dumps(results[key]), flush=True)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    out = ROOT / "bench" / "results" / f"jobs-{results['date']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
