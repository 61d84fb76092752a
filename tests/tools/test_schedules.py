"""Automated tasks: the right set per patient, due dates as in the seed, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from tools.billing.month import BillingMonth
from tools.errors import AccessDenied, ToolError
from tools.schedules.service import (
    complete_scheduled,
    generate_month,
    generate_week,
    list_scheduled,
)
from tools.tasks.service import list_tasks


def test_monthly_set_follows_each_patients_program(ctx, practice):
    result = generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    # CCM patients: 3 tasks each (3 patients); the PCM patient 2; the unenrolled one 1.
    assert (result.period, result.created) == ("2026-10", 3 * 3 + 2 + 1)
    tasks = list_scheduled(ctx, practice.ana, status=None)
    by_patient = {}
    for task in tasks:
        by_patient.setdefault(task.chart_code, {})[task.task_type] = task.due_date
    assert by_patient["ZK1029"] == {
        "Patient Insurance Verification": date(2026, 10, 7),
        "CCM: Care Plan Monthly REVIEW/CLOSE": date(2026, 10, 15),
        "CCM: CareGap Review/Coordination": date(2026, 10, 20),
    }
    assert by_patient["ZK1030"] == {
        "Patient Insurance Verification": date(2026, 10, 7),
        "PCM: Care Plan Monthly REVIEW/CLOSE": date(2026, 10, 15),
    }
    assert by_patient["ZK1033"] == {"Patient Insurance Verification": date(2026, 10, 7)}


def test_generation_is_idempotent(ctx, practice):
    first = generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    again = generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    assert again.created == 0 and again.already_there == first.created


def test_weekly_set_is_due_wednesday_and_friday_of_that_week(ctx, practice):
    result = generate_week(ctx, practice.admin, date(2026, 10, 14))  # a Wednesday
    assert result.period == "2026-W42"
    tasks = {(t.chart_code, t.task_type): t.due_date for t in list_scheduled(ctx, practice.admin)}
    assert tasks[("ZK1029", "Chart Review Initial CCM")] == date(2026, 10, 16)
    assert tasks[("ZK1029", "Facility Records - Hospital/ER Review")] == date(2026, 10, 14)
    assert ("ZK1030", "Chart Review Initial CCM") not in tasks  # PCM patient
    assert generate_week(ctx, practice.admin, date(2026, 10, 12)).created == 0


def test_only_admins_generate(ctx, practice):
    with pytest.raises(AccessDenied):
        generate_month(ctx, practice.ana, BillingMonth(2026, 10))


def test_completing_a_task_logs_its_minutes_once(ctx, practice):
    generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    task = next(t for t in list_scheduled(ctx, practice.ana) if t.chart_code == "ZK1029")
    logged = complete_scheduled(ctx, practice.ana, task.id, minutes=14, notes="verified")
    assert logged.minutes == 14 and logged.task_type == task.task_type
    assert task.id not in {t.id for t in list_scheduled(ctx, practice.ana)}
    assert [t.id for t in list_tasks(ctx, practice.ana)] == [logged.id]
    with pytest.raises(ToolError, match="already done"):
        complete_scheduled(ctx, practice.ana, task.id, minutes=14, notes="again")
    with pytest.raises(AccessDenied):
        other = next(t for t in list_scheduled(ctx, practice.admin) if t.chart_code == "ZK1032")
        complete_scheduled(ctx, practice.ana, other.id, minutes=10)


def test_a_refused_completion_leaves_the_task_pending(ctx, practice):
    generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    task = list_scheduled(ctx, practice.ana)[0]
    with pytest.raises(ToolError, match="minimum 5"):
        complete_scheduled(ctx, practice.ana, task.id, minutes=2)
    assert task.id in {t.id for t in list_scheduled(ctx, practice.ana)}
