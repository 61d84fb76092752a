"""What the add/edit task dialog and the month line above the coordinator's tabs need."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from tools.access import Actor, Role
from tools.billing.month import BillingMonth
from tools.panel import patient_panel
from tools.tasks.service import list_tasks
from tools.tasks.types import list_task_types


def patient_options(records: Any, actor: Actor) -> list[Any]:
    return patient_panel(records, actor, mine_only=actor.role is Role.COORDINATOR)


def task_types_by_category(records: Any, actor: Actor) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for task_type in list_task_types(records, actor):
        grouped[task_type.category].append(task_type)
    return dict(grouped)


def month_summary(records: Any, actor: Actor, today: date) -> dict[str, int]:
    month = BillingMonth.of(today)
    entries = list_tasks(records, actor, start=month.first_day, end=month.last_day)
    return {
        "minutes": sum(e.minutes for e in entries),
        "patients": len({e.patient_id for e in entries}),
        "tasks": len(entries),
    }
