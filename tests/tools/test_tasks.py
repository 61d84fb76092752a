"""Task logging: each rule of the seed refuses with its name; history survives changes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tools.errors import AccessDenied, NeedsConfirmation, NeedsSignOff, NotFound, ToolError
from tools.store.models import AuditEvent, TaskLogEntry
from tools.tasks.service import delete_task, edit_task, list_tasks, log_task, task_history

TODAY = date(2026, 10, 14)
REVIEW = "CCM: Care Plan Monthly REVIEW/CLOSE"  # average 30


def log(ctx, practice, **changes):
    args = {
        "coordinator_id": practice.ana.staff_id,
        "patient": "ZK1029",
        "task_type": REVIEW,
        "minutes": 25,
    }
    args.update(changes)
    return log_task(ctx, practice.ana, **args)


def count_entries(ctx) -> int:
    with ctx.db.reading() as session:
        return session.scalar(select(func.count()).select_from(TaskLogEntry))


def test_a_valid_entry_is_saved_with_todays_date(ctx, practice):
    entry = log(ctx, practice, notes="reviewed goals by phone")
    assert (entry.minutes, entry.task_date, entry.chart_code) == (25, TODAY, "ZK1029")
    assert entry.category == "Chronic Care Management"
    assert entry.minutes_that_day == 25


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"minutes": 4}, "minutes_min"),
        ({"minutes": 121}, "minutes_max"),
        ({"task_date": date(2026, 10, 15)}, "future_date"),
        ({"task_type": "PCM: Care Plan Monthly REVIEW/CLOSE"}, "program_mismatch"),
        ({"patient": "ZK1031"}, "patient_not_assigned"),  # Ben's patient
        ({"task_type": "Care Plan Review"}, "not_found"),
        ({"patient": "NOPE99"}, "not_found"),
        ({"notes": "x" * 5000}, "notes_length"),
    ],
)
def test_each_rule_refuses_and_writes_nothing(ctx, practice, changes, rule):
    with pytest.raises(ToolError) as refused:
        log(ctx, practice, **changes)
    assert refused.value.rule == rule
    assert count_entries(ctx) == 0


def test_the_daily_limit_counts_what_is_already_logged(ctx, practice):
    for patient, notes in [("ZK1029", "a"), ("ZK1029", "b"), ("ZK1030", "c"), ("ZK1033", "d")]:
        kind = "Care Coordination: General"
        log_task(  # by her supervisor: long entries need the supervisor anyway
            ctx,
            practice.sue,
            coordinator_id=practice.ana.staff_id,
            patient=patient,
            task_type=kind,
            minutes=120,
            notes=notes,
            confirm=True,
        )
    with pytest.raises(ToolError, match="480 minutes exceeded.*480 already logged") as refused:
        log(ctx, practice, task_type="Communication: Phone", minutes=5)
    assert refused.value.rule == "daily_max"


def test_time_over_twice_the_average_needs_confirmation_and_the_supervisor(ctx, practice):
    with pytest.raises(NeedsConfirmation, match="more than twice this task's average of 30"):
        log(ctx, practice, minutes=61)
    # The coordinator's own confirmation is not enough: her team supervisor signs it off.
    with pytest.raises(NeedsSignOff, match="North team supervisor") as refused:
        log(ctx, practice, minutes=61, confirm=True)
    assert refused.value.owner_role == "North team supervisor"
    assert count_entries(ctx) == 0
    assert log(ctx, practice, minutes=60).minutes == 60  # twice the average: no sign-off
    signed = log_task(
        ctx,
        practice.sue,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type=REVIEW,
        minutes=61,
        confirm=True,
    )
    assert signed.minutes == 61 and count_entries(ctx) == 2


def test_a_coordinator_cannot_edit_an_entry_past_the_limit_alone(ctx, practice):
    entry = log(ctx, practice, minutes=30)
    with pytest.raises(NeedsSignOff):
        edit_task(ctx, practice.ana, entry.id, minutes=90, confirm=True)
    assert edit_task(ctx, practice.sue, entry.id, minutes=90, confirm=True).minutes == 90


def test_duplicates_are_refused(ctx, practice):
    log(ctx, practice, notes="same")
    with pytest.raises(ToolError, match="already logged") as refused:
        log(ctx, practice, notes="same")
    assert refused.value.rule == "duplicate"


def test_a_task_type_typo_suggests_the_right_name(ctx, practice):
    with pytest.raises(NotFound, match="did you mean 'Communication: Phone' or"):
        log(ctx, practice, task_type="Comunication: phone")


def test_coordinators_cannot_log_for_someone_else_and_the_attempt_is_audited(ctx, practice):
    with pytest.raises(AccessDenied):
        log_task(
            ctx,
            practice.ana,
            coordinator_id=practice.ben.staff_id,
            patient="ZK1031",
            task_type=REVIEW,
            minutes=20,
        )
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.outcome, event.actor_id) == (
        "task.log",
        "denied",
        practice.ana.staff_id,
    )


def test_a_supervisor_may_log_for_their_team_but_not_another(ctx, practice):
    entry = log_task(
        ctx,
        practice.sue,
        coordinator_id=practice.ben.staff_id,
        patient="ZK1031",
        task_type=REVIEW,
        minutes=20,
    )
    assert entry.coordinator_id == practice.ben.staff_id
    with pytest.raises(AccessDenied):
        log_task(
            ctx,
            practice.sue,
            coordinator_id=practice.cara.staff_id,
            patient="ZK1032",
            task_type=REVIEW,
            minutes=20,
        )


def test_edits_and_deletes_keep_every_version(ctx, practice):
    entry = log(ctx, practice, notes="first")
    edited = edit_task(ctx, practice.ana, entry.id, minutes=35, notes="second")
    assert (edited.minutes, edited.version) == (35, 2)
    delete_task(ctx, practice.ana, entry.id)
    history = task_history(ctx, practice.ana, entry.id)
    assert [(r.version, r.change, r.minutes) for r in history] == [
        (1, "created", 25),
        (2, "edited", 35),
        (3, "deleted", 35),
    ]
    assert list_tasks(ctx, practice.ana, day=TODAY) == []
    with pytest.raises(NotFound):
        edit_task(ctx, practice.ana, entry.id, minutes=40)


def test_an_edit_is_validated_like_a_new_entry(ctx, practice):
    entry = log(ctx, practice)
    with pytest.raises(ToolError, match="maximum 120"):
        edit_task(ctx, practice.ana, entry.id, minutes=150)
    assert task_history(ctx, practice.ana, entry.id)[-1].minutes == 25


def test_another_coordinator_cannot_edit_or_see_an_entry(ctx, practice):
    entry = log(ctx, practice)
    with pytest.raises(AccessDenied):
        edit_task(ctx, practice.ben, entry.id, minutes=30)
    with pytest.raises(AccessDenied):
        delete_task(ctx, practice.cara, entry.id)
    assert list_tasks(ctx, practice.ben) == []
    assert [t.id for t in list_tasks(ctx, practice.sue)] == [entry.id]
    assert [t.id for t in list_tasks(ctx, practice.admin)] == [entry.id]
    with pytest.raises(AccessDenied):
        list_tasks(ctx, practice.auditor)
