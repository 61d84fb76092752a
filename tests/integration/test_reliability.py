"""Reliability of the human-decision machinery, with real processes and real databases:
a worker killed while a conversation waits, two owners answering at once, an owner who
left, and two run-due workers over a thousand handoffs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, insert, select

from tools.access import Actor, Role
from tools.context import ToolContext
from tools.decision_requests.service import answer_decision, get_decision, open_decision
from tools.errors import ToolError
from tools.free_text import FreeTextGuard
from tools.owners import set_owner
from tools.store.database import Database
from tools.store.models import Handoff, Notification, Staff

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = os.environ.get("BATON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Iterator[dict[str, str]]:
    """Environment for ``baton`` processes: a data directory and, for PostgreSQL, a fresh
    database for records and another for conversation checkpoints."""
    env = {"BATON_DATA_DIR": str(tmp_path / "data")}
    created: list[str] = []
    if request.param == "postgresql":
        base = PG_ADMIN.rsplit("/", 1)[0]
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            for purpose in ("records", "checkpoints"):
                name = f"baton_rel_{purpose}_{uuid.uuid4().hex[:8]}"
                admin.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
        env["BATON_DATABASE_URL"] = f"{base}/{created[0]}"
        env["BATON_CHECKPOINT_URL"] = f"{base}/{created[1]}"
    yield env
    if created:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def baton(env: dict[str, str], *argv: str, staff: int | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    full.pop("BATON_STAFF_ID", None)
    if staff is not None:
        full["BATON_STAFF_ID"] = str(staff)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *argv],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
    )


def records_of(env: dict[str, str], guard: FreeTextGuard) -> ToolContext:
    url = env.get("BATON_DATABASE_URL") or f"sqlite:///{env['BATON_DATA_DIR']}/baton.db"
    ctx = ToolContext(Database(url), guard=guard)
    ctx.prepare()
    return ctx


def test_a_conversation_killed_while_it_waits_gets_its_answer_after_a_restart(store):
    assert (
        baton(
            store, "staff", "add", "Ana Example", "--role", "coordinator", "--team", "North"
        ).returncode
        == 0
    )
    assert baton(store, "staff", "add", "Ben Example", "--role", "admin").returncode == 0
    assert baton(store, "owners", "set", "Revenue cycle director", "--primary", "2").returncode == 0
    thread = uuid.uuid4().hex
    env = {**os.environ, **store, "BATON_STAFF_ID": "1"}
    chat = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "chat", "--thread", thread],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write(WRITE_OFF + "\n")
    chat.stdin.flush()
    seen = ""
    deadline = time.monotonic() + 600
    while "decision request #" not in seen and time.monotonic() < deadline:
        line = chat.stdout.readline()
        if not line:
            break
        seen += line
    assert "decision request #1" in seen, seen
    chat.send_signal(signal.SIGKILL)  # no clean shutdown: the pause lives in the checkpoint
    chat.wait(timeout=30)

    answered = baton(store, "decisions", "answer", "1", "approve", "--as", "2")
    assert answered.returncode == 0, answered.stderr
    assert "decision 1: approved by Ben Example" in answered.stdout
    resumed = baton(store, "ask", "any news?", "--thread", thread, staff=1)
    assert resumed.returncode == 0, resumed.stderr
    assert "Decision request #1: approved by Ben Example (Revenue cycle director)" in (
        resumed.stdout
    )
    again = baton(store, "ask", "any news?", "--thread", thread, staff=1)
    assert "waiting for decision request" not in again.stdout  # the thread moved on


def _practice(ctx: ToolContext) -> tuple[Actor, Actor, Actor]:
    now = datetime.now(UTC)
    with ctx.db.transaction() as session:
        people = [
            Staff(name=name, role=role, team=team, active=True, created_at=now)
            for name, role, team in [
                ("Asker Example", "coordinator", "North"),
                ("Owner Example", "supervisor", "North"),
                ("Backup Example", "supervisor", "North"),
            ]
        ]
        session.add_all(people)
        session.flush()
        actors = tuple(Actor(p.id, p.name, Role(p.role), p.team, "test") for p in people)
    set_owner(
        ctx,
        Actor.system("test"),
        "Revenue cycle director",
        primary=actors[1].staff_id,
        backup=actors[2].staff_id,
    )
    return actors  # type: ignore[return-value]


def _answer(
    ctx: ToolContext,
    start: threading.Barrier,
    outcomes: dict[str, str],
    person: Actor,
    decision_id: int,
    choice: str,
) -> None:
    start.wait()
    try:
        answer_decision(ctx, person, decision_id, choice, comment="seen")
        outcomes[person.name] = "won"
    except ToolError as refused:
        outcomes[person.name] = refused.rule


def test_two_owners_answering_at_once_one_decides_and_the_other_is_told(store, text_guard):
    ctx = records_of(store, text_guard)
    asker, owner, backup = _practice(ctx)
    for round_ in range(5):
        asked = open_decision(
            ctx,
            asker,
            kind="billing",
            question=f"Write off #{round_}?",
            owner_role="Revenue cycle director",
            due_in=timedelta(hours=4),
        )
        start = threading.Barrier(2)
        outcomes: dict[str, str] = {}
        workers = [
            threading.Thread(target=_answer, args=(ctx, start, outcomes, person, asked.id, choice))
            for person, choice in ((owner, "approve"), (backup, "reject"))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert sorted(outcomes.values()) == ["already_decided", "won"], outcomes
        final = get_decision(ctx, owner, asked.id)
        winner = owner if outcomes[owner.name] == "won" else backup
        assert final.decided_by == winner.staff_id
        assert final.status == ("approved" if winner is owner else "rejected")
    ctx.db.dispose()


def test_two_run_due_workers_over_a_thousand_handoffs_nudge_each_holder_once(store, text_guard):
    ctx = records_of(store, text_guard)
    _, owner, _ = _practice(ctx)
    set_owner(ctx, Actor.system("test"), "Billing supervisor", primary=owner.staff_id)
    opened = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with ctx.db.transaction() as session:
        session.execute(
            insert(Handoff),
            [
                {
                    "title": f"Claim batch {n} released to billing",
                    "owner_role": "Billing supervisor",
                    "holder_staff_id": owner.staff_id,
                    "status": "open",
                    "priority": "normal",
                    "entry_conditions": "[]",
                    "waiting_on": "billing",
                    "outcome_target": "",
                    "opened_at": opened,
                    "status_since": opened,
                    "due_at": opened + timedelta(hours=48),
                    "escalate_after_hours": 24,
                    "escalation_level": 0,
                }
                for n in range(1000)
            ],
        )
    moment = (opened + timedelta(hours=40)).isoformat()  # inside every nudge window
    env = {**os.environ, **store}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "jobs", "run-due", "--now", moment, "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [worker.communicate(timeout=600) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), results
    with ctx.db.reading() as session:
        nudges = session.execute(
            select(Notification.subject_id, func.count())
            .where(Notification.kind == "handoff.nudge")
            .group_by(Notification.subject_id)
        ).all()
        undelivered = session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.delivered_at.is_(None))
        )
    assert len(nudges) == 1000 and {count for _, count in nudges} == {1}
    assert undelivered == 0
    ctx.db.dispose()
