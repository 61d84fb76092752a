"""A realistic fictional practice for demos and benchmarks: ``baton demo-data``.

Everyone in it is invented (Faker, fixed seed). Time entries respect the logging rules
(5-120 minutes, dates not in the future) and leave room in every day: entries fall on
working days up to ``day_cap_minutes`` a coordinator (well under the 480-minute rule),
and today holds ``TODAY_MINUTES`` each, so a coordinator can log more at once, as the
README's chat example does for chart ``ZK1029``. The month's and weeks' task sets are
generated and most past-due tasks done (each with its time entry). Rows are written in
bulk, in one transaction, so a 10,000-patient practice loads in seconds.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faker import Faker
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.context import Call, ToolContext
from tools.errors import ToolError
from tools.schedules.rules import week_start
from tools.schedules.service import generate_month_in, generate_week_in
from tools.store.models import (
    CareGap,
    OwnerEscalation,
    OwnerRole,
    Patient,
    PcpAssignment,
    Provider,
    ScheduledTask,
    Staff,
    TaskLogEntry,
    TaskType,
)

PATIENTS_PER_COORDINATOR = 50
FACILITIES = ("Main Clinic", "Eastside Clinic", "Riverside Family Practice")
GAP_MEASURES = ("A1c", "Diabetic eye exam", "Colorectal screening", "BP control", "Flu vaccine")
DAY_CAP_MINUTES = 300  # a full working day of logged care, with room left under 480
TODAY_MINUTES = 165  # logged by each coordinator today when the demo opens
EXAMPLE_CHART = "ZK1029"  # the README's chat example: a consented CCM patient of staff 1
# Share of generated monthly tasks already done, by how their due date stands to today;
# this week's chart and records reviews are done less often.
DONE_SHARE = {"past_month": 0.85, "overdue": 0.6, "upcoming": 0.2}
WEEKLY_DONE_SHARE = 0.6
# How much care a patient gets, relative to the practice's usual: some months of each
# patient fall below 20 minutes, some just above, some well past 60.
ENGAGEMENT = (0.1, 0.4, 0.7, 1.0, 1.3)


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
    day_cap_minutes: int = DAY_CAP_MINUTES,
    task_sets: bool = True,
) -> DemoSummary:
    """``owner_roles``: the decision and handoff roles to fill with demo leaders (each with
    a backup and the admin as the escalation chain), so decisions and tracked handoffs
    work from the first minute. ``task_sets``: generate the months' and weeks' tasks and
    mark most past-due ones done (a benchmark of generation itself turns it off)."""
    if patients < 1 or months < 1 or entries_per_patient_month < 0:
        raise ToolError("patients and months must be at least 1", rule="demo_size")
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    today = ctx.clock.today()
    now = ctx.clock.now()
    with ctx.write(Actor.system("demo"), "demo.load", "practice") as call:
        session = call.session
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
            chart = f"ZK{1000 + i}"
            example = chart == EXAMPLE_CHART
            program = "CCM" if example else rng.choices(["CCM", "PCM", None], [70, 15, 15])[0]
            patient_rows.append(
                {
                    "chart_code": chart,
                    "name": f"{fake.last_name().upper()}, {fake.first_name()}",
                    "status": "active"
                    if example
                    else rng.choices(["active", "inactive"], weights=[95, 5])[0],
                    "coordinator_id": coordinator_ids[
                        i // PATIENTS_PER_COORDINATOR % len(coordinator_ids)
                    ],
                    "provider_id": rng.choice(provider_ids),
                    "facility": rng.choice(FACILITIES),
                    "program": program,
                    "chronic_conditions": {"CCM": rng.randint(2, 6), "PCM": 1, None: 0}[program],
                    "consent_date": today - timedelta(days=rng.randint(60, 700))
                    if program and (example or rng.random() > 0.05)
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
        periods = _periods(today, months)
        if task_sets:
            _generate_task_sets(call, periods, today)
        days = _DayBook(today, day_cap_minutes)
        engagement = {pid: rng.choice(ENGAGEMENT) for pid, _, _ in patient_info}
        entries = _completed_tasks(session, rng, days, periods, engagement, now)
        entries += _entries(
            rng, patient_info, types, days, periods, entries_per_patient_month, engagement, now
        )
        example = session.scalar(select(Patient.id).where(Patient.chart_code == EXAMPLE_CHART))
        entries += _todays_entries(rng, patient_info, types, days, now, skip=example)
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
        if ctx.db.dialect == "sqlite":
            # Planner statistics for the new rows, committed with them (no second write
            # transaction to wait for).
            session.execute(text("ANALYZE"))
    if ctx.db.dialect == "postgresql":
        _vacuum_analyze(ctx)
    return DemoSummary(len(coordinator_ids), patients, len(entries))


def _vacuum_analyze(ctx: ToolContext) -> None:
    """Fresh planner statistics and visibility map after a bulk load on PostgreSQL.

    Without statistics the planner estimates a handful of time entries where there are
    100,000 and joins them row by row (the billing month's query took twice as long).
    Without the visibility map an index-only scan still visits the table for every row,
    so ``ix_task_log_month_minutes`` can serve the month's minutes alone only once the
    pages are marked all-visible. Autovacuum does both eventually; a demo or benchmark
    is read at once. VACUUM cannot run inside a transaction, hence autocommit.
    """
    with ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


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


def _periods(today: date, months: int) -> list[BillingMonth]:
    """The demo's months, the current one first."""
    periods = [BillingMonth.of(today)]
    while len(periods) < months:
        periods.append(periods[-1].previous())
    return periods


def _generate_task_sets(call: Call, periods: list[BillingMonth], today: date) -> None:
    """Each month's task set, and this week's, as the jobs would have made them. Weekly
    sets start this week: a review of every patient every week, never done in the weeks
    before, would bury the panel under hundreds of tasks past due."""
    for month in periods:
        generate_month_in(call, month)
    generate_week_in(call, week_start(today))


class _DayBook:
    """Minutes already placed per coordinator and day; days with room left.

    Entries go on working days before today, up to the cap; today is filled separately
    to ``TODAY_MINUTES``, so every coordinator can still log time today."""

    def __init__(self, today: date, cap: int) -> None:
        self.today = today
        self.cap = cap
        self.used: dict[tuple[int, date], int] = {}

    def working_days(self, first: date, last: date) -> list[date]:
        last = min(last, self.today - timedelta(days=1))
        span = (last - first).days + 1
        return [d for d in (first + timedelta(days=n) for n in range(span)) if d.weekday() < 5]

    def take(self, coordinator_id: int, day: date, minutes: int, cap: int | None = None) -> bool:
        key = (coordinator_id, day)
        if self.used.get(key, 0) + minutes > (self.cap if cap is None else cap):
            return False
        self.used[key] = self.used.get(key, 0) + minutes
        return True


def _entry(coordinator_id, patient_id, type_id, minutes, day, now, scheduled=None) -> dict:
    return {
        "coordinator_id": coordinator_id,
        "patient_id": patient_id,
        "task_type_id": type_id,
        "minutes": minutes,
        "notes": "",
        "task_date": day,
        "logged_at": now,
        "version": 1,
        "scheduled_task_id": scheduled,
    }


def _completed_tasks(
    session: Session, rng, days: _DayBook, periods, engagement: dict[int, float], now
) -> list[dict]:
    """Mark a share of the generated tasks done, each with the entry that did it (logged
    on a working day up to its due date, within its period)."""
    first_day = periods[-1].first_day
    current = periods[0]
    tasks = session.execute(
        select(
            ScheduledTask.id,
            ScheduledTask.patient_id,
            ScheduledTask.coordinator_id,
            ScheduledTask.task_type_id,
            ScheduledTask.due_date,
            ScheduledTask.estimated_minutes,
            ScheduledTask.frequency,
        ).order_by(ScheduledTask.due_date, ScheduledTask.id)
    ).all()
    rows, done = [], []
    for task_id, pid, cid, type_id, due, minutes, frequency in tasks:
        if frequency == "weekly":
            share = WEEKLY_DONE_SHARE
        elif due < current.first_day:
            share = DONE_SHARE["past_month"]
        elif due < days.today:
            share = DONE_SHARE["overdue"]
        else:
            share = DONE_SHARE["upcoming"]
        if rng.random() >= share * engagement[pid]:
            continue
        start = max(first_day, due - timedelta(days=6))
        candidates = days.working_days(start, due)
        rng.shuffle(candidates)
        day = next((d for d in candidates if days.take(cid, d, minutes)), None)
        if day is None:
            continue
        rows.append(_entry(cid, pid, type_id, minutes, day, now, task_id))
        done.append(task_id)
    for start in range(0, len(done), 5000):
        session.execute(
            update(ScheduledTask)
            .where(ScheduledTask.id.in_(done[start : start + 5000]))
            .values(status="done")
        )
    return rows


def _choices(by_program: dict[str | None, list[int]], program: str | None) -> list[int]:
    general = by_program.get(None, [])
    return general + by_program.get(program, []) if program else general


def _entries(rng, patient_info, types, days: _DayBook, periods, per_month: int, engagement, now):
    """Other logged care: about ``per_month`` entries a patient-month (fewer in the month
    under way, in proportion to its working days gone), some patients far more or less,
    so patient-months fall on every side of the billing thresholds."""
    by_program: dict[str | None, list[int]] = {}
    for type_id, program in types:
        by_program.setdefault(program, []).append(type_id)
    rows = []
    for pid, coordinator_id, program in patient_info:
        choices = _choices(by_program, program)
        for period in periods:
            month_days = days.working_days(period.first_day, period.last_day)
            if not month_days:
                continue
            share = len(month_days) / len(
                [d for d in _all_days(period) if d.weekday() < 5] or [None]
            )
            count = round(rng.uniform(0, 2 * per_month) * share * engagement[pid])
            for _ in range(count):
                day = rng.choice(month_days)
                minutes = rng.choice([5, 10, 10, 15, 15, 20, 25, 30])
                if days.take(coordinator_id, day, minutes):
                    rows.append(_entry(coordinator_id, pid, rng.choice(choices), minutes, day, now))
    return rows


def _all_days(period: BillingMonth) -> list[date]:
    span = (period.last_day - period.first_day).days + 1
    return [period.first_day + timedelta(days=n) for n in range(span)]


def _todays_entries(rng, patient_info, types, days: _DayBook, now, skip) -> list[dict]:
    """``TODAY_MINUTES`` logged today by each coordinator, never for the README's example
    patient (so its example entry is no duplicate)."""
    by_program: dict[str | None, list[int]] = {}
    for type_id, program in types:
        by_program.setdefault(program, []).append(type_id)
    mine: dict[int, list[tuple[int, str | None]]] = {}
    for pid, coordinator_id, program in patient_info:
        if pid != skip:
            mine.setdefault(coordinator_id, []).append((pid, program))
    rows = []
    for coordinator_id, patients in mine.items():
        left = TODAY_MINUTES
        while left >= 5:
            minutes = min(left, rng.choice([10, 15, 20, 25, 30]))
            if left - minutes < 5:
                minutes = left
            pid, program = rng.choice(patients)
            days.take(coordinator_id, days.today, minutes, cap=TODAY_MINUTES)
            rows.append(
                _entry(
                    coordinator_id,
                    pid,
                    rng.choice(_choices(by_program, program)),
                    minutes,
                    days.today,
                    now,
                )
            )
            left -= minutes
    return rows
