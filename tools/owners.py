"""The owner directory: who fills each human decision role, their backup, and the chain.

The handoff map names roles ("Revenue cycle director", "Privacy officer"); decisions and
handoffs need people. Admins fill the roles; a role nobody fills is reported by
``unfilled_roles`` instead of being skipped when a decision arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import NotFound, ToolError
from tools.store.models import OwnerEscalation, OwnerRole, Staff

MAX_CHAIN = 5


@dataclass(frozen=True)
class OwnerEntry:
    role: str
    primary: int | None
    backup: int | None
    chain: tuple[int, ...]

    def deciders(self) -> tuple[int, ...]:
        """Everyone who may decide for this role, in the order they are asked."""
        return ordered_deciders(self.primary, self.backup, self.chain)


def ordered_deciders(primary: int | None, backup: int | None, chain: Sequence[int]) -> tuple:
    """Primary, then backup, then the escalation chain; each person once."""
    seen: list[int] = []
    for person in (primary, backup, *chain):
        if person is not None and person not in seen:
            seen.append(person)
    return tuple(seen)


def normalise_role(role: str) -> str:
    name = " ".join(str(role).split())
    if not name or len(name) > 100:
        raise ToolError("a role name is 1 to 100 characters", rule="role_name", field="role")
    return name


def set_owner(
    ctx: ToolContext,
    actor: Actor,
    role: str,
    *,
    primary: int | None,
    backup: int | None = None,
    chain: Sequence[int] = (),
) -> OwnerEntry:
    """Fill (or refill) a role: its owner, backup and escalation chain (admins only)."""
    name = normalise_role(role)
    with ctx.write(actor, "owners.set", "owner_role") as call:
        require_role(actor, Role.ADMIN, what="editing the owner directory")
        if len(chain) > MAX_CHAIN:
            raise ToolError(
                f"an escalation chain has at most {MAX_CHAIN} people", rule="chain_length"
            )
        people = [p for p in (primary, backup, *chain) if p is not None]
        _require_active_staff(call.session, people)
        if primary is not None and primary == backup:
            raise ToolError("the backup must be someone else", rule="backup", field="backup")
        entry = call.session.scalar(select(OwnerRole).where(OwnerRole.role == name))
        if entry is None:
            entry = OwnerRole(role=name, updated_at=ctx.clock.now())
            call.session.add(entry)
        entry.primary_staff_id, entry.backup_staff_id = primary, backup
        entry.updated_at = ctx.clock.now()
        call.session.flush()
        call.session.execute(delete(OwnerEscalation).where(OwnerEscalation.role_id == entry.id))
        call.session.add_all(
            OwnerEscalation(role_id=entry.id, position=i, staff_id=person)
            for i, person in enumerate(chain, start=1)
        )
        call.audit(object_id=entry.id, detail=f"{len(people)} people")
        return OwnerEntry(name, primary, backup, tuple(chain))


def owner_directory(ctx: ToolContext, actor: Actor) -> list[OwnerEntry]:
    """Every filled role; anyone on staff may read who owns what."""
    with ctx.read(actor, "owners.list", "owner_role") as call:
        return load_directory(call.session)


def find_owner(session: Session, role: str) -> OwnerEntry | None:
    """The directory's entry for ``role``; for "<team> team supervisor" roles nobody has
    filled, the team's active supervisors (first as owner, second as backup)."""
    name = " ".join(str(role).split())
    folded = name.casefold()
    found = next((e for e in load_directory(session) if e.role.casefold() == folded), None)
    if found is not None:
        return found
    team = team_of_supervisor_role(name)
    if team is None:
        return None
    supervisors = list(
        session.scalars(
            select(Staff.id)
            .where(Staff.role == "supervisor", Staff.team == team, Staff.active.is_(True))
            .order_by(Staff.id)
        )
    )
    if not supervisors:
        return None
    return OwnerEntry(name, supervisors[0], supervisors[1] if len(supervisors) > 1 else None, ())


TEAM_SUPERVISOR_SUFFIX = " team supervisor"


def team_supervisor_role(team: str) -> str:
    """The role that signs off a team's exceptions, e.g. "North team supervisor"."""
    return f"{team}{TEAM_SUPERVISOR_SUFFIX}"


def team_of_supervisor_role(role: str) -> str | None:
    if role.casefold().endswith(TEAM_SUPERVISOR_SUFFIX) and len(role) > len(TEAM_SUPERVISOR_SUFFIX):
        return role[: -len(TEAM_SUPERVISOR_SUFFIX)]
    return None


def active_staff(session: Session, people: Iterable[int]) -> set[int]:
    wanted = set(people)
    if not wanted:
        return set()
    return set(
        session.scalars(select(Staff.id).where(Staff.id.in_(wanted), Staff.active.is_(True)))
    )


def escalation_ladder(
    session: Session, owner_role: str, escalate_to_role: str | None = None
) -> tuple[int, ...]:
    """Who holds work for ``owner_role``, in the order it moves up when it stalls.

    First the owner, or the backup when the owner is gone; then the role's escalation
    chain; then the same for ``escalate_to_role``. Only active staff, each person once.
    Empty when nobody active fills either role.
    """
    ladder: list[int] = []
    for role in (owner_role, escalate_to_role):
        entry = find_owner(session, role) if role else None
        if entry is None:
            continue
        active = active_staff(session, entry.deciders())
        first = next((p for p in (entry.primary, entry.backup) if p in active), None)
        for person in (first, *entry.chain):
            if person is not None and person in active and person not in ladder:
                ladder.append(person)
    return tuple(ladder)


def active_deciders(session: Session, role: str) -> tuple[int, ...]:
    """Everyone active who may decide for ``role``, in the order they are asked."""
    entry = find_owner(session, role)
    if entry is None:
        return ()
    active = active_staff(session, entry.deciders())
    return tuple(p for p in entry.deciders() if p in active)


def load_directory(session: Session) -> list[OwnerEntry]:
    chains: dict[int, list[int]] = {}
    for step in session.scalars(select(OwnerEscalation).order_by(OwnerEscalation.position)):
        chains.setdefault(step.role_id, []).append(step.staff_id)
    return [
        OwnerEntry(
            row.role, row.primary_staff_id, row.backup_staff_id, tuple(chains.get(row.id, []))
        )
        for row in session.scalars(select(OwnerRole).order_by(OwnerRole.role))
    ]


def unfilled_roles(ctx: ToolContext, actor: Actor, required: Iterable[str]) -> list[str]:
    """Roles in ``required`` (the handoff map's) with nobody active behind them."""
    with ctx.read(actor, "owners.check", "owner_role") as call:
        active = set(call.session.scalars(select(Staff.id).where(Staff.active.is_(True))))
        filled = {
            entry.role.casefold()
            for entry in load_directory(call.session)
            if any(person in active for person in entry.deciders())
        }
        return sorted({r for r in required if " ".join(r.split()).casefold() not in filled})


def _require_active_staff(session: Session, people: Sequence[int]) -> None:
    if not people:
        return
    found = set(
        session.scalars(select(Staff.id).where(Staff.id.in_(people), Staff.active.is_(True)))
    )
    missing = [str(p) for p in people if p not in found]
    if missing:
        raise NotFound(f"no active staff member with id {', '.join(missing)}", field="staff")
