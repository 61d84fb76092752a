"""One patient-month: does it bill, which codes, and why (or why not).

The unit of billing is one patient, one billing practitioner, one calendar month
(domain.md §3, from the CMS PFS care-management rules). The gates are checked in the order
a biller would check them, and the first one that fails is the reason the month does not
bill, written so an admin can act on it ("no consent on file", "18 min, below 20").

What counts as minutes is decided before this module: only clinical-staff (or the
practitioner's own) time on billable care-management task types, dated on or after the
consent date, inside the month. This module never sums across patients or months.

Choices where the rules leave room, stated here so they can be checked:

* A recorded complex determination with under 60 staff minutes is not reported as complex;
  the month is billed as non-complex CCM when it reaches 20 minutes, and the reason says so.
* Staff time and the practitioner's own time are mutually exclusive in one month (99491
  not with 99487/99489/99490; 99424 not with 99426). When both earn codes, the track worth
  more by the fee schedule is reported (staff on a tie or with no fee schedule), and the
  reason names the track that was not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from tools.billing.codes import Program, billing_codes, check_code_combination, code_family
from tools.billing.errors import PatientMonthError

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")  # ASCII digits only

# CMS: an initiating visit (E/M, AWV or IPPE) is required for patients not seen by the
# billing practitioner within the year before care management starts.
INITIATING_VISIT_WINDOW = timedelta(days=365)


@dataclass(frozen=True, order=True)
class BillingMonth:
    """A calendar month, ``BillingMonth.parse("2026-10")``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 2000 <= self.year <= 2100:
            raise PatientMonthError(f"month {self.year}-{self.month:02d}: not a calendar month")

    @classmethod
    def parse(cls, text: str) -> BillingMonth:
        match = _MONTH.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise PatientMonthError(f"month {text!r}: expected YYYY-MM, e.g. 2026-10")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> BillingMonth:
        return cls(day.year, day.month)

    # Cached: the gates read them for every patient of a month run.
    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @cached_property
    def visits_from(self) -> date:
        """The earliest last visit that spares a patient an initiating visit this month."""
        return self.first_day - INITIATING_VISIT_WINDOW

    def next(self) -> BillingMonth:
        return BillingMonth(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> BillingMonth:
        return BillingMonth(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


# PatientMonth and MonthDecision are plain (slotted, not frozen) dataclasses: a month run
# builds one of each per patient, and a frozen dataclass takes about fifteen times as long
# to build (bench/bench_records.py). Nothing changes them after they are built.


@dataclass(slots=True)
class PatientMonth:
    """What the store knows about one patient in one month, with minutes already filtered."""

    patient_id: int
    chart_code: str
    month: BillingMonth
    program: Program | None
    chronic_conditions: int
    consent_date: date | None
    practitioner_id: int | None
    last_visit: date | None
    staff_minutes: int
    physician_minutes: int = 0
    complex_determined: bool = False
    coordinator_id: int | None = None

    def __post_init__(self) -> None:
        staff, physician, conditions = (
            self.staff_minutes,
            self.physician_minutes,
            self.chronic_conditions,
        )
        # Rows from the store hold plain ints: one quick test, the full check otherwise.
        if not (
            type(staff) is int
            and staff >= 0
            and type(physician) is int
            and physician >= 0
            and type(conditions) is int
            and conditions >= 0
        ):
            self._refuse_bad_counts()
        if self.program is not None and not isinstance(self.program, Program):
            raise PatientMonthError(
                f"patient {self.patient_id}: program must be CCM, PCM or none, got {self.program!r}"
            )

    def _refuse_bad_counts(self) -> None:
        for name in ("staff_minutes", "physician_minutes", "chronic_conditions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PatientMonthError(
                    f"patient {self.patient_id}, {self.month}: {name} must be a whole "
                    f"number of 0 or more, got {value!r}"
                )


@dataclass(slots=True)
class MonthDecision:
    """The outcome for one patient-month: the codes (one entry per unit) and the reason."""

    patient_id: int
    chart_code: str
    month: BillingMonth
    program: Program | None
    practitioner_id: int | None
    coordinator_id: int | None
    staff_minutes: int
    physician_minutes: int
    codes: tuple[str, ...]
    reason: str
    track: str | None = None  # "staff" or "physician" when it bills

    @property
    def billed(self) -> bool:
        return bool(self.codes)


Valuer = Callable[[Sequence[str]], Decimal]


def decide_month(record: PatientMonth, value: Valuer | None = None) -> MonthDecision:
    """Apply the eligibility gates and the time thresholds to one patient-month."""
    refusal = _gate(record)
    if refusal:
        return _decision(record, (), refusal)
    return _decision(record, *_time_outcome(record, value))


def decide_months(
    records: Iterable[PatientMonth], value: Valuer | None = None
) -> Iterator[MonthDecision]:
    """``decide_month`` for each record, in order, for a month run.

    The gates are checked for every record. What the time thresholds give (codes, track,
    reason) depends only on the program, the complexity determination and the two
    minute counts, and ``value`` prices code lists the same way all run long, so it is
    worked out once per distinct combination: a practice of 10,000 patients has a few
    hundred.
    """
    outcomes: dict[tuple[Program | None, bool, int, int], _TimeOutcome] = {}
    for record in records:
        refusal = _gate(record)
        if refusal:
            codes: tuple[str, ...] = ()
            reason, track = refusal, None
        else:
            key = (
                record.program,
                record.complex_determined,
                record.staff_minutes,
                record.physician_minutes,
            )
            outcome = outcomes.get(key)
            if outcome is None:
                outcome = outcomes[key] = _time_outcome(record, value)
            codes, reason, track = outcome
        # As _decision builds it, written out here: a month run builds one per patient,
        # and the extra call per patient showed in the run's time.
        yield MonthDecision(
            record.patient_id,
            record.chart_code,
            record.month,
            record.program,
            record.practitioner_id,
            record.coordinator_id,
            record.staff_minutes,
            record.physician_minutes,
            codes,
            reason,
            track,
        )


# codes, reason, track: what the time rules give a record that passed the gates.
_TimeOutcome = tuple[tuple[str, ...], str, str | None]


def _time_outcome(record: PatientMonth, value: Valuer | None) -> _TimeOutcome:
    """Codes, reason and track from the minutes alone (reads only the fields that
    ``decide_months`` keys its outcomes by: program, complex_determined, staff_minutes,
    physician_minutes)."""
    staff, staff_note = _staff_codes(record)
    physician = tuple(
        billing_codes(record.program or Program.CCM, record.physician_minutes, physician=True)
    )
    if not staff and not physician:
        return (), _below_threshold(record), None
    chosen, track = (staff, "staff") if staff else (physician, "physician")
    notes = [staff_note] if staff_note and track == "staff" else []
    if staff and physician:
        if value is not None and value(physician) > value(staff):
            chosen, track, notes = physician, "physician", []
        other = "staff" if track == "physician" else "practitioner"
        other_minutes = record.staff_minutes if other == "staff" else record.physician_minutes
        notes.append(
            f"{other} time ({other_minutes} min) not reported: "
            "staff and practitioner tracks are not billed in the same month"
        )
    check_code_combination(chosen)
    minutes = record.staff_minutes if track == "staff" else record.physician_minutes
    who = "staff" if track == "staff" else "practitioner"
    reason = f"{minutes} min {who} {_program_label(record, chosen)}"
    if notes:
        reason += "; " + "; ".join(notes)
    return chosen, reason, track


def _gate(record: PatientMonth) -> str | None:
    """The first eligibility rule the patient-month fails, in words; None if all pass."""
    if record.program is None:
        return "not enrolled in CCM or PCM"
    if record.program is Program.CCM and record.chronic_conditions < 2:
        return f"CCM needs two or more chronic conditions; {record.chronic_conditions} on file"
    if record.program is Program.PCM and record.chronic_conditions < 1:
        return "PCM needs a high-risk chronic condition on file"
    if record.consent_date is None:
        return "no consent on file"
    if record.consent_date > record.month.last_day:
        return f"consent recorded after {record.month} ({record.consent_date.isoformat()})"
    if record.practitioner_id is None:
        return "no billing practitioner assigned"
    if record.last_visit is None:
        return "no initiating visit on file"
    if record.last_visit < record.month.visits_from:
        return (
            f"last visit {record.last_visit.isoformat()} is over a year before {record.month}; "
            "an initiating visit is needed"
        )
    return None


def _staff_codes(record: PatientMonth) -> tuple[tuple[str, ...], str | None]:
    program = record.program or Program.CCM
    if program is Program.CCM and record.complex_determined:
        complex_codes = billing_codes(program, record.staff_minutes, complex=True)
        if complex_codes:
            return tuple(complex_codes), None
        plain = tuple(billing_codes(program, record.staff_minutes))
        note = (
            f"complex determination recorded but {record.staff_minutes} min is below 60; "
            "not reported as complex"
        )
        return plain, note
    return tuple(billing_codes(program, record.staff_minutes)), None


def _below_threshold(record: PatientMonth) -> str:
    program = record.program or Program.CCM
    complex_ = program is Program.CCM and record.complex_determined
    staff_floor = code_family(program).base.threshold_minutes
    if record.physician_minutes and not record.staff_minutes:
        floor = code_family(program, physician=True).base.threshold_minutes
        return f"{record.physician_minutes} min practitioner time, below {floor}"
    text = f"{record.staff_minutes} min, below {staff_floor}"
    if record.physician_minutes:
        floor = code_family(program, physician=True).base.threshold_minutes
        text += f"; {record.physician_minutes} min practitioner time, below {floor}"
    if complex_:
        text += " (complex needs 60)"
    return text


_COMPLEX_CODES = frozenset({"99487", "99489"})


def _program_label(record: PatientMonth, codes: Sequence[str]) -> str:
    complex_ = not _COMPLEX_CODES.isdisjoint(codes)
    return f"{'complex ' if complex_ else ''}{record.program}"


def _decision(
    record: PatientMonth, codes: Sequence[str], reason: str, track: str | None = None
) -> MonthDecision:
    # By position, in MonthDecision's field order: keywords take twice as long, and a
    # month run builds one decision per patient.
    return MonthDecision(
        record.patient_id,
        record.chart_code,
        record.month,
        record.program,
        record.practitioner_id,
        record.coordinator_id,
        record.staff_minutes,
        record.physician_minutes,
        tuple(codes),
        reason,
        track,
    )
