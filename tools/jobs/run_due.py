"""``baton jobs run-due``: everything that is due now, safe to run in several places.

- tracked handoffs: nudge the holder shortly before the deadline, mark them stalled when
  it passes (flagging a referral open-loop when its receipt step stalls), escalate one
  rung up the owner's ladder when still stalled after the timeout, and move work whose
  holder left to whoever covers;
- decision requests: nudge the owner before they are due, escalate them up the role's
  chain when overdue (and at once when the owner left);
- the monthly and weekly task sets, generated once a day (idempotent anyway);
- delivering the notifications all that queued.

Every change and its notifications commit together, in batches. Several workers at once:
PostgreSQL gives each row to one worker (``FOR UPDATE SKIP LOCKED``), SQLite runs one
writer at a time; either way, a worker re-reads the row under its lock and acts only if
the action is still due, so nobody is nudged twice for one deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tools.access import Actor
from tools.audit.trail import PendingEvent, append_events
from tools.billing.month import BillingMonth
from tools.cases.definitions import WORKFLOWS
from tools.cases.progress import add_flag
from tools.context import ToolContext
from tools.deadlines import MAX_NUDGE_LEAD
from tools.decision_requests.records import OPEN_STATUSES
from tools.decision_requests.rules import due_action as decision_due_action
from tools.decision_requests.service import escalate_decision
from tools.handoffs.records import label, move, notify
from tools.handoffs.rules import ACTIVE, Clock, Due, Status, cover_for, due_action, next_rung
from tools.jobs.claims import claim_period
from tools.notify import DeliveryReport, Notifier, deliver_pending, queue_notification
from tools.owners import active_staff, escalation_ladder
from tools.schedules.service import generate_month_in, generate_week_in
from tools.store.models import Case, DecisionRequest, Handoff, Staff

BATCH = 200
SYSTEM = Actor.system("job")


@dataclass
class RunDueReport:
    handoffs: dict[str, int] = field(default_factory=dict)  # nudge/stall/escalate/reassign
    open_loop_flagged: int = 0
    decisions: dict[str, int] = field(default_factory=dict)  # nudge/escalate
    unowned_handoffs: list[int] = field(default_factory=list)  # nobody active to hold them
    tasks_created: dict[str, int] = field(default_factory=dict)  # period -> created
    delivered: DeliveryReport = DeliveryReport(0, 0)

    def count(self, bucket: dict[str, int], key: str) -> None:
        bucket[key] = bucket.get(key, 0) + 1


def run_due(
    ctx: ToolContext, notifier: Notifier, *, now: datetime | None = None, deliver: bool = True
) -> RunDueReport:
    now = now or ctx.clock.now()
    report = RunDueReport()
    _handoffs(ctx, now, report)
    _decisions(ctx, now, report)
    _task_sets(ctx, now, report)
    if deliver:
        report.delivered = deliver_pending(ctx, notifier)
    return report


# -- handoffs -------------------------------------------------------------------------


class _Batch:
    """What one transaction of the job has learned and owes: the audit events it will
    append together, and memos of ladders and who is active (few roles, many rows)."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.events: list[PendingEvent] = []
        self._ladders: dict[tuple[str, str | None], tuple[int, ...]] = {}
        self._active: dict[int, bool] = {}

    def ladder(self, owner_role: str, escalate_to: str | None) -> tuple[int, ...]:
        key = (owner_role, escalate_to)
        if key not in self._ladders:
            self._ladders[key] = escalation_ladder(self.session, owner_role, escalate_to)
        return self._ladders[key]

    def active(self, people: Iterable[int | None]) -> set[int]:
        wanted = {p for p in people if p is not None}
        unknown = wanted - set(self._active)
        if unknown:
            found = active_staff(self.session, unknown)
            self._active.update({p: p in found for p in unknown})
        return {p for p in wanted if self._active[p]}

    def audit(self, action: str, object_type: str, object_id: int, patient_id: int | None) -> None:
        self.events.append(PendingEvent(action, object_type, object_id, patient_id))

    def close(self) -> None:
        append_events(self.session, SYSTEM, self.events, at=self.now)


