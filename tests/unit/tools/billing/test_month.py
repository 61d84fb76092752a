"""A patient-month bills or says why not: gates, thresholds, exclusivity, the summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tools.billing.codes import Program
from tools.billing.errors import PatientMonthError, SummaryError
from tools.billing.fee_schedule import FeeSchedule, load_fee_schedule
from tools.billing.month import BillingMonth, PatientMonth, decide_month, decide_months
from tools.billing.summary import summarize_month

OCTOBER = BillingMonth(2026, 10)

ELIGIBLE = PatientMonth(
    patient_id=1,
    chart_code="ZK1029",
    month=OCTOBER,
    program=Program.CCM,
    chronic_conditions=3,
    consent_date=date(2026, 1, 5),
    practitioner_id=7,
    last_visit=date(2026, 8, 1),
    staff_minutes=25,
    coordinator_id=3,
)


@pytest.mark.parametrize(
    ("changes", "codes", "reason"),
    [
        ({}, ("99490",), "25 min staff CCM"),
        ({"staff_minutes": 18}, (), "18 min, below 20"),
        ({"staff_minutes": 0}, (), "0 min, below 20"),
        ({"consent_date": None}, (), "no consent on file"),
        ({"consent_date": date(2026, 11, 2)}, (), "consent recorded after 2026-10"),
        ({"program": None}, (), "not enrolled in CCM or PCM"),
        ({"chronic_conditions": 1}, (), "two or more chronic conditions; 1 on file"),
        ({"practitioner_id": None}, (), "no billing practitioner"),
        ({"last_visit": None}, (), "no initiating visit"),
        ({"last_visit": date(2025, 9, 1)}, (), "over a year before 2026-10"),
        ({"staff_minutes": 65}, ("99490", "99439", "99439"), "65 min staff CCM"),
        (
            {"staff_minutes": 95, "complex_determined": True},
            ("99487", "99489"),
            "95 min staff complex CCM",
        ),
        (
            {"staff_minutes": 45, "complex_determined": True},
            ("99490", "99439"),
            "below 60; not reported as complex",
        ),
        (
            {"staff_minutes": 15, "complex_determined": True},
            (),
            "15 min, below 20 (complex needs 60)",
        ),
        ({"program": Program.PCM, "chronic_conditions": 1, "staff_minutes": 31}, ("99426",), "PCM"),
        ({"program": Program.PCM, "chronic_conditions": 1}, (), "25 min, below 30"),
        ({"program": Program.PCM, "chronic_conditions": 0}, (), "high-risk chronic condition"),
        ({"staff_minutes": 0, "physician_minutes": 35}, ("99491",), "35 min practitioner CCM"),
        ({"staff_minutes": 0, "physician_minutes": 20}, (), "20 min practitioner time, below 30"),
    ],
)
def test_each_patient_month_bills_or_names_its_reason(changes, codes, reason):
    decision = decide_month(replace(ELIGIBLE, **changes))
    assert decision.codes == codes
    assert decision.billed is bool(codes)
    assert reason in decision.reason


def test_staff_and_practitioner_time_are_never_billed_together():
    record = replace(ELIGIBLE, staff_minutes=25, physician_minutes=65)
    by_default = decide_month(record)
    assert by_default.codes == ("99490",)
    assert "practitioner time (65 min) not reported" in by_default.reason
    fees = load_fee_schedule()
    by_value = decide_month(record, value=lambda codes: fees.estimate(codes).amount)
    assert by_value.codes == ("99491", "99437")
    assert by_value.track == "physician"
    assert "staff time (25 min) not reported" in by_value.reason


def test_a_month_run_decides_each_record_as_alone():
    fees = load_fee_schedule()

    def value(codes):
        return fees.estimate(codes).amount

    records = [
        replace(ELIGIBLE, patient_id=n, chart_code=f"AB{n:04d}", **changes)
        for n, changes in enumerate(
            [
                {},
                {"staff_minutes": 65},
                {"staff_minutes": 65, "coordinator_id": 9},  # same minutes, another patient
                {"staff_minutes": 65, "complex_determined": True},
                {"staff_minutes": 65, "program": Program.PCM},
                {"staff_minutes": 25, "physician_minutes": 65},
                {"staff_minutes": 25, "physician_minutes": 65, "practitioner_id": None},
                {"staff_minutes": 25, "consent_date": date(2026, 11, 2)},
                {"staff_minutes": 12, "last_visit": date(2025, 9, 1)},
                {"staff_minutes": 12},
            ]
        )
    ]
    for valuer in (None, value):
        assert list(decide_months(records, valuer)) == [decide_month(r, valuer) for r in records]


@pytest.mark.parametrize(
    ("text", "error"),
    [("2026-13", "not a calendar month"), ("Oct 2026", "expected YYYY-MM"), ("", "YYYY-MM")],
)
def test_bad_months_are_refused(text, error):
    with pytest.raises(PatientMonthError, match=error):
        BillingMonth.parse(text)


def test_month_arithmetic_crosses_years():
    assert BillingMonth.parse("2026-12").next() == BillingMonth(2027, 1)
    assert BillingMonth.parse("2026-01").previous() == BillingMonth(2025, 12)
    assert BillingMonth(2028, 2).last_day == date(2028, 2, 29)


def test_negative_minutes_are_a_malformed_record():
    with pytest.raises(PatientMonthError, match="staff_minutes"):
        replace(ELIGIBLE, staff_minutes=-5)


def test_summary_prices_each_patient_and_totals_by_coordinator_and_practice():
    fees = load_fee_schedule()
    decisions = [
        decide_month(ELIGIBLE),
        decide_month(replace(ELIGIBLE, patient_id=2, chart_code="AB2001", staff_minutes=65)),
        decide_month(replace(ELIGIBLE, patient_id=3, chart_code="AB2002", staff_minutes=18)),
        decide_month(replace(ELIGIBLE, patient_id=4, chart_code="AB2003", coordinator_id=4)),
    ]
    summary = summarize_month(OCTOBER, decisions, fees)
    assert summary.practice.patients == 4
    assert summary.practice.billed_patients == 3
    three = Decimal("60.49") * 2 + Decimal("60.49") + 2 * Decimal("45.93")
    assert summary.practice.amount == three
    assert summary.by_coordinator[3].billed_patients == 2
    assert summary.by_coordinator[4].amount == Decimal("60.49")
    unbilled = next(line for line in summary.lines if not line.decision.billed)
    assert unbilled.decision.reason == "18 min, below 20"
    assert summary.as_dict()["practice"]["estimated_amount_usd"] == f"{three:.2f}"


def test_a_code_with_no_fee_on_file_is_reported_not_guessed():
    fees = load_fee_schedule()
    pcm = replace(ELIGIBLE, program=Program.PCM, chronic_conditions=1, staff_minutes=40)
    summary = summarize_month(OCTOBER, [decide_month(pcm)], fees)
    assert summary.missing_fees == ("99426",)
    assert summary.practice.amount == Decimal("0.00")


def test_the_summary_refuses_mixed_months_and_duplicates():
    fees = FeeSchedule.from_csv_text("code,amount_usd,year,source\n99490,1.00,2025,test\n")
    decision = decide_month(ELIGIBLE)
    with pytest.raises(SummaryError, match="two decisions"):
        summarize_month(OCTOBER, [decision, decision], fees)
    with pytest.raises(SummaryError, match="not 2026-11"):
        summarize_month(BillingMonth(2026, 11), [decision], fees)
