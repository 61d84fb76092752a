"""Recording time: one decision between logging now and sending for sign-off."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tools.errors import NeedsConfirmation
from tools.store.models import DecisionRequest, TaskLogEntry
from tools.tasks.recording import SentForSignOff, TimeToLog, logged_message, record_time
from tools.tasks.service import LoggedTask

REVIEW = "CCM: Care Plan Monthly REVIEW/CLOSE"  # average 30


def counts(ctx) -> tuple[int, int]:
    with ctx.db.reading() as session:
        logged = len(session.scalars(select(TaskLogEntry.id)).all())
        asked = len(session.scalars(select(DecisionRequest.id)).all())
    return logged, asked


def entry(practice, minutes: int) -> TimeToLog:
    return TimeToLog(
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type=REVIEW,
        minutes=minutes,
        notes="family meeting",
    )


def test_an_ordinary_entry_is_logged_at_once(ctx, practice):
    recorded = record_time(ctx, practice.ana, entry(practice, 25), confirm=False)
    assert isinstance(recorded, LoggedTask) and recorded.minutes == 25
    assert counts(ctx) == (1, 0)
    assert logged_message(recorded).startswith("Logged 25 min of 'CCM: Care Plan")


def test_a_long_entry_needs_confirmation_before_anything_happens(ctx, practice):
    with pytest.raises(NeedsConfirmation):
        record_time(ctx, practice.ana, entry(practice, 90), confirm=False)
    assert counts(ctx) == (0, 0)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ana", SentForSignOff),  # a coordinator's own long entry: the supervisor signs off
        ("sue", LoggedTask),  # the supervisor's confirmed entry for her coordinator counts
    ],
)
def test_a_confirmed_long_entry_goes_for_sign_off_only_when_the_rules_say(
    ctx, practice, who, expected
):
    recorded = record_time(
        ctx, getattr(practice, who), entry(practice, 90), confirm=True, thread_id="t-1"
    )
    assert isinstance(recorded, expected)
    if isinstance(recorded, SentForSignOff):
        assert counts(ctx) == (0, 1)
        assert recorded.decision.thread_id == "t-1"
        assert f"decision request #{recorded.decision.id}" in recorded.message
        assert "Nothing is logged until" in recorded.message
    else:
        assert counts(ctx) == (1, 0)
