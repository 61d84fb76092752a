"""Staff members: adding them and resolving who is acting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import NotFound, ToolError
from tools.store.models import Staff

_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,39}$")


@dataclass(frozen=True)
class StaffView:
    id: int
    name: str
    role: str
    team: str | None
    slack_user_id: str | None
    active: bool


def _view(staff: Staff) -> StaffView:
    return StaffView(
        staff.id, staff.name, staff.role, staff.team, staff.slack_user_id, staff.active
    )


def add_staff(
    ctx: ToolContext,
    actor: Actor,
    *,
    name: str,
    role: str,
    team: str | None = None,
    slack_user_id: str | None = None,
) -> StaffView:
    with ctx.write(actor, "staff.add", "staff") as call:
        require_role(actor, Role.ADMIN, what="adding staff")
        name = " ".join(str(name).split())
        if not name or len(name) > 200:
            raise ToolError("name must be 1 to 200 characters", rule="name", field="name")
        try:
            role = Role(str(role).lower())
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise ToolError(f"role must be one of {allowed}", rule="role", field="role") from None
        if role in (Role.COORDINATOR, Role.SUPERVISOR) and not team:
            raise ToolError(f"a {role} needs a team", rule="team", field="team")
        if slack_user_id is not None and not _SLACK_ID.match(slack_user_id):
            raise ToolError(
                "the Slack id must be a Slack user id (U… or W…)",
                rule="slack_id",
                field="slack_id",
            )
        if slack_user_id and call.session.scalar(
            select(Staff.id).where(Staff.slack_user_id == slack_user_id)
        ):
            raise ToolError(
                f"Slack user {slack_user_id} already belongs to a staff member",
                rule="slack_id_taken",
                field="slack_id",
            )
        staff = Staff(
            name=name,
            role=str(role),
            team=team,
            slack_user_id=slack_user_id,
            active=True,
            created_at=ctx.clock.now(),
        )
        call.session.add(staff)
        call.session.flush()
        call.audit(object_id=staff.id, detail=f"role {role}")
        return _view(staff)


def list_staff(ctx: ToolContext, actor: Actor) -> list[StaffView]:
    require_role(actor, Role.ADMIN, Role.SUPERVISOR, what="listing staff")
    with ctx.db.reading() as session:
        query = select(Staff).order_by(Staff.id)
        if actor.role is Role.SUPERVISOR:
            query = query.where(Staff.team == actor.team)
        return [_view(s) for s in session.scalars(query)]


def actor_for(ctx: ToolContext, staff_id: int, channel: str) -> Actor:
    """The acting staff member, as an ``Actor`` for tool calls."""
    with ctx.db.reading() as session:
        staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFound(f"no active staff member with id {staff_id}", field="staff")
    return Actor(staff.id, staff.name, Role(staff.role), staff.team, channel)


def actor_for_slack(ctx: ToolContext, slack_user_id: str, channel: str = "slack") -> Actor:
    with ctx.db.reading() as session:
        staff = session.scalar(select(Staff).where(Staff.slack_user_id == slack_user_id))
    if staff is None or not staff.active:
        raise NotFound(f"Slack user {slack_user_id} is not a Baton staff member", field="slack_id")
    return Actor(staff.id, staff.name, Role(staff.role), staff.team, channel)


def staff_names(ctx: ToolContext, ids: list[int]) -> dict[int, str]:
    """Display names for staff ids (names of staff are not patient information)."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    with ctx.db.reading() as session:
        return dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(wanted))).all())


def deactivate_staff(ctx: ToolContext, actor: Actor, staff_id: int) -> StaffView:
    """Someone left: they can no longer act, decide or hold work. Their open handoffs and
    decision requests move to whoever covers at the next run-due (backup, then chain)."""
    with ctx.write(actor, "staff.deactivate", "staff") as call:
        require_role(actor, Role.ADMIN, what="deactivating staff")
        staff = call.session.get(Staff, staff_id)
        if staff is None:
            raise NotFound(f"no staff member with id {staff_id}", field="staff")
        if not staff.active:
            raise ToolError(f"staff member {staff_id} is already inactive", rule="inactive")
        staff.active = False
        call.audit(object_id=staff.id)
        return _view(staff)
