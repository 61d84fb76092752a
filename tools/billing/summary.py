"""The monthly billing summary: per patient, per coordinator and for the practice.

Built from month decisions (one per patient-month) and the fee schedule. Each patient row
keeps its reason, so the admin sees why every patient-month did or did not bill. Amounts
are estimates from the admin's fee schedule, never claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from tools.billing.codes import describe_codes
from tools.billing.errors import SummaryError
from tools.billing.fee_schedule import FeeSchedule
from tools.billing.month import BillingMonth, MonthDecision


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

    def add(self, line: PatientLine) -> None:
        self.patients += 1
        self.billed_patients += line.decision.billed
        self.minutes += line.decision.staff_minutes + line.decision.physician_minutes
        self.amount += line.amount
        for code in line.decision.codes:  # cheaper than Counter.update for a few codes
            self.codes[code] += 1

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
    seen: set[tuple[int, int | None]] = set()
    by_coordinator: dict[int | None, Totals] = {}
    practice = Totals()
    missing: list[str] = []
    for decision in decisions:
        if decision.month is not month and decision.month != month:
            raise SummaryError(
                f"patient {decision.patient_id}: decision for {decision.month}, not {month}"
            )
        key = (decision.patient_id, decision.practitioner_id)
        if key in seen:
            raise SummaryError(
                f"patient {decision.patient_id}: two decisions for one practitioner in {month}"
            )
        seen.add(key)
        estimate = fees.estimate(decision.codes)
        line = PatientLine(decision, estimate.amount, estimate.missing_codes)
        lines.append(line)
        totals = by_coordinator.get(decision.coordinator_id)
        if totals is None:
            totals = by_coordinator[decision.coordinator_id] = Totals()
        totals.add(line)
        if estimate.missing_codes:
            missing.extend(code for code in estimate.missing_codes if code not in missing)
    for totals in by_coordinator.values():  # the practice is the sum of its coordinators
        practice.merge(totals)
    lines.sort(key=lambda line: line.decision.chart_code)
    return MonthSummary(month, fees.year, lines, by_coordinator, practice, tuple(missing))
