"""A realistic fictional practice for demos and benchmarks: ``baton demo-data``.

Everyone in it is invented (Faker, fixed seed). Time entries respect the logging rules
(5-120 minutes, under 480 a day per coordinator, dates not in the future), and are
written in bulk so a 10,000-patient practice loads in seconds.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faker import Faker
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from tools.billing.month import BillingMonth
from tools.context import ToolContext
from tools.errors import ToolError
from tools.store.models import (
    CareGap,
    OwnerEscalation,
    OwnerRole,
    Patient,
    PcpAssignment,
    Provider,
    Staff,
    TaskLogEntry,
    TaskType,
)

PATIENTS_PER_COORDINATOR = 50
FACILITIES = ("Main Clinic", "Eastside Clinic", "Riverside Family Practice")
GAP_MEASURES = ("A1c", "Diabetic eye exam", "Colorectal screening", "BP control", "Flu vaccine")


@dataclass(frozen=True)
class DemoSummary:
    coordinators: int
    patients: int
    entries: int


def load_demo(
    ctx: ToolContext,
    *,
    patients: int = 200,
    months: int = 2,
    entries_per_patient_month: int = 3,
    seed: int = 20261122,
    owner_roles: Iterable[str] = (),
) -> DemoSummary:
    """``owner_roles``: the decision and handoff roles to fill with demo leaders (each with
    a backup and the admin as the escalation chain), so decisions and tracked handoffs
    work from the first minute."""
    if patients < 1 or months < 1 or entries_per_patient_month < 0:
        raise ToolError("patients and months must be at least 1", rule="demo_size")
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    today = ctx.clock.today()
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Patient)):
            raise ToolError(
                "the store already holds patients; demo data goes into an empty store "
                "(set BATON_DATA_DIR or BATON_DATABASE_URL to a new one)",
                rule="demo_not_empty",
            )
        n_coordinators = max(2, -(-patients // PATIENTS_PER_COORDINATOR))
        teams = ["North", "South"]
        staff_rows = [
            {
                "name": fake.name(),
                "role": "coordinator",
                "team": teams[i % 2],
                "slack_user_id": None,
                "active": True,
                "created_at": now,
            }
            for i in range(n_coordinators)
        ]
        staff_rows += [
            {
                "name": fake.name(),
                "role": "supervisor",
                "team": team,
                "slack_user_id": None,
                "active": True,
                "created_at": now,
            }
            for team in teams
        ]
        staff_rows += [
            {
                "name": fake.name(),
                "role": role,
                "team": None,
                "slack_user_id": None,
                "active": True,
                "created_at": now,
            }
            for role in ("admin", "auditor")
        ]
        session.execute(insert(Staff), staff_rows)
        coordinator_ids = list(
            session.scalars(select(Staff.id).where(Staff.role == "coordinator").order_by(Staff.id))
        )
        session.execute(
            insert(Provider),
            [{"name": f"Dr. {fake.last_name()} {i}", "npi": None} for i in range(3)],
        )
        provider_ids = list(session.scalars(select(Provider.id)))
        patient_rows = []
        for i in range(patients):
            program = rng.choices(["CCM", "PCM", None], weights=[70, 15, 15])[0]
            patient_rows.append(
                {
                    "chart_code": f"ZK{1000 + i}",
                    "name": f"{fake.last_name().upper()}, {fake.first_name()}",
                    "status": rng.choices(["active", "inactive"], weights=[95, 5])[0],
                    "coordinator_id": coordinator_ids[
                        i // PATIENTS_PER_COORDINATOR % len(coordinator_ids)
                    ],
                    "provider_id": rng.choice(provider_ids),
                    "facility": rng.choice(FACILITIES),
                    "program": program,
                    "chronic_conditions": {"CCM": rng.randint(2, 6), "PCM": 1, None: 0}[program],
                    "consent_date": today - timedelta(days=rng.randint(60, 700))
                    if program and rng.random() > 0.05
                    else None,
                    "visit_interval_months": rng.choice([3, 6, 12]),
                    "last_visit": today - timedelta(days=rng.randint(5, 400)),
                }
            )
        for start in range(0, len(patient_rows), 5000):
            session.execute(insert(Patient), patient_rows[start : start + 5000])
        patient_info = session.execute(
            select(Patient.id, Patient.coordinator_id, Patient.program)
        ).all()
        session.execute(
            insert(CareGap),
            [
                {
                    "patient_id": pid,
                    "measure": rng.choice(GAP_MEASURES),
                    "status": rng.choice(["open", "open", "pending", "closed"]),
                }
                for pid, _, _ in patient_info
                if rng.random() < 0.4
            ],
        )
        types = session.execute(
            select(TaskType.id, TaskType.program).where(TaskType.billable.is_(True))
        ).all()
        entries = _entries(rng, patient_info, types, today, months, entries_per_patient_month, now)
        for start in range(0, len(entries), 10000):
            session.execute(insert(TaskLogEntry), entries[start : start + 10000])
        session.execute(
            insert(PcpAssignment),
            [
                {
                    "patient_id": pid,
                    "provider_id": provider,
                    "start_date": today - timedelta(days=365),
                    "source": "initial",
                    "changed_at": now,
                }
                for pid, provider in session.execute(select(Patient.id, Patient.provider_id))
            ],
        )
        _fill_owner_roles(session, fake, sorted(set(owner_roles)), now)
    # Fresh planner statistics after a bulk load: without them PostgreSQL estimates a
    # handful of time entries where there are 100,000, and joins them row by row until
    # autovacuum gets round to the tables (the billing month's query took twice as long).
    with ctx.db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return DemoSummary(len(coordinator_ids), patients, len(entries))


LEADERS = 4


def _fill_owner_roles(session: Session, fake: Faker, roles: list[str], now: datetime) -> None:
    """Demo leaders (supervisors of a team without patients: they see handoffs they are
    party to, not the panels) fill the roles in turn; the admin is every role's chain."""
    if not roles:
        return
    leaders = []
    for _ in range(LEADERS):
        leader = Staff(
            name=fake.name(), role="supervisor", team="Leadership", active=True, created_at=now
        )
        session.add(leader)
        leaders.append(leader)
    session.flush()
    admin = session.scalar(select(Staff.id).where(Staff.role == "admin").order_by(Staff.id))
    for i, role in enumerate(roles):
        entry = OwnerRole(
            role=role,
            primary_staff_id=leaders[i % LEADERS].id,
            backup_staff_id=leaders[(i + 1) % LEADERS].id,
            updated_at=now,
        )
        session.add(entry)
        session.flush()
        if admin is not None:
            session.add(OwnerEscalation(role_id=entry.id, position=1, staff_id=admin))


