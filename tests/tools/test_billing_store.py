"""The monthly billing run over the store, and who may see it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from tools.access import Actor
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month, patient_month_estimate, record_complexity
from tools.errors import AccessDenied
from tools.store.models import BillingSummaryRow, Patient, TaskType
from tools.tasks.service import log_task

OCTOBER = BillingMonth(2026, 10)


def spend(ctx, actor, patient, *minutes, kind="Care Coordination: General", day=date(2026, 10, 5)):
    # Logged by the operator on the coordinator's behalf: long entries need no sign-off.
    for n, m in enumerate(minutes):
        log_task(
            ctx,
            Actor.system("test"),
            coordinator_id=actor.staff_id,
            patient=patient,
            task_type=kind,
            minutes=m,
            task_date=day,
            notes=f"call {n}",
            confirm=True,
        )


def test_each_patient_month_bills_on_its_own_minutes(ctx, practice):
    spend(ctx, practice.ana, "ZK1029", 30, 35)  # 65 -> 99490 + 99439 x2
    spend(ctx, practice.ben, "ZK1031", 18)  # below 20
    spend(ctx, practice.cara, "ZK1032", 10, 10)  # 20 -> 99490
    spend(ctx, practice.ana, "ZK1033", 25)  # minutes, but not enrolled
    spend(ctx, practice.ana, "ZK1029", 30, kind="Staff Notes: Lunch Break")  # not billable
    summary = billing_month(ctx, practice.admin, OCTOBER)
    lines = {line.decision.chart_code: line for line in summary.lines}
    assert lines["ZK1029"].decision.codes == ("99490", "99439", "99439")
    assert lines["ZK1031"].decision.reason == "18 min, below 20"
    assert lines["ZK1032"].decision.codes == ("99490",)
    assert lines["ZK1033"].decision.reason == "not enrolled in CCM or PCM"
    assert lines["ZK1030"].decision.reason == "0 min, below 30"
    assert summary.practice.amount == Decimal("60.49") * 2 + 2 * Decimal("45.93")


def test_minutes_before_consent_do_not_count(ctx, practice):
    with ctx.db.transaction() as session:
        session.execute(
            update(Patient)
            .where(Patient.chart_code == "ZK1029")
            .values(consent_date=date(2026, 10, 10))
        )
    spend(ctx, practice.ana, "ZK1029", 25, day=date(2026, 10, 5))
    spend(ctx, practice.ana, "ZK1029", 15, day=date(2026, 10, 12))
    line = next(
        line
        for line in billing_month(ctx, practice.admin, OCTOBER).lines
        if line.decision.chart_code == "ZK1029"
    )
    assert line.decision.reason == "15 min, below 20"


def test_each_run_counts_the_task_types_the_catalog_calls_billable_then(ctx, practice):
    # The billable types are read from the catalog for each run (and written into the
    # month query as literals), not kept from an earlier run.
    spend(ctx, practice.ana, "ZK1029", 15, 10)
    spend(ctx, practice.ana, "ZK1029", 20, kind="Medication Management: Reconciliation")

    def staff_minutes() -> tuple[int, int]:
        line = next(
            line
            for line in billing_month(ctx, practice.admin, OCTOBER).lines
            if line.decision.chart_code == "ZK1029"
        )
        with ctx.db.reading() as session:
            patient_id = session.scalar(select(Patient.id).where(Patient.chart_code == "ZK1029"))
            estimate, _ = patient_month_estimate(
                session, practice.admin, OCTOBER, patient_id, ctx.fees
            )
        assert estimate is not None
        return line.decision.staff_minutes, estimate.staff_minutes

    assert staff_minutes() == (45, 45)
    with ctx.db.transaction() as session:
        session.execute(
            update(TaskType)
            .where(TaskType.name == "Medication Management: Reconciliation")
            .values(billable=False)
        )
    assert staff_minutes() == (25, 25)


def test_complex_needs_a_recorded_determination(ctx, practice):
    spend(ctx, practice.ana, "ZK1029", 50, 45)
    plain = billing_month(ctx, practice.admin, OCTOBER)
    assert next(
        line for line in plain.lines if line.decision.chart_code == "ZK1029"
    ).decision.codes == (
        "99490",
        "99439",
        "99439",
    )
    record_complexity(ctx, practice.admin, "ZK1029", OCTOBER)
    complex_ = billing_month(ctx, practice.admin, OCTOBER)
    line = next(line for line in complex_.lines if line.decision.chart_code == "ZK1029")
    assert line.decision.codes == ("99487", "99489")


def test_coordinators_never_see_billing_and_supervisors_see_their_team(ctx, practice):
    with pytest.raises(AccessDenied):
        billing_month(ctx, practice.ana, OCTOBER)
    team = {line.decision.chart_code for line in billing_month(ctx, practice.sue, OCTOBER).lines}
    assert team == {"ZK1029", "ZK1030", "ZK1031"}
    with pytest.raises(AccessDenied):
        billing_month(ctx, practice.sue, OCTOBER, save=True)


def test_saving_replaces_the_months_rows(ctx, practice):
    spend(ctx, practice.ana, "ZK1029", 25)
    billing_month(ctx, practice.admin, OCTOBER, save=True)
    billing_month(ctx, practice.admin, OCTOBER, save=True)

    with ctx.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(BillingSummaryRow)) == 4
