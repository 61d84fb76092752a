"""The task types a coordinator can pick from (Tab 2's task type list)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.store.models import TaskType


@dataclass(frozen=True)
class TaskTypeView:
    name: str
    category: str
    average_minutes: int
    program: str | None  # CCM or PCM only types; None for every patient


def list_task_types(ctx: ToolContext, actor: Actor) -> list[TaskTypeView]:
    """Active types by category, then name (no billing flags: coordinators see no codes)."""
    require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what="task types")
    with ctx.db.reading() as session:
        rows = session.scalars(
            select(TaskType)
            .where(TaskType.active.is_(True))
            .order_by(TaskType.category, TaskType.name)
        )
        return [TaskTypeView(t.name, t.category, t.average_minutes, t.program) for t in rows]