def _entries(rng, patient_info, types, today: date, months: int, per_month: int, now):
    by_program: dict[str | None, list[int]] = {}
    for type_id, program in types:
        by_program.setdefault(program, []).append(type_id)
    general = by_program.get(None, [])
    month = BillingMonth.of(today)
    periods = []
    for _ in range(months):
        periods.append(month)
        month = month.previous()
    used: dict[tuple[int, date], int] = {}
    rows = []
    for pid, coordinator_id, program in patient_info:
        choices = general + by_program.get(program, []) if program else general
        for period in periods:
            last = min(period.last_day, today)
            span = (last - period.first_day).days
            for _ in range(per_month):
                day = period.first_day + timedelta(days=rng.randint(0, span))
                minutes = rng.choice([5, 10, 10, 15, 15, 20, 25, 30])
                if used.get((coordinator_id, day), 0) + minutes > 480:
                    continue
                used[(coordinator_id, day)] = used.get((coordinator_id, day), 0) + minutes
                rows.append(
                    {
                        "coordinator_id": coordinator_id,
                        "patient_id": pid,
                        "task_type_id": rng.choice(choices),
                        "minutes": minutes,
                        "notes": "",
                        "task_date": day,
                        "logged_at": now,
                        "version": 1,
                    }
                )
    return rows
