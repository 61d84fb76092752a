"""Who is who: the caller, the staff list and the owner directory."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import CurrentActor, Records
from bot.api.errors import ErrorResponses
from bot.api.schemas.admin import MePublic, OwnerPublic, OwnerUpdate, StaffPublic
from tools.owners import owner_directory, set_owner
from tools.staff import list_staff

router = APIRouter(tags=["directory"])
UNAUTHORIZED: ErrorResponses = {401: {"description": "No valid API token"}}


@router.get("/me", response_model=MePublic, summary="Who the token acts as", responses=UNAUTHORIZED)
def me(actor: CurrentActor) -> MePublic:
    return MePublic(staff_id=actor.staff_id, name=actor.name, role=str(actor.role), team=actor.team)


@router.get(
    "/staff",
    response_model=list[StaffPublic],
    summary="Staff (admins: all; supervisors: their team)",
    responses={**UNAUTHORIZED, 403: {"description": "Not allowed"}},
)
def staff(actor: CurrentActor, records: Records) -> list[StaffPublic]:
    return [
        StaffPublic(id=s.id, name=s.name, role=s.role, team=s.team, active=s.active)
        for s in list_staff(records, actor)
    ]


@router.get(
    "/owners",
    response_model=list[OwnerPublic],
    summary="The owner directory: who decides for each handoff-map role",
    responses=UNAUTHORIZED,
)
def owners(actor: CurrentActor, records: Records) -> list[OwnerPublic]:
    return [
        OwnerPublic(role=e.role, primary=e.primary, backup=e.backup, chain=list(e.chain))
        for e in owner_directory(records, actor)
    ]


@router.put(
    "/owners/{role}",
    response_model=OwnerPublic,
    summary="Fill a role: owner, backup and escalation chain (admins)",
    responses={
        **UNAUTHORIZED,
        403: {"description": "Not an admin"},
        404: {"description": "No such active staff member"},
        422: {"description": "Bad role name, backup or chain"},
    },
)
def put_owner(role: str, body: OwnerUpdate, actor: CurrentActor, records: Records) -> OwnerPublic:
    entry = set_owner(
        records, actor, role, primary=body.primary, backup=body.backup, chain=body.chain
    )
    return OwnerPublic(
        role=entry.role, primary=entry.primary, backup=entry.backup, chain=list(entry.chain)
    )
