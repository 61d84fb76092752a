"""The run-due job: nudges, stalls, escalations, owners who left, decisions, task sets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tools.audit.trail import verify_chain
from tools.decision_requests.service import open_decision
from tools.errors import ToolError
from tools.handoffs.records import HandoffSpec
from tools.handoffs.service import accept_handoff, get_handoff, open_handoff
from tools.jobs.run_due import run_due
from tools.notify import LogNotifier, deliver_pending
from tools.notify.outbox import notifications_for
from tools.owners import set_owner
from tools.staff import actor_for, add_staff
from tools.store.models import DecisionRequest, Notification, ScheduledTask, Staff

SPEC = HandoffSpec(
    title="Denial posted and triaged",
    owner_role="Denials team lead",
    escalate_to_role="Revenue cycle director",
    due_in=timedelta(hours=72),
    escalate_after=timedelta(hours=24),
    waiting_on="the denial categorized",
)


class Recorder:
    """A notifier that keeps what it was asked to deliver (and can be made to fail)."""

    def __init__(self, failing: bool = False) -> None:
        self.messages = []
        self.failing = failing

    def deliver(self, message) -> None:
        if self.failing:
            raise ConnectionError("chat service down")
        self.messages.append(message)


@pytest.fixture
def team(ctx, practice):
    lead = add_staff(ctx, practice.admin, name="Lena Lead", role="supervisor", team="North")
    chain = add_staff(ctx, practice.admin, name="Chen Chain", role="supervisor", team="North")
    director = add_staff(ctx, practice.admin, name="Dora Director", role="admin")
    set_owner(
        ctx,
        practice.admin,
        "Denials team lead",
        primary=lead.id,
        backup=practice.sue.staff_id,
        chain=[chain.id],
    )
    set_owner(ctx, practice.admin, "Revenue cycle director", primary=director.id)
    practice.lead, practice.chain, practice.director = lead.id, chain.id, director.id
    return practice


def at(clock, hours: float):
    return clock.now() + timedelta(hours=hours)


def kinds_for(ctx, staff_id):
    with ctx.db.reading() as session:
        return list(
            session.scalars(
                select(Notification.kind)
                .where(Notification.recipient_staff_id == staff_id)
                .order_by(Notification.id)
            )
        )


def test_nothing_is_due_early_and_the_holder_is_nudged_once_before_the_deadline(ctx, team, clock):
    opened = open_handoff(ctx, team.ana, SPEC)
    assert run_due(ctx, Recorder(), now=at(clock, 10)).handoffs == {}
    first = run_due(ctx, Recorder(), now=at(clock, 60))  # 12 h left of 72: inside the quarter
    again = run_due(ctx, Recorder(), now=at(clock, 61))
    assert first.handoffs == {"nudge": 1} and again.handoffs == {}
    assert kinds_for(ctx, team.lead) == ["handoff.assigned", "handoff.nudge"]
    assert get_handoff(ctx, team.ana, opened.id).status == "open"


def test_a_missed_deadline_stalls_then_escalates_one_rung_after_the_timeout(ctx, team, clock):
    opened = open_handoff(ctx, team.ana, SPEC)
    assert run_due(ctx, Recorder(), now=at(clock, 73)).handoffs == {"stall": 1}
    stalled = get_handoff(ctx, team.ana, opened.id)
    assert stalled.status == "stalled" and stalled.holder_staff_id == team.lead
    assert "handoff.stalled" in kinds_for(ctx, team.ana.staff_id)  # the opener hears of it too
    assert run_due(ctx, Recorder(), now=at(clock, 90)).handoffs == {}  # timeout is 24 h
    assert run_due(ctx, Recorder(), now=at(clock, 97)).handoffs == {"escalate": 1}
    escalated = get_handoff(ctx, team.ana, opened.id)
    assert (escalated.status, escalated.holder_staff_id) == ("escalated", team.chain)
    assert escalated.escalation_level == 1
    assert escalated.due_at == at(clock, 97 + 24)
    assert kinds_for(ctx, team.chain) == ["handoff.escalated"]
    # Stalling again moves it to the director, then it stays at the top with reminders.
    run_due(ctx, Recorder(), now=at(clock, 122))
    run_due(ctx, Recorder(), now=at(clock, 146))
    assert get_handoff(ctx, team.ana, opened.id).holder_staff_id == team.director
    run_due(ctx, Recorder(), now=at(clock, 171))
    top = run_due(ctx, Recorder(), now=at(clock, 195))
    assert top.handoffs == {"escalate": 1}
    assert get_handoff(ctx, team.ana, opened.id).holder_staff_id == team.director
    assert kinds_for(ctx, team.director).count("handoff.escalated") == 2
    with ctx.db.reading() as session:
        assert verify_chain(session).intact  # the job's batched audit events chain properly


def test_accepting_in_time_stops_the_clock_from_escalating(ctx, team, clock):
    opened = open_handoff(ctx, team.ana, SPEC)
    accept_handoff(ctx, actor_for(ctx, team.lead, "test"), opened.id)
    run_due(ctx, Recorder(), now=at(clock, 73))
    assert get_handoff(ctx, team.ana, opened.id).status == "stalled"  # accepted, not done


def test_work_whose_holder_left_moves_to_the_backup_then_the_chain(ctx, team, clock):
    opened = open_handoff(ctx, team.ana, SPEC)
    with ctx.db.transaction() as session:
        session.execute(update(Staff).where(Staff.id == team.lead).values(active=False))
    assert run_due(ctx, Recorder(), now=at(clock, 1)).handoffs == {"reassign": 1}
    moved = get_handoff(ctx, team.ana, opened.id)
    assert (moved.status, moved.holder_staff_id) == ("escalated", team.sue.staff_id)
    assert moved.history[-1].note == "its holder left"
    with ctx.db.transaction() as session:
        session.execute(update(Staff).where(Staff.id == team.sue.staff_id).values(active=False))
    run_due(ctx, Recorder(), now=at(clock, 2))
    assert get_handoff(ctx, team.ana, opened.id).holder_staff_id == team.chain


def test_a_handoff_with_nobody_left_to_hold_it_is_reported(ctx, team, clock):
    opened = open_handoff(ctx, team.ana, SPEC)
    with ctx.db.transaction() as session:
        session.execute(
            update(Staff)
            .where(Staff.id.in_([team.lead, team.sue.staff_id, team.chain, team.director]))
            .values(active=False)
        )
    report = run_due(ctx, Recorder(), now=at(clock, 1))
    assert report.unowned_handoffs == [opened.id] and report.handoffs == {}


def test_decisions_are_nudged_before_due_and_escalated_when_overdue(ctx, team, clock):
    opened = open_decision(
        ctx,
        team.ana,
        kind="billing",
        question="Approve the <ACCOUNT_NUMBER_1> write-off?",
        owner_role="Denials team lead",
        due_in=timedelta(hours=24),
    )
    assert run_due(ctx, Recorder(), now=at(clock, 19)).decisions == {"nudge": 1}
    assert run_due(ctx, Recorder(), now=at(clock, 20)).decisions == {}
    assert run_due(ctx, Recorder(), now=at(clock, 25)).decisions == {"escalate": 1}
    with ctx.db.reading() as session:
        row = session.get(DecisionRequest, opened.id)
        assert (row.owner_staff_id, row.escalation_level) == (team.sue.staff_id, 1)
    assert run_due(ctx, Recorder(), now=at(clock, 30)).decisions == {}
    assert run_due(ctx, Recorder(), now=at(clock, 49)).decisions == {"escalate": 1}
    with ctx.db.reading() as session:
        assert session.get(DecisionRequest, opened.id).owner_staff_id == team.chain


def test_the_task_sets_are_generated_once_a_day(ctx, team, clock):
    first = run_due(ctx, Recorder(), now=clock.now())
    assert set(first.tasks_created) == {"2026-10", "2026-W42"}
    assert min(first.tasks_created.values()) > 0
    assert run_due(ctx, Recorder(), now=clock.now()).tasks_created == {}
    with ctx.db.reading() as session:
        total = session.scalar(select(func.count()).select_from(ScheduledTask))
    assert total == sum(first.tasks_created.values())


def test_notifications_are_delivered_once_and_failures_retried_on_the_next_run(ctx, team, clock):
    open_handoff(ctx, team.ana, SPEC)
    failing = Recorder(failing=True)
    assert deliver_pending(ctx, failing).failed == 1
    working = Recorder()
    assert deliver_pending(ctx, working).delivered == 1
    assert deliver_pending(ctx, working).delivered == 0
    [message] = working.messages
    assert message.recipient_staff_id == team.lead and message.kind == "handoff.assigned"
    assert deliver_pending(ctx, LogNotifier()).delivered == 0


def test_each_person_reads_only_their_own_notifications_newest_first(ctx, team, clock):
    first = open_handoff(ctx, team.ana, SPEC)
    deliver_pending(ctx, LogNotifier())
    second = open_handoff(ctx, team.ana, SPEC)
    lead = actor_for(ctx, team.lead, "test")
    inbox = notifications_for(ctx, lead)
    assert [(n.kind, n.subject_id) for n in inbox] == [
        ("handoff.assigned", second.id),
        ("handoff.assigned", first.id),
    ]
    assert inbox[0].delivered_at is None and inbox[1].delivered_at == clock.now()
    assert inbox[0].created_at == clock.now()  # timezone-aware on SQLite too
    assert notifications_for(ctx, lead, limit=1) == inbox[:1]
    assert notifications_for(ctx, team.ana) == []
    with pytest.raises(ToolError) as refused:
        notifications_for(ctx, lead, limit=0)
    assert refused.value.field == "limit"