def _handoffs(ctx: ToolContext, now: datetime, report: RunDueReport) -> None:
    after = 0
    while True:
        with ctx.db.transaction() as session:
            rows = list(
                session.scalars(
                    select(Handoff)
                    .outerjoin(Staff, Staff.id == Handoff.holder_staff_id)
                    .where(
                        Handoff.id > after,
                        Handoff.status.in_([s.value for s in ACTIVE]),
                        or_(
                            Handoff.due_at <= now + MAX_NUDGE_LEAD,
                            Staff.active.is_not(True),
                        ),
                    )
                    .order_by(Handoff.id)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True, of=Handoff)
                )
            )
            if not rows:
                return
            after = rows[-1].id
            batch = _Batch(session, now)
            active = batch.active(r.holder_staff_id for r in rows)
            for row in rows:
                _handle_handoff(batch, row, row.holder_staff_id in active, report)
            batch.close()


def _handle_handoff(batch: _Batch, row: Handoff, holder_active: bool, report: RunDueReport) -> None:
    session, now = batch.session, batch.now
    clock = Clock(
        status=row.status,
        since=row.status_since,
        due_at=row.due_at,
        escalate_after=timedelta(hours=row.escalate_after_hours),
        nudged_for_due=row.nudged_for_due,
        holder_active=holder_active,
    )
    action = due_action(clock, now)
    if action is None:
        return
    if action is Due.NUDGE:
        row.nudged_for_due = row.due_at
        notify(
            session,
            row,
            row.holder_staff_id,
            "handoff.nudge",
            f"{label(row)} is due {row.due_at:%Y-%m-%d %H:%M} UTC; waiting on "
            f"{row.waiting_on or 'you'}",
            now,
        )
    elif action is Due.STALL:
        move(session, row, Status.STALLED, actor_id=None, now=now, note="time frame passed")
        text = (
            f"{label(row)} stalled: due {row.due_at:%Y-%m-%d %H:%M} UTC passed, still "
            f"waiting on {row.waiting_on or 'its owner'}"
        )
        notify(session, row, row.holder_staff_id, "handoff.stalled", text, now)
        if row.opened_by != row.holder_staff_id:
            notify(session, row, row.opened_by, "handoff.stalled", text, now)
        report.open_loop_flagged += _flag_case(batch, row)
    elif action is Due.ESCALATE:
        if not _escalate(batch, row, report, holder_left=False):
            return
    elif not _escalate(batch, row, report, holder_left=True):
        return
    batch.audit(f"handoff.{action.value}", "handoff", row.id, row.patient_id)
    report.count(report.handoffs, action.value)


def _escalate(batch: _Batch, row: Handoff, report: RunDueReport, *, holder_left: bool) -> bool:
    session, now = batch.session, batch.now
    ladder = batch.ladder(row.owner_role, row.escalate_to_role)
    previous = row.holder_staff_id
    pick = cover_for if holder_left else next_rung
    holder, level = pick(ladder, row.escalation_level, previous)
    if holder is None and holder_left:
        if row.id not in report.unowned_handoffs:
            report.unowned_handoffs.append(row.id)
        return False
    row.due_at = now + timedelta(hours=row.escalate_after_hours)
    if holder is None:  # top of the ladder: remind the last person once per timeout
        move(
            session,
            row,
            Status.ESCALATED,
            actor_id=None,
            now=now,
            note="top of the escalation ladder",
        )
        notify(
            session,
            row,
            previous,
            "handoff.escalated",
            f"{label(row)} is still stalled and nobody is above you on its ladder; due "
            f"again {row.due_at:%Y-%m-%d %H:%M} UTC",
            now,
        )
        return True
    row.escalation_level = level
    why = "its holder left" if holder_left else "stalled past its timeout"
    move(session, row, Status.ESCALATED, actor_id=None, now=now, note=why, reassign_to=holder)
    notify(
        session,
        row,
        holder,
        "handoff.escalated",
        f"{label(row)} was escalated to you ({why}); due {row.due_at:%Y-%m-%d %H:%M} UTC; "
        f"waiting on {row.waiting_on or 'a decision on next steps'}",
        now,
    )
    for party in batch.active({previous, row.opened_by} - {holder, None}):
        notify(session, row, party, "handoff.escalated", f"{label(row)} was escalated ({why})", now)
    return True


