"""Patient panel (Tab 1) and coordinator metrics."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from tools.access import Actor, Role
from tools.billing.month import BillingMonth
from tools.errors import AccessDenied, ToolError
from tools.panel import coordinator_metrics, patient_panel, visit_status
from tools.schedules.service import complete_scheduled, generate_month, list_scheduled
from tools.store.models import CareGap, Patient
from tools.tasks.service import log_task

TODAY = date(2026, 10, 14)


@pytest.mark.parametrize(
    ("last", "interval", "status", "due"),
    [
        (None, 6, "overdue", None),
        (date(2026, 4, 1), 6, "overdue", date(2026, 10, 1)),
        (date(2026, 5, 1), 6, "due_soon", date(2026, 11, 1)),
        (date(2026, 8, 31), 2, "due_soon", date(2026, 10, 31)),
        (date(2026, 9, 1), 3, "current", date(2026, 12, 1)),
        (date(2026, 8, 31), 6, "current", date(2027, 2, 28)),
    ],
)
def test_visit_status_table(last, interval, status, due):
    assert visit_status(last, interval, TODAY) == (status, due)


def test_panel_shows_minutes_gaps_and_task_progress_for_my_patients(ctx, practice):
    with ctx.db.transaction() as session:
        session.add(CareGap(patient_id=practice.patients["ZK1029"], measure="A1c", status="open"))
        session.execute(
            update(Patient).where(Patient.chart_code == "ZK1030").values(last_visit=None)
        )
    generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    task = next(t for t in list_scheduled(ctx, practice.ana) if t.chart_code == "ZK1029")
    complete_scheduled(ctx, practice.ana, task.id, minutes=20, notes="done")
    log_task(
        ctx,
        practice.ana,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type="Communication: Phone",
        minutes=10,
    )
    rows = {row.chart_code: row for row in patient_panel(ctx, practice.ana)}
    assert set(rows) == {"ZK1029", "ZK1030", "ZK1033"}
    zk = rows["ZK1029"]
    assert (zk.minutes_this_month, zk.open_care_gaps) == (30, 1)
    assert (zk.monthly_tasks_done, zk.monthly_tasks_total, zk.completion) == (1, 3, "low")
    assert rows["ZK1030"].visit_status == "overdue"
    overdue = patient_panel(ctx, practice.ana, visit="overdue")
    assert [r.chart_code for r in overdue] == ["ZK1030"]
    assert [r.chart_code for r in patient_panel(ctx, practice.ana, care_gaps="open")] == ["ZK1029"]


def test_panel_scope_by_role(ctx, practice):
    assert {r.chart_code for r in patient_panel(ctx, practice.sue)} == {
        "ZK1029",
        "ZK1030",
        "ZK1031",
        "ZK1033",
    }
    assert len(patient_panel(ctx, practice.admin)) == 5
    with pytest.raises(AccessDenied):
        patient_panel(ctx, practice.auditor)
    with pytest.raises(ToolError, match="visit must be one of"):
        patient_panel(ctx, practice.ana, visit="late")


def test_metrics_follow_the_seed_and_the_team(ctx, practice):
    generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    for patient, minutes in [("ZK1029", 20), ("ZK1029", 10), ("ZK1030", 15)]:
        log_task(
            ctx,
            practice.ana,
            coordinator_id=practice.ana.staff_id,
            patient=patient,
            task_type="Care Coordination: General",
            minutes=minutes,
            notes=str(minutes),
        )
    [ana] = coordinator_metrics(ctx, practice.ana, BillingMonth(2026, 10))
    assert (ana.total_tasks, ana.total_minutes, ana.average_task_minutes) == (3, 45, 15.0)
    assert (ana.patients_served, ana.total_patients) == (2, 3)
    assert ana.patient_coverage_pct == pytest.approx(66.7)
    assert ana.task_completion_pct == 0.0
    team = coordinator_metrics(ctx, practice.sue, BillingMonth(2026, 10))
    assert {m.name for m in team} == {"Ana Coord", "Ben Coord"}
    stranger = Actor(None, "nobody", Role.AUDITOR)
    with pytest.raises(AccessDenied):
        coordinator_metrics(ctx, stranger, BillingMonth(2026, 10))


def test_coverage_counts_only_the_active_panel_and_completion_only_what_is_due(ctx, practice):
    """The figures that read 102% and 0% on the demo: an inactive patient's entries and
    tasks not yet due no longer count."""
    generate_month(ctx, practice.admin, BillingMonth(2026, 10))
    for patient in ("ZK1029", "ZK1033"):
        log_task(
            ctx,
            practice.ana,
            coordinator_id=practice.ana.staff_id,
            patient=patient,
            task_type="Communication: Phone",
            minutes=10,
        )
    with ctx.db.transaction() as session:  # ZK1033 leaves the active panel after its entry
        session.execute(
            update(Patient).where(Patient.chart_code == "ZK1033").values(status="inactive")
        )
    tasks = {(t.chart_code, t.task_type): t for t in list_scheduled(ctx, practice.ana)}
    # Due the 7th (past) for ZK1029, and the 15th (tomorrow) for ZK1029, done early.
    complete_scheduled(
        ctx, practice.ana, tasks[("ZK1029", "Patient Insurance Verification")].id, minutes=15
    )
    complete_scheduled(
        ctx, practice.ana, tasks[("ZK1029", "CCM: Care Plan Monthly REVIEW/CLOSE")].id, minutes=30
    )
    [ana] = coordinator_metrics(ctx, practice.ana, BillingMonth(2026, 10))
    # Active panel: ZK1029, ZK1030; reached this month: ZK1029 only.
    assert (ana.patients_served, ana.total_patients, ana.patient_coverage_pct) == (1, 2, 50.0)
    # Due by the 14th: insurance verification for ZK1029, ZK1030 and ZK1033 (3), one done;
    # done early: the care-plan review due the 15th. (1 + 1) / (3 + 1) = 50%.
    assert ana.task_completion_pct == 50.0
