"""The month run, whose SQL and bookkeeping are built for speed, equals the plain
reading of the rules on a small practice: every entry read back, minutes summed per
patient in Python, each patient-month decided on its own, then summarized."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tools.billing.codes import Program
from tools.billing.month import BillingMonth, PatientMonth, decide_month
from tools.billing.service import billing_month
from tools.billing.summary import MonthSummary, summarize_month
from tools.patients import visible_patients
from tools.store.models import (
    ComplexityDetermination,
    Patient,
    PractitionerTime,
    Provider,
    TaskLogEntry,
    TaskType,
)

OCTOBER = BillingMonth(2026, 10)
LOGGED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def reference_month(ctx, actor, month: BillingMonth) -> MonthSummary:
    """Every stored entry read back and each rule applied as domain.md states it."""
    fees = ctx.fees
    with ctx.db.reading() as session:
        patients = list(session.scalars(visible_patients(actor)))
        billable = {t.id for t in session.scalars(select(TaskType)) if t.billable}
        entries = list(session.scalars(select(TaskLogEntry)))
        practitioner_entries = list(session.scalars(select(PractitionerTime)))
        complex_ids = {
            c.patient_id
            for c in session.scalars(select(ComplexityDetermination))
            if c.month == str(month)
        }
    by_id = {p.id: p for p in patients}

    def counts(day: date, patient_id: int) -> bool:
        patient = by_id.get(patient_id)
        return (
            patient is not None
            and month.first_day <= day <= month.last_day
            and (patient.consent_date is None or day >= patient.consent_date)
        )

    staff: dict[int, int] = defaultdict(int)
    for entry in entries:
        if (
            entry.deleted_at is None
            and entry.task_type_id in billable
            and counts(entry.task_date, entry.patient_id)
        ):
            staff[entry.patient_id] += entry.minutes
    practitioner: dict[int, int] = defaultdict(int)
    for time in practitioner_entries:
        if (
            time.deleted_at is None
            and counts(time.service_date, time.patient_id)
            and time.provider_id == by_id[time.patient_id].provider_id
        ):
            practitioner[time.patient_id] += time.minutes
    decisions = [
        decide_month(
            PatientMonth(
                patient_id=p.id,
                chart_code=p.chart_code,
                month=month,
                program=Program(p.program) if p.program else None,
                chronic_conditions=p.chronic_conditions,
                consent_date=p.consent_date,
                practitioner_id=p.provider_id,
                last_visit=p.last_visit,
                staff_minutes=staff.get(p.id, 0),
                physician_minutes=practitioner.get(p.id, 0),
                complex_determined=p.id in complex_ids,
                coordinator_id=p.coordinator_id,
            ),
            lambda codes: fees.estimate(codes).amount,
        )
        for p in sorted(patients, key=lambda p: p.chart_code)
        if p.program is not None or p.id in staff or p.id in practitioner
    ]
    return summarize_month(month, decisions, fees)


def _small_practice(ctx, practice, seed: int = 20261205) -> None:
    """Forty more patients of every kind, and entries that count and that do not:
    outside the month, before consent, deleted, of non-billable types, the
    practitioner's own time (also another practitioner's), complex determinations."""
    rng = random.Random(seed)
    coordinators = [practice.ana.staff_id, practice.ben.staff_id, practice.cara.staff_id, None]
    with ctx.db.transaction() as session:
        types = list(session.scalars(select(TaskType)))
        billable = [t.id for t in types if t.billable]
        not_billable = [t.id for t in types if not t.billable]
        other = Provider(name="Dr. Other Fictional Provider", npi=None)
        session.add(other)
        for n in range(40):
            program = rng.choice(["CCM", "CCM", "PCM", None])
            session.add(
                Patient(
                    chart_code=f"RF{n:04d}",
                    name=f"TESTPATIENT, RF{n:04d}",
                    status="active",
                    coordinator_id=rng.choice(coordinators),
                    provider_id=rng.choice([practice.provider_id, practice.provider_id, None]),
                    facility="Main Clinic",
                    program=program,
                    chronic_conditions=rng.choice([0, 1, 2, 3]),
                    consent_date=rng.choice(
                        [None, date(2026, 1, 10), date(2026, 9, 30), date(2026, 10, 1)]
                        + [date(2026, 10, 12), date(2026, 10, 31), date(2026, 11, 3)]
                    ),
                    visit_interval_months=6,
                    last_visit=rng.choice([None, date(2025, 9, 1), date(2026, 6, 1)]),
                )
            )
        session.flush()
        patients = list(session.scalars(select(Patient)))
        for patient in patients:
            for _ in range(rng.randint(0, 9)):
                session.add(
                    TaskLogEntry(
                        coordinator_id=practice.ana.staff_id,
                        patient_id=patient.id,
                        task_type_id=rng.choice(billable * 4 + not_billable),
                        minutes=rng.choice([5, 10, 15, 20, 30, 45]),
                        notes="",
                        task_date=date(2026, 9, 25) + timedelta(days=rng.randint(0, 42)),
                        logged_at=LOGGED,
                        deleted_at=LOGGED if rng.random() < 0.1 else None,
                    )
                )
            if patient.program and patient.provider_id and rng.random() < 0.3:
                for _ in range(rng.randint(1, 3)):
                    session.add(
                        PractitionerTime(
                            patient_id=patient.id,
                            provider_id=rng.choice([patient.provider_id] * 3 + [other.id]),
                            minutes=rng.choice([10, 20, 30, 40]),
                            service_date=date(2026, 10, 1) + timedelta(days=rng.randint(-3, 33)),
                            activity="care management",
                            recorded_at=LOGGED,
                            deleted_at=LOGGED if rng.random() < 0.1 else None,
                        )
                    )
            if patient.program == "CCM" and patient.provider_id and rng.random() < 0.3:
                session.add(
                    ComplexityDetermination(
                        patient_id=patient.id,
                        month=rng.choice(["2026-10", "2026-10", "2026-09"]),
                        provider_id=patient.provider_id,
                        recorded_at=LOGGED,
                    )
                )


def test_the_month_run_equals_the_plain_reading_of_the_rules(ctx, practice):
    _small_practice(ctx, practice)
    for actor in (practice.admin, practice.sue):
        fast = billing_month(ctx, actor, OCTOBER)
        assert fast.as_dict() == reference_month(ctx, actor, OCTOBER).as_dict()
    everyone = billing_month(ctx, practice.admin, OCTOBER).as_dict()
    # The practice is varied enough for the comparison to mean something.
    reasons = {row["reason"].split(";")[0].split(" (")[0] for row in everyone["patients"]}
    assert len(everyone["patients"]) > 30
    assert everyone["practice"]["billed_patients"] >= 5
    assert any("consent recorded after" in r for r in reasons)
    assert any("complex" in r for r in reasons)
    assert any("practitioner" in r for r in reasons)