def _flag_case(batch: _Batch, row: Handoff) -> int:
    """Flag the case when this step stalling means something (an open-loop referral)."""
    session, now = batch.session, batch.now
    if row.case_id is None or row.step is None:
        return 0
    case = session.get(Case, row.case_id)
    if case is None or case.workflow not in WORKFLOWS:
        return 0
    flag = WORKFLOWS[case.workflow].step(row.step).flag_when_stalled
    if flag is None or not add_flag(case, flag):
        return 0
    text = (
        f"Case #{case.id} is {flag.replace('_', '-')}: '{row.title}' was not done by "
        f"{row.due_at:%Y-%m-%d %H:%M} UTC"
    )
    for person in {case.opened_by, row.holder_staff_id} - {None}:
        queue_notification(
            session,
            recipient_staff_id=person,
            kind=f"case.{flag}",
            subject_type="case",
            subject_id=case.id,
            text=text,
            now=now,
        )
    batch.audit(f"case.{flag}", "case", case.id, case.patient_id)
    return 1


# -- decisions ------------------------------------------------------------------------


def _decisions(ctx: ToolContext, now: datetime, report: RunDueReport) -> None:
    after = 0
    while True:
        with ctx.db.transaction() as session:
            rows = list(
                session.scalars(
                    select(DecisionRequest)
                    .outerjoin(Staff, Staff.id == DecisionRequest.owner_staff_id)
                    .where(
                        DecisionRequest.id > after,
                        DecisionRequest.status.in_(OPEN_STATUSES),
                        or_(
                            DecisionRequest.due_at <= now + MAX_NUDGE_LEAD,
                            Staff.active.is_not(True),
                        ),
                    )
                    .order_by(DecisionRequest.id)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True, of=DecisionRequest)
                )
            )
            if not rows:
                return
            after = rows[-1].id
            batch = _Batch(session, now)
            active = batch.active(r.owner_staff_id for r in rows)
            for row in rows:
                due_at = row.due_at
                action = decision_due_action(
                    created_at=row.created_at,
                    due_at=due_at,
                    nudged_for_due=row.nudged_for_due,
                    escalations=row.escalation_level or 0,
                    owner_active=row.owner_staff_id in active,
                    now=now,
                )
                if action == "nudge":
                    row.nudged_for_due = row.due_at
                    queue_notification(
                        session,
                        recipient_staff_id=row.owner_staff_id,
                        kind="decision.nudge",
                        subject_type="decision",
                        subject_id=row.id,
                        text=f"Decision request #{row.id} for the {row.owner_role} is due "
                        f"{row.due_at:%Y-%m-%d %H:%M} UTC",
                        now=now,
                    )
                elif action == "escalate":
                    escalate_decision(session, row, now)
                else:
                    continue
                batch.audit(f"decision.{action}", "decision_request", row.id, row.patient_id)
                report.count(report.decisions, action)
            batch.close()


# -- task sets ------------------------------------------------------------------------


def _task_sets(ctx: ToolContext, now: datetime, report: RunDueReport) -> None:
    """Once a day per worker fleet: the month's and the week's task sets (the generation
    itself is idempotent; the daily claim keeps it from running every minute)."""
    today = ctx.clock.today()
    for job, generate in (
        ("tasks.monthly", lambda call: generate_month_in(call, BillingMonth.of(today))),
        ("tasks.weekly", lambda call: generate_week_in(call, today)),
    ):
        with ctx.write(SYSTEM, f"job.{job}", "scheduled_task") as call:
            if not claim_period(call.session, job, today.isoformat(), now):
                call.audited = True  # nothing done: another worker ran it today
                continue
            result = generate(call)
            report.tasks_created[result.period] = result.created
