"""The demo practice is one people can look around in and follow the README on."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from bot.owner_roles import all_owner_roles
from demo.activity import add_demo_activity, price_every_code
from demo.practice import DAY_CAP_MINUTES, EXAMPLE_CHART, TODAY_MINUTES, load_demo
from knowledge.catalog import default_catalog
from tools.access import Actor
from tools.billing.codes import CODES
from tools.billing.month import BillingMonth
from tools.cases.service import list_cases
from tools.decision_requests.service import list_decisions
from tools.store.models import Patient, ScheduledTask, TaskLogEntry


def test_a_demo_practice_has_room_today_finished_work_and_work_waiting(ctx):
    load_demo(ctx, patients=60, months=2, owner_roles=all_owner_roles(default_catalog()))
    work = add_demo_activity(ctx)
    today = ctx.clock.today()
    with ctx.db.reading() as session:
        days = session.execute(
            select(
                TaskLogEntry.coordinator_id, TaskLogEntry.task_date, func.sum(TaskLogEntry.minutes)
            ).group_by(TaskLogEntry.coordinator_id, TaskLogEntry.task_date)
        ).all()
        example = session.scalar(select(Patient).where(Patient.chart_code == EXAMPLE_CHART))
        done = session.scalar(select(func.count()).where(ScheduledTask.status == "done"))
        pending = session.scalar(select(func.count()).where(ScheduledTask.status == "pending"))
    # Sign-offs approved by supervisors add up to 80 minutes to a working day.
    assert max(minutes for _, _, minutes in days) <= DAY_CAP_MINUTES + 80 < 480
    assert {minutes for _, day, minutes in days if day == today} == {TODAY_MINUTES}
    assert all(day.weekday() < 5 or day == today for _, day, _ in days)
    assert (example.program, example.status, example.coordinator_id) == ("CCM", "active", 1)
    assert example.consent_date is not None
    assert done and pending
    admin = Actor.system("test")
    assert work.cases_open and work.cases_closed
    assert work.decisions_pending and work.decisions_decided
    assert len(list_cases(ctx, admin, open_only=False)) == work.cases_open + work.cases_closed
    decisions = list_decisions(ctx, admin, open_only=False)
    assert sum(d.status == "pending" for d in decisions) == work.decisions_pending
    last_month = BillingMonth.of(today).previous()
    with ctx.db.reading() as session:
        minutes = session.scalars(
            select(func.sum(TaskLogEntry.minutes))
            .where(TaskLogEntry.task_date.between(last_month.first_day, last_month.last_day))
            .group_by(TaskLogEntry.patient_id)
        ).all()
    # Patient-months on every side of the 20- and 60-minute thresholds.
    assert min(minutes) < 20 and any(20 <= m < 60 for m in minutes) and max(minutes) >= 60


def test_every_code_the_billing_run_can_produce_is_priced_in_the_demo(ctx):
    load_demo(ctx, patients=5, months=1)
    assert price_every_code(ctx) == ["99426"]  # the bundled 2025 file has no 99426 row
    assert all(ctx.fees.amount_for(code.code) is not None for code in CODES)
    assert ctx.fees.amount_for("99490") == Decimal("60.49")  # the file's own amounts kept
    assert price_every_code(ctx) == []
