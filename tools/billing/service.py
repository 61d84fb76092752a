"""The monthly billing run over the store: minutes per patient-month, decisions, summary.

Minutes come from SQL aggregates joined to the patients: the patient-month's task-log
entries that are not deleted, of billable task types, dated inside the month and on or
after the patient's consent date (care management starts with consent) are the
clinical-staff track; the billing practitioner's own recorded time
(``tools.billing.practitioner_time``) is the practitioner track. The month decision
bills one of the two. Only admins see every patient; supervisors see their
team; coordinators never see codes or amounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from tools.access import Actor, Role, require_billing, require_role
from tools.billing.codes import Program, billing_codes, describe_codes
from tools.billing.fee_schedule import Fee, FeeSchedule
from tools.billing.month import (
    BillingMonth,
    MonthDecision,
    PatientMonth,
    decide_month,
    decide_months,
)
from tools.billing.summary import MonthSummary, summarize_month
from tools.collection import collection_held_off
from tools.context import ToolContext
from tools.errors import ToolError
from tools.patients import find_patient, visible_patients
from tools.store.models import (
    BillingSummaryRow,
    ComplexityDetermination,
    Patient,
    PractitionerTime,
    TaskLogEntry,
    TaskType,
)


def _practitioner_minutes(month: BillingMonth) -> Select[int, int]:
    """The billing practitioner's own minutes per patient (consent-dated, not deleted)."""
    return (
        select(PractitionerTime.patient_id, func.sum(PractitionerTime.minutes).label("minutes"))
        .join(Patient, Patient.id == PractitionerTime.patient_id)
        .where(
            PractitionerTime.provider_id == Patient.provider_id,
            PractitionerTime.deleted_at.is_(None),
            PractitionerTime.service_date >= month.first_day,
            PractitionerTime.service_date <= month.last_day,
            or_(
                Patient.consent_date.is_(None),
                PractitionerTime.service_date >= Patient.consent_date,
            ),
        )
        .group_by(PractitionerTime.patient_id)
    )


def billable_type_ids(session: Session) -> list[int]:
    """The ids of the catalog's billable task types (a few dozen), read for each run."""
    return list(
        session.scalars(
            select(TaskType.id).where(TaskType.billable.is_(True)).order_by(TaskType.id)
        )
    )


def _billable_types(ids: list[int]) -> BindParameter[Any]:
    """The billable type ids written into the SQL as literals, not bound, nor a subquery
    over the catalog: PostgreSQL then checks each entry against the list as it reads the
    month's entries, instead of hash-joining every entry to the catalog, and the planner
    sees the list's own values."""
    return bindparam("billable_types", ids, expanding=True, literal_execute=True, unique=True)


def _live_billable_entries(billable: list[int]) -> tuple[ColumnElement[bool], ...]:
    """Entries of the ``billable`` types that are not deleted."""
    return (
        TaskLogEntry.task_type_id.in_(_billable_types(billable)),
        # As written in ix_task_log_month_minutes's condition, so the index serves.
        TaskLogEntry.deleted_at.is_(None),
    )


def _billable_minutes_per_patient(billable: list[int], *conditions: Any) -> Select[int, int]:
    """Per patient, the minutes of entries of the ``billable`` types that are not deleted
    and meet ``conditions``."""
    return (
        select(TaskLogEntry.patient_id, func.sum(TaskLogEntry.minutes).label("minutes"))
        .where(*_live_billable_entries(billable), *conditions)
        .group_by(TaskLogEntry.patient_id)
    )


def _staff_minutes(month: BillingMonth, billable: list[int]) -> tuple[ColumnElement[int], Subquery]:
    """The clinical-staff minutes per patient: billable entries dated inside the month
    and on or after consent, as an expression over the month's aggregate it joins.

    For a patient who consented before the month (or has no consent on file, whom the
    gates refuse), every entry of the month counts: their minutes are the month's plain
    aggregate, with no join per entry. Only for patients who consented during the month
    (a few new enrolments) are their entries summed from the consent date on, by a
    subquery per such patient through the entries' (patient, date) index: a join of
    every patient to a second aggregate took longer on PostgreSQL.
    """
    whole_month = _billable_minutes_per_patient(
        billable,
        TaskLogEntry.task_date >= month.first_day,
        TaskLogEntry.task_date <= month.last_day,
    ).subquery()
    since_consent = (
        select(func.sum(TaskLogEntry.minutes))
        .where(
            TaskLogEntry.patient_id == Patient.id,
            *_live_billable_entries(billable),
            # No lower date bound but the consent date: it is inside the month.
            TaskLogEntry.task_date >= Patient.consent_date,
            TaskLogEntry.task_date <= month.last_day,
        )
        .scalar_subquery()
    )
    consented_before = or_(Patient.consent_date.is_(None), Patient.consent_date <= month.first_day)
    minutes = case((consented_before, whole_month.c.minutes), else_=since_consent)
    return minutes, whole_month


