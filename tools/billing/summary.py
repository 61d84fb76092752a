"""The monthly billing summary: per patient, per coordinator and for the practice.

Built from month decisions (one per patient-month) and the fee schedule. Each patient row
keeps its reason, so the admin sees why every patient-month did or did not bill. Amounts
are estimates from the admin's fee schedule, never claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import TypedDict

from tools.billing.codes import describe_codes
from tools.billing.errors import SummaryError
from tools.billing.fee_schedule import Estimate, FeeSchedule
from tools.billing.month import BillingMonth, MonthDecision

_CODES = attrgetter("codes")
_STAFF_MINUTES = attrgetter("staff_minutes")
_PHYSICIAN_MINUTES = attrgetter("physician_minutes")
_CHART_CODE = attrgetter("decision.chart_code")


@dataclass(slots=True)  # not frozen: one per patient in a month run (see billing.month)
class PatientLine:
    decision: MonthDecision
    amount: Decimal
    missing_fees: tuple[str, ...]

    @property
    def codes_text(self) -> str:
        return describe_codes(self.decision.codes)


class TotalsRow(TypedDict):
    patients: int
    billed_patients: int
    minutes: int
    estimated_amount_usd: str
    codes: dict[str, int]


class PatientRow(TypedDict):
    patient_id: int
    chart_code: str
    coordinator_id: int | None
    practitioner_id: int | None
    program: str | None
    staff_minutes: int
    physician_minutes: int
    codes: list[str]
    billed: bool
    reason: str
    estimated_amount_usd: str


class MonthSummaryRow(TypedDict):
    """The summary as plain data: the API's, the CLI's and the web page's shape."""

    month: str
    fee_schedule_year: int
    practice: TotalsRow
    by_coordinator: dict[str, TotalsRow]
    patients: list[PatientRow]
    missing_fees: list[str]


@dataclass
class Totals:
    patients: int = 0
    billed_patients: int = 0
    minutes: int = 0
    amount: Decimal = Decimal("0.00")
    codes: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, decisions: Sequence[MonthDecision], fees: FeeSchedule) -> Totals:
        """The totals of one group of patient-months, counted by code list: a practice
        has thousands of patients but a few dozen code lists."""
        by_codes = Counter(map(_CODES, decisions))
        totals = cls(
            patients=len(decisions),
            minutes=sum(map(_STAFF_MINUTES, decisions)) + sum(map(_PHYSICIAN_MINUTES, decisions)),
        )
        for codes, count in by_codes.items():
            if codes:
                totals.billed_patients += count
                totals.amount += fees.estimate(codes).amount * count
                for code in codes:
                    totals.codes[code] += count
        return totals

    def merge(self, other: Totals) -> None:
        self.patients += other.patients
        self.billed_patients += other.billed_patients
        self.minutes += other.minutes
        self.amount += other.amount
        self.codes.update(other.codes)

    def as_dict(self) -> TotalsRow:
        return {
            "patients": self.patients,
            "billed_patients": self.billed_patients,
            "minutes": self.minutes,
            "estimated_amount_usd": f"{self.amount:.2f}",
            "codes": dict(sorted(self.codes.items())),
        }


@dataclass
class MonthSummary:
    month: BillingMonth
    fee_year: int
    lines: list[PatientLine]
    by_coordinator: dict[int | None, Totals]
    practice: Totals
    missing_fees: tuple[str, ...]

    def as_dict(self) -> MonthSummaryRow:
        return {
            "month": str(self.month),
            "fee_schedule_year": self.fee_year,
            "practice": self.practice.as_dict(),
            "by_coordinator": {
                ("unassigned" if key is None else str(key)): totals.as_dict()
                for key, totals in sorted(
                    self.by_coordinator.items(), key=lambda item: (item[0] is None, item[0] or 0)
                )
            },
            "patients": [
                {
                    "patient_id": line.decision.patient_id,
                    "chart_code": line.decision.chart_code,
                    "coordinator_id": line.decision.coordinator_id,
                    "practitioner_id": line.decision.practitioner_id,
                    "program": line.decision.program and str(line.decision.program),
                    "staff_minutes": line.decision.staff_minutes,
                    "physician_minutes": line.decision.physician_minutes,
                    "codes": list(line.decision.codes),
                    "billed": line.decision.billed,
                    "reason": line.decision.reason,
                    "estimated_amount_usd": f"{line.amount:.2f}",
                }
                for line in self.lines
            ],
            "missing_fees": list(self.missing_fees),
        }


def summarize_month(
    month: BillingMonth, decisions: Iterable[MonthDecision], fees: FeeSchedule
) -> MonthSummary:
    """Price every decision and total them per coordinator and for the practice."""
    lines: list[PatientLine] = []
    # Patient -> the practitioner of its first decision; (patient, practitioner) pairs
    # only for patients seen again: no tuple kept per patient in a month run.
    first_practitioner: dict[int, int | None] = {}
    repeated: set[tuple[int, int | None]] = set()
    by_coordinator_decisions: dict[int | None, list[MonthDecision]] = {}
    # Each code list priced once here: a month run has a few dozen lists for thousands
    # of patients. A code missing from the schedule is first met with its list.
    estimates: dict[tuple[str, ...], Estimate] = {}
    missing: list[str] = []
    in_order, previous = True, ""
    for decision in decisions:
        if decision.month is not month and decision.month != month:
            raise SummaryError(
                f"patient {decision.patient_id}: decision for {decision.month}, not {month}"
            )
        patient, practitioner = decision.patient_id, decision.practitioner_id
        if patient in first_practitioner:  # a second practitioner is allowed, not a repeat
            pair = (patient, practitioner)
            if first_practitioner[patient] == practitioner or pair in repeated:
                raise SummaryError(
                    f"patient {patient}: two decisions for one practitioner in {month}"
                )
            repeated.add(pair)
        else:
            first_practitioner[patient] = practitioner
        codes = tuple(decision.codes)
        estimate = estimates.get(codes)
        if estimate is None:
            estimate = estimates[codes] = fees.estimate(codes)
            missing.extend(code for code in estimate.missing_codes if code not in missing)
        lines.append(PatientLine(decision, estimate.amount, estimate.missing_codes))
        group = by_coordinator_decisions.get(decision.coordinator_id)
        if group is None:
            group = by_coordinator_decisions[decision.coordinator_id] = []
        group.append(decision)
        if in_order:  # a month run passes its decisions in chart-code order already
            chart_code = decision.chart_code
            in_order, previous = previous <= chart_code, chart_code
    by_coordinator = {
        coordinator: Totals.of(group, fees)
        for coordinator, group in by_coordinator_decisions.items()
    }
    practice = Totals()
    for totals in by_coordinator.values():  # the practice is the sum of its coordinators
        practice.merge(totals)
    if not in_order:
        lines.sort(key=_CHART_CODE)
    return MonthSummary(month, fees.year, lines, by_coordinator, practice, tuple(missing))
