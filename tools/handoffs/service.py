"""Tracked handoffs: open one, accept it, finish it, see where it stands.

Who may do what, enforced here for every surface:
- anyone on staff but auditors opens a handoff (for a patient they may see);
- the holder, anyone on the role's escalation ladder, or an admin accepts or finishes it
  (accepting takes it over);
- the person who opened it, or an admin, cancels it;
- the parties (opener, holder, the ladder), admins, and staff who may see the patient
  see it, with its history ("who has it, since when, what is it waiting on").
Free texts (title, conditions, what it waits on, the outcome, results, reasons) pass the
PHI guard here before they are stored, whichever surface sent them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tools.access import Actor, Role, can_view_patient, require_role
from tools.cases.progress import advance, close_case
from tools.context import ToolContext
from tools.errors import AccessDenied, NotFound, ToolError
from tools.handoffs.records import (
    HandoffSpec,
    HandoffView,
    insert_handoff,
    label,
    lock_handoff,
    move,
    notify,
    view_of,
)
from tools.handoffs.rules import ACTIVE, Status
from tools.owners import active_deciders
from tools.patients import assignment_of, find_patient, find_visible_patient
from tools.store.models import Case, Handoff

MAX_RESULT_CHARS = 2000
MAX_LISTED = 1000


def open_handoff(
    ctx: ToolContext,
    actor: Actor,
    spec: HandoffSpec,
    *,
    patient: int | str | None = None,
    thread_id: str | None = None,
) -> HandoffView:
    with ctx.write(actor, "handoff.open", "handoff") as call:
        require_role(actor, Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN, what="opening a handoff")
        patient_id = (
            find_visible_patient(call.session, actor, patient).id if patient is not None else None
        )
        spec.check()  # on the text as typed: the placeholders make it longer
        row = insert_handoff(
            call, spec.redacted(ctx.guard), patient_id=patient_id, thread_id=thread_id
        )
        call.audit(object_id=row.id, patient_id=patient_id, detail=f"for {row.owner_role}")
        return view_of(call.session, row, ctx.clock.now())


def accept_handoff(ctx: ToolContext, actor: Actor, handoff_id: int) -> HandoffView:
    """The actor takes the handoff on (and becomes its holder)."""
    with ctx.write(actor, "handoff.accept", "handoff") as call:
        row = lock_handoff(call.session, handoff_id)
        _require_may_act(call.session, actor, row)
        if row.status == Status.ACCEPTED and row.holder_staff_id == actor.staff_id:
            raise ToolError(f"you already hold handoff {row.id}", rule="already_accepted")
        now = ctx.clock.now()
        move(
            call.session,
            row,
            Status.ACCEPTED,
            actor_id=actor.staff_id,
            now=now,
            reassign_to=actor.staff_id,
            note="accepted",
        )
        if row.opened_by != actor.staff_id:
            notify(
                call.session,
                row,
                row.opened_by,
                "handoff.accepted",
                f"{label(row)} was accepted by {actor.name}",
                now,
            )
        call.audit(object_id=row.id, patient_id=row.patient_id)
        return view_of(call.session, row, now)


def complete_handoff(
    ctx: ToolContext,
    actor: Actor,
    handoff_id: int,
    *,
    outcome: str | None = None,
    result: str = "",
    details: Mapping[str, str] | None = None,
) -> HandoffView:
    """Mark the handoff done. For a step of a case, ``outcome`` (one of the step's) says
    where the case goes next, and the next step opens in the same transaction."""
    if not isinstance(result, str) or len(result) > MAX_RESULT_CHARS:
        raise ToolError(
            f"the result is text of at most {MAX_RESULT_CHARS} characters",
            rule="text",
            field="result",
        )
    with ctx.write(actor, "handoff.done", "handoff") as call:
        session = call.session
        row = lock_handoff(session, handoff_id)
        _require_may_act(session, actor, row)
        now = ctx.clock.now()
        if row.status not in ACTIVE:
            raise ToolError(f"handoff {row.id} is already {row.status}", rule="handoff_closed")
        summary = call.free_text(result.strip())
        if row.case_id is not None:
            case = _lock_case(session, row.case_id)
            step_result, following = advance(call, case, row, outcome, details or {})
            summary = "; ".join(filter(None, [step_result, summary]))
            if following is not None:
                summary += f"; next: handoff #{following.id}"
        elif outcome not in (None, "done"):
            raise ToolError(
                "a handoff outside a case ends with outcome 'done'", rule="outcome", field="outcome"
            )
        row.result = summary or "done"
        move(session, row, Status.DONE, actor_id=actor.staff_id, now=now, note="done")
        if row.opened_by not in (None, actor.staff_id):
            notify(
                session,
                row,
                row.opened_by,
                "handoff.done",
                f"{label(row)} is done ({actor.name})",
                now,
            )
        call.audit(object_id=row.id, patient_id=row.patient_id, detail=outcome or "done")
        return view_of(session, row, now)


def cancel_handoff(ctx: ToolContext, actor: Actor, handoff_id: int, reason: str) -> HandoffView:
    if not reason.strip() or len(reason) > MAX_RESULT_CHARS:
        raise ToolError("say why the handoff is cancelled", rule="comment_required", field="reason")
    with ctx.write(actor, "handoff.cancel", "handoff") as call:
        session = call.session
        row = lock_handoff(session, handoff_id)
        if actor.role is not Role.ADMIN and actor.staff_id != row.opened_by:
            raise AccessDenied(
                f"only whoever opened handoff {row.id} or an admin cancels it",
                rule="not_opener",
                object_id=str(row.id),
                patient_id=row.patient_id,
            )
        now = ctx.clock.now()
        move(session, row, Status.CANCELLED, actor_id=actor.staff_id, now=now, note="cancelled")
        row.result = call.free_text(reason.strip())
        if row.case_id is not None:
            close_case(
                call,
                _lock_case(session, row.case_id),
                "cancelled with its step",
                status="cancelled",
            )
        notify(
            session,
            row,
            row.holder_staff_id,
            "handoff.cancelled",
            f"{label(row)} was cancelled",
            now,
        )
        call.audit(object_id=row.id, patient_id=row.patient_id)
        return view_of(session, row, now)


def get_handoff(ctx: ToolContext, actor: Actor, handoff_id: int) -> HandoffView:
    with ctx.read(actor, "handoff.view", "handoff") as call:
        row = call.session.get(Handoff, handoff_id)
        if row is None or not _may_see(call.session, actor, row):
            raise NotFound(f"no handoff {handoff_id}", field="handoff")
        call.audit(object_id=row.id, patient_id=row.patient_id)
        return view_of(call.session, row, ctx.clock.now(), with_history=True)


def list_handoffs(
    ctx: ToolContext,
    actor: Actor,
    *,
    mine: bool = False,
    open_only: bool = True,
    case_id: int | None = None,
    limit: int = MAX_LISTED,
) -> list[HandoffView]:
    """Handoffs the actor may see, soonest due first; ``mine``: held or opened by them."""
    with ctx.read(actor, "handoff.list", "handoff") as call:
        session = call.session
        query = select(Handoff).order_by(Handoff.due_at, Handoff.id)
        if open_only:
            query = query.where(Handoff.status.in_([s.value for s in ACTIVE]))
        if case_id is not None:
            query = query.where(Handoff.case_id == case_id)
        if mine:
            query = query.where(
                or_(Handoff.holder_staff_id == actor.staff_id, Handoff.opened_by == actor.staff_id)
            )
        members = _Members(session)
        now = ctx.clock.now()
        views = []
        for row in session.scalars(query):
            if _may_see(session, actor, row, members):
                views.append(view_of(session, row, now))
                if len(views) >= limit:
                    break
        call.audit(detail=f"{len(views)} handoffs")
        return views


class _Members:
    """Who may act on a handoff of a role (its owner, backup and chain, and those of the
    role it escalates to), memoized for one call: a list reads many handoffs of few roles."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._memo: dict[tuple[str, str | None], set[int]] = {}

    def __call__(self, owner_role: str, escalate_to: str | None) -> set[int]:
        key = (owner_role, escalate_to)
        if key not in self._memo:
            self._memo[key] = handoff_members(self._session, owner_role, escalate_to)
        return self._memo[key]


def handoff_members(session: Session, owner_role: str, escalate_to: str | None) -> set[int]:
    """Everyone active who may act on a handoff of this role: the owner, backup and chain,
    and the same of the role it escalates to."""
    members = set(active_deciders(session, owner_role))
    if escalate_to:
        members |= set(active_deciders(session, escalate_to))
    return members


def _may_act(session: Session, actor: Actor, row: Handoff) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.staff_id is None:
        return False
    members = handoff_members(session, row.owner_role, row.escalate_to_role)
    return actor.staff_id == row.holder_staff_id or actor.staff_id in members


def _require_may_act(session: Session, actor: Actor, row: Handoff) -> None:
    if not _may_act(session, actor, row):
        raise AccessDenied(
            f"handoff {row.id} is for the {row.owner_role}; {actor.name} is not its holder "
            "or on its escalation ladder",
            rule="not_holder",
            object_id=str(row.id),
            patient_id=row.patient_id,
        )


def _may_see(
    session: Session, actor: Actor, row: Handoff, members_of: _Members | None = None
) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.AUDITOR or actor.staff_id is None:
        return False
    if actor.staff_id in (row.opened_by, row.holder_staff_id):
        return True
    members = (members_of or _Members(session))(row.owner_role, row.escalate_to_role)
    if actor.staff_id in members:
        return True
    if row.patient_id is not None:
        return can_view_patient(actor, assignment_of(find_patient(session, row.patient_id)))
    return False


def _lock_case(session: Session, case_id: int) -> Case:
    case = session.scalar(select(Case).where(Case.id == case_id).with_for_update())
    if case is None:
        raise NotFound(f"no case {case_id}", field="case")
    return case