_PATIENT_MONTH_COLUMNS = (
    Patient.id,
    Patient.chart_code,
    Patient.program,
    Patient.chronic_conditions,
    Patient.consent_date,
    Patient.provider_id,
    Patient.last_visit,
    Patient.coordinator_id,
)


_ROW_CHART_CODE = itemgetter(1)  # a month-query row's chart code
_PROGRAMS = {program.value: program for program in Program}  # a lookup per row, not a call


def patient_months(month: BillingMonth, rows: Iterable[Any]) -> Iterator[PatientMonth]:
    """One record per row of ``_month_query``, as the rows are read: a month run keeps
    the decisions, not the records."""
    # Unpacked by position: attribute access on 10,000 result rows costs more than the
    # decisions themselves.
    for (
        patient_id,
        chart_code,
        program,
        conditions,
        consent,
        provider_id,
        last_visit,
        coordinator_id,
        staff_minutes,
        practitioner_minutes,
        complex_determined,
    ) in rows:
        # By position, in PatientMonth's field order: keywords take twice as long.
        yield PatientMonth(
            patient_id,
            chart_code,
            month,
            _PROGRAMS[program] if program else None,
            conditions,
            consent,
            provider_id,
            last_visit,
            staff_minutes,
            practitioner_minutes,
            complex_determined,
            coordinator_id,
        )


def month_patient_rows(session: Session, actor: Actor, month: BillingMonth) -> list[Any]:
    """Visible patients that are enrolled or have billable minutes, with those minutes
    and whether the month is determined complex (in no order).

    One query, one round trip: the month's aggregates joined to the patients, so the
    entries are scanned once. Plain columns on the session's connection, not through the
    ORM's result loading, fetched at once (row by row took a tenth of the run).
    """
    query = _month_query(actor, month, billable_type_ids(session))
    return list(session.connection().execute(query).all())


def _month_query(
    actor: Actor, month: BillingMonth, billable: list[int]
) -> Select[*tuple[Any, ...]]:
    """Visible patients with their month's staff and practitioner minutes (0 for none)
    on the ``billable`` task types and the complexity determination, for those enrolled
    or with minutes."""
    staff_minutes, whole_month = _staff_minutes(month, billable)
    practitioner = _practitioner_minutes(month).subquery()
    # A membership test, not a join: PostgreSQL hashes the month's few determinations
    # once and looks each patient up, without a join step per patient.
    determined_complex = Patient.id.in_(
        select(ComplexityDetermination.patient_id).where(
            ComplexityDetermination.month == str(month)
        )
    )
    return (
        visible_patients(actor)
        .with_only_columns(
            *_PATIENT_MONTH_COLUMNS,
            func.coalesce(staff_minutes, 0),
            func.coalesce(practitioner.c.minutes, 0),
            determined_complex,
        )
        .outerjoin(whole_month, whole_month.c.patient_id == Patient.id)
        .outerjoin(practitioner, practitioner.c.patient_id == Patient.id)
        .where(
            or_(
                Patient.program.is_not(None),
                staff_minutes.is_not(None),
                practitioner.c.minutes.is_not(None),
            )
        )
    )


def patient_month_estimate(
    session: Session, actor: Actor, month: BillingMonth, patient_id: int, fees: FeeSchedule
) -> tuple[MonthDecision | None, Decimal]:
    """One patient-month decided and priced as the month run would (None, 0 when the
    patient has neither enrolment nor minutes that month)."""
    query = _month_query(actor, month, billable_type_ids(session)).where(Patient.id == patient_id)
    record = next(patient_months(month, session.execute(query)), None)
    if record is None:
        return None, Decimal("0.00")
    decision = decide_month(record, lambda codes: fees.estimate(codes).amount)
    return decision, fees.estimate(decision.codes).amount


