"""The pure rules of tracked handoffs, decision deadlines and PCP risk, as tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tools.cases.assignments import is_high_risk
from tools.deadlines import nudge_at
from tools.decision_requests.rules import due_action as decision_due
from tools.errors import ToolError
from tools.handoffs.rules import (
    Clock,
    Due,
    Status,
    check_transition,
    cover_for,
    due_action,
    next_rung,
    urgency,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("open", Status.ACCEPTED, True),
        ("open", Status.DONE, True),
        ("accepted", Status.OPEN, False),
        ("stalled", Status.ESCALATED, True),
        ("escalated", Status.ESCALATED, True),
        ("escalated", Status.ACCEPTED, True),
        ("done", Status.ACCEPTED, False),
        ("cancelled", Status.DONE, False),
        ("accepted", Status.STALLED, True),
    ],
)
def test_transitions(current, target, allowed):
    if allowed:
        check_transition(current, target)
    else:
        with pytest.raises(ToolError) as refused:
            check_transition(current, target)
        assert refused.value.rule == "handoff_transition"


@pytest.mark.parametrize(
    ("frame_hours", "expected_hours_before_due"),
    [(96, 24), (48, 12), (400, 24), (2, 0.5), (0.5, 0.25), (0.1, 0.1)],
)
def test_nudge_lead_is_a_quarter_of_the_frame_within_limits(frame_hours, expected_hours_before_due):
    due = h(frame_hours)
    assert due - nudge_at(T0, due) == timedelta(hours=expected_hours_before_due)


def clock(status="open", due=72, nudged=None, holder_active=True, timeout=24):
    return Clock(status, T0, h(due), timedelta(hours=timeout), nudged, holder_active)


@pytest.mark.parametrize(
    ("state", "now", "expected"),
    [
        (clock(), h(10), None),
        (clock(), h(54), Due.NUDGE),
        (clock(nudged=h(72)), h(60), None),  # nudged for this deadline already
        (clock(nudged=h(20)), h(60), Due.NUDGE),  # nudged for an earlier deadline
        (clock(), h(72), Due.STALL),
        (clock(status="accepted"), h(80), Due.STALL),
        (clock(status="stalled"), h(90), None),
        (clock(status="stalled"), h(96), Due.ESCALATE),
        (clock(status="escalated"), h(73), Due.STALL),
        (clock(status="done"), h(500), None),
        (clock(status="cancelled", holder_active=False), h(1), None),
        (clock(holder_active=False), h(1), Due.REASSIGN),
    ],
)
def test_what_is_due(state, now, expected):
    assert due_action(state, now) == expected


@pytest.mark.parametrize(
    ("ladder", "level", "holder", "expected"),
    [
        ((1, 2, 3), 0, 1, (2, 1)),
        ((1, 2, 3), 1, 2, (3, 2)),
        ((1, 2, 3), 2, 3, (None, 2)),
        ((1, 2, 2), 1, 2, (None, 1)),  # the same person twice is not a step up
        ((), 0, 7, (None, 0)),
    ],
)
def test_next_rung(ladder, level, holder, expected):
    assert next_rung(ladder, level, holder) == expected


@pytest.mark.parametrize(
    ("ladder", "level", "holder", "expected"),
    [
        ((5, 2, 3), 0, 1, (5, 0)),  # the backup (first active now) covers the owner who left
        ((2, 3), 1, 9, (3, 1)),
        ((2, 3), 5, 9, (None, 5)),
        ((), 0, 1, (None, 0)),
    ],
)
def test_cover_for(ladder, level, holder, expected):
    assert cover_for(ladder, level, holder) == expected


@pytest.mark.parametrize(
    ("status", "now", "expected"),
    [
        ("open", h(10), "on_time"),
        ("open", h(70), "due_soon"),
        ("stalled", h(80), "overdue"),
        ("done", h(80), "done"),
    ],
)
def test_urgency(status, now, expected):
    assert urgency(status, h(72), now) == expected


@pytest.mark.parametrize(
    ("now", "nudged", "escalations", "owner_active", "expected"),
    [
        (h(10), None, 0, True, None),
        (h(19), None, 0, True, "nudge"),
        (h(19), h(24), 0, True, None),
        (h(24), None, 0, True, "escalate"),
        (h(30), h(24), 1, True, None),
        (h(48), h(24), 1, True, "escalate"),
        (h(2), None, 0, False, "escalate"),
    ],
)
def test_decision_deadlines(now, nudged, escalations, owner_active, expected):
    assert (
        decision_due(
            created_at=T0,
            due_at=h(24),
            nudged_for_due=nudged,
            escalations=escalations,
            owner_active=owner_active,
            now=now,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("conditions", "program", "disability", "high"),
    [
        (0, None, False, False),
        (1, None, False, False),
        (2, None, False, True),
        (0, "PCM", False, True),
        (0, None, True, True),
    ],
)
def test_high_risk_members(conditions, program, disability, high):
    assert is_high_risk(conditions, program, disability) is high
