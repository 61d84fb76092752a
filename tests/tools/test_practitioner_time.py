"""The billing practitioner's own time: recorded by admins, billed on its own track."""

from __future__ import annotations

from datetime import date

import pytest

from tools.billing.month import BillingMonth
from tools.billing.practitioner_time import check_practitioner_entry, log_practitioner_time
from tools.billing.service import billing_month
from tools.errors import AccessDenied, ToolError
from tools.store.models import AuditEvent, PractitionerTime
from tools.tasks.service import log_task

OCTOBER = BillingMonth(2026, 10)


@pytest.mark.parametrize(
    "minutes, day, rule",
    [
        (0, date(2026, 10, 1), "minutes_range"),
        (241, date(2026, 10, 1), "minutes_range"),
        ("30", date(2026, 10, 1), "minutes_type"),
        (True, date(2026, 10, 1), "minutes_type"),
        (30, date(2026, 10, 15), "future_date"),
    ],
)
def test_entry_rules(minutes: object, day: date, rule: str) -> None:
    with pytest.raises(ToolError) as refused:
        check_practitioner_entry(minutes, day, today=date(2026, 10, 14))
    assert refused.value.rule == rule


def test_practitioner_minutes_bill_the_practitioner_track(ctx, practice) -> None:
    log_practitioner_time(
        ctx, practice.admin, patient="ZK1029", minutes=35, service_date=date(2026, 10, 2)
    )
    line = next(
        line
        for line in billing_month(ctx, practice.admin, OCTOBER).lines
        if line.decision.chart_code == "ZK1029"
    )
    assert line.decision.codes == ("99491",)
    assert line.decision.track == "physician"
    assert line.decision.physician_minutes == 35
    assert "practitioner" in line.decision.reason


def test_with_both_tracks_one_month_bills_one_and_says_why(ctx, practice) -> None:
    log_practitioner_time(
        ctx, practice.admin, patient="ZK1029", minutes=30, service_date=date(2026, 10, 2)
    )
    log_task(
        ctx,
        practice.ana,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type="Communication: Phone",
        minutes=20,
        task_date=date(2026, 10, 3),
    )
    decision = next(
        line.decision
        for line in billing_month(ctx, practice.admin, OCTOBER).lines
        if line.decision.chart_code == "ZK1029"
    )
    assert decision.track in ("staff", "physician")
    assert "not billed in the same month" in decision.reason
    assert len({code[:4] for code in decision.codes}) == 1  # one family only


def test_only_admins_record_it_and_the_refusal_is_audited(ctx, practice) -> None:
    with pytest.raises(AccessDenied):
        log_practitioner_time(ctx, practice.ana, patient="ZK1029", minutes=30)
    with ctx.db.reading() as session:
        denied = session.query(AuditEvent).filter_by(outcome="denied").all()
        assert [event.action for event in denied] == ["billing.practitioner_time"]
        assert session.query(PractitionerTime).count() == 0


def test_unenrolled_patients_and_duplicates_are_refused(ctx, practice) -> None:
    with pytest.raises(ToolError) as refused:
        log_practitioner_time(ctx, practice.admin, patient="ZK1033", minutes=30)
    assert refused.value.rule == "needs_enrolment"
    log_practitioner_time(ctx, practice.admin, patient="ZK1029", minutes=30)
    with pytest.raises(ToolError) as twice:
        log_practitioner_time(ctx, practice.admin, patient="ZK1029", minutes=30)
    assert twice.value.rule == "duplicate"
    with ctx.db.reading() as session:
        assert session.query(PractitionerTime).count() == 1