def billing_month(
    ctx: ToolContext, actor: Actor, month: BillingMonth, *, save: bool = False
) -> MonthSummary:
    """Every enrolled or minute-bearing patient the actor may see, decided and priced.

    With ``save`` (admins only), the month's saved summary rows are replaced in one
    transaction.
    """
    with ctx.read(actor, "billing.view_month", "billing_summary") as call:
        require_billing(actor)
        if save:
            require_role(actor, Role.ADMIN, what="saving the billing summary")
        # In the read's own transaction: on PostgreSQL a transaction of its own took
        # three more round trips (checkout ping, BEGIN, ROLLBACK).
        fees = ctx.fees_in(call.session)

        def value(codes):
            return fees.estimate(codes).amount

        # Collection held off: see tools.collection. Records die as they are decided
        # and the rows once all are, so the run keeps two objects per patient. Sorted
        # in Python, not by the database: PostgreSQL compares text by its collation,
        # which took a tenth of the run, and Python's order (by code point) is the same
        # on both databases. The rows are sorted, not the decisions: the summary then
        # finds its lines in order and need not sort them again.
        with collection_held_off():
            rows = month_patient_rows(call.session, actor, month)
            rows.sort(key=_ROW_CHART_CODE)
            decisions = list(decide_months(patient_months(month, rows), value))
            del rows
            summary = summarize_month(month, decisions, fees)
        call.audit(object_id=str(month), detail=f"{len(summary.lines)} patient-months")
    if save:
        with ctx.write(actor, "billing.save_month", "billing_summary") as write:
            _replace_saved(write.session, summary, ctx)
            write.audit(object_id=str(month), detail=f"{len(summary.lines)} patient-months")
    return summary


def _replace_saved(session: Session, summary: MonthSummary, ctx: ToolContext) -> None:
    session.execute(delete(BillingSummaryRow).where(BillingSummaryRow.month == str(summary.month)))
    now = ctx.clock.now()
    session.add_all(
        BillingSummaryRow(
            month=str(summary.month),
            patient_id=line.decision.patient_id,
            provider_id=line.decision.practitioner_id,
            coordinator_id=line.decision.coordinator_id,
            staff_minutes=line.decision.staff_minutes,
            codes=describe_codes(line.decision.codes) if line.decision.codes else "",
            amount_usd=line.amount,
            billed=line.decision.billed,
            reason=line.decision.reason,
            generated_at=now,
        )
        for line in summary.lines
    )


def record_complexity(
    ctx: ToolContext, actor: Actor, patient: int | str, month: BillingMonth
) -> None:
    """Record the practitioner's complex-CCM determination for a patient-month (admins)."""
    with ctx.write(actor, "billing.record_complexity", "complexity_determination") as call:
        require_role(actor, Role.ADMIN, what="recording a complexity determination")
        record = find_patient(call.session, patient)
        if record.program != "CCM" or record.provider_id is None:
            raise ToolError(
                f"patient {record.chart_code} needs CCM enrolment and a billing practitioner",
                rule="complexity_needs_ccm",
            )
        exists = call.session.scalar(
            select(ComplexityDetermination.id).where(
                and_(
                    ComplexityDetermination.patient_id == record.id,
                    ComplexityDetermination.month == str(month),
                )
            )
        )
        if exists is None:
            call.session.add(
                ComplexityDetermination(
                    patient_id=record.id,
                    month=str(month),
                    provider_id=record.provider_id,
                    recorded_by=actor.staff_id,
                    recorded_at=ctx.clock.now(),
                )
            )
        call.audit(object_id=str(month), patient_id=record.id)


def fee_schedule(ctx: ToolContext, actor: Actor) -> list[Fee]:
    """The fee schedule in use, by code (whoever may see billing amounts)."""
    require_billing(actor)
    return sorted(ctx.fees.fees.values(), key=lambda fee: fee.code)


def billing_codes_for(
    ctx: ToolContext,
    actor: Actor,
    program: Program | str,
    minutes: int,
    *,
    complex: bool = False,
    physician: bool = False,
) -> list[str]:
    """``billing_codes`` for someone allowed to see codes (supervisors, admins); audited,
    and a coordinator's attempt is refused and audited as denied."""
    with ctx.read(actor, "billing.codes", "billing_code") as call:
        require_billing(actor)
        codes = billing_codes(program, minutes, complex=complex, physician=physician)
        call.audit(detail=f"{program} {minutes} min")
        return codes
