"""The audit trail: every action and denial is an event; any tampering is detected."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import delete, select, update

from tools.audit.trail import export_csv, verify_chain
from tools.errors import AccessDenied
from tools.store.models import AuditEvent
from tools.tasks.service import log_task


def make_events(ctx, practice, n=3):
    for minutes in range(10, 10 + n):
        log_task(
            ctx,
            practice.ana,
            coordinator_id=practice.ana.staff_id,
            patient="ZK1029",
            task_type="Communication: Phone",
            minutes=minutes,
        )


def verify(ctx):
    with ctx.db.reading() as session:
        return verify_chain(session)


def test_actions_are_chained_and_verify_clean(ctx, practice):
    make_events(ctx, practice)
    result = verify(ctx)
    assert result.intact and result.events == 3
    with ctx.db.reading() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["task.log"] * 3
    assert all(e.patient_id == practice.patients["ZK1029"] for e in events)
    assert events[1].prev_hash == events[0].hash
    assert events[0].channel == "test" and events[0].role == "coordinator"


@pytest.mark.parametrize(
    ("tamper", "finding"),
    [
        (
            lambda s: s.execute(update(AuditEvent).where(AuditEvent.id == 2).values(detail="x")),
            "event 2: its contents were changed",
        ),
        (
            lambda s: s.execute(
                update(AuditEvent).where(AuditEvent.id == 1).values(outcome="denied")
            ),
            "event 1: its contents were changed",
        ),
        (
            lambda s: s.execute(delete(AuditEvent).where(AuditEvent.id == 2)),
            "event 3: does not follow event 1",
        ),
        (
            lambda s: s.execute(delete(AuditEvent).where(AuditEvent.id == 3)),
            "events at the end were deleted",
        ),
    ],
)
def test_verify_catches_edited_and_deleted_rows(ctx, practice, tamper, finding):
    make_events(ctx, practice)
    with ctx.db.transaction() as session:
        tamper(session)
    result = verify(ctx)
    assert not result.intact
    assert any(finding in problem for problem in result.problems)


def test_denied_attempts_are_events_too(ctx, practice):
    with pytest.raises(AccessDenied):
        log_task(
            ctx,
            practice.cara,
            coordinator_id=practice.cara.staff_id,
            patient="ZK1029",
            task_type="Communication: Phone",
            minutes=10,
        )
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent)).one()
    assert (event.outcome, event.patient_id) == ("denied", practice.patients["ZK1029"])
    assert "patient_not_assigned" in event.detail
    assert verify(ctx).intact


def test_export_writes_the_days_asked_for(ctx, practice):
    make_events(ctx, practice, n=2)
    out = io.StringIO()
    with ctx.db.reading() as session:
        assert export_csv(session, date(2026, 10, 14), date(2026, 10, 14), out) == 2
        assert export_csv(session, date(2026, 10, 15), date(2026, 10, 20), io.StringIO()) == 0
        with pytest.raises(ValueError, match="before --from"):
            export_csv(session, date(2026, 10, 15), date(2026, 10, 1), io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,at,actor_id,actor,role,action")
    assert len(lines) == 3 and "2026-10-14T15:00:00" in lines[1]
