"""Which automated tasks a patient gets, and when they are due (PCC workflow design §2.3).

Monthly, generated on the 1st: insurance verification (due the 7th) for every assigned
patient; CCM care-plan review/close (the 15th) and care-gap review (the 20th) for CCM
patients; PCM care-plan review/close (the 15th) for PCM patients only. Weekly, generated
on Mondays: initial CCM chart review (due Friday) for CCM patients, and hospital/ER
records review (due Wednesday) for every assigned patient. Types restricted to a program
go only to patients in that program, so no coordinator is asked to do CCM work for a
patient who is not enrolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tools.billing.month import BillingMonth


@dataclass(frozen=True)
class ScheduleRule:
    task_type: str
    frequency: str  # monthly | weekly
    due_offset: int  # day of month (monthly) or days after Monday (weekly)
    estimated_minutes: int
    priority: str
    program: str | None = None  # only patients in this program


MONTHLY: tuple[ScheduleRule, ...] = (
    ScheduleRule("Patient Insurance Verification", "monthly", 7, 15, "high"),
    ScheduleRule("CCM: Care Plan Monthly REVIEW/CLOSE", "monthly", 15, 30, "high", "CCM"),
    ScheduleRule("CCM: CareGap Review/Coordination", "monthly", 20, 20, "medium", "CCM"),
    ScheduleRule("PCM: Care Plan Monthly REVIEW/CLOSE", "monthly", 15, 35, "high", "PCM"),
)

WEEKLY: tuple[ScheduleRule, ...] = (
    ScheduleRule("Chart Review Initial CCM", "weekly", 4, 25, "medium", "CCM"),
    ScheduleRule("Facility Records - Hospital/ER Review", "weekly", 2, 15, "low"),
)


def rules_for(rules: tuple[ScheduleRule, ...], program: str | None) -> list[ScheduleRule]:
    return [rule for rule in rules if rule.program is None or rule.program == program]


def monthly_due(rule: ScheduleRule, month: BillingMonth) -> date:
    return date(month.year, month.month, rule.due_offset)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_key(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_due(rule: ScheduleRule, monday: date) -> date:
    return monday + timedelta(days=rule.due_offset)
