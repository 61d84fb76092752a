"""Questions about one's own records are answered from the store, briefly and exactly,
with the asker's access rules; they are never routed to a specialist."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from tools.staff import actor_for
from tools.store.models import CareGap, Patient
from tools.tasks.service import log_task

if TYPE_CHECKING:
    from tests.integration.conftest import Desk

CARE_PLAN = "CCM: Care Plan Monthly REVIEW/CLOSE"


def _log(desk: Desk, chart: str, minutes: int, day: date, coordinator: int | None = None) -> None:
    staff = desk.ana if coordinator is None else coordinator
    actor = actor_for(desk.records, staff, "test")
    task = CARE_PLAN if chart != "ZK1030" else "PCM: Care Plan Monthly REVIEW/CLOSE"
    log_task(
        desk.records,
        actor,
        coordinator_id=staff,
        patient=chart,
        task_type=task,
        minutes=minutes,
        task_date=day,
        confirm=True,
    )


def _seen_by(desk: Desk, thread: str, staff: int, text: str) -> str:
    return desk.engine.reveal(thread, f"staff:{staff}", text)


def test_time_logged_today_this_week_and_on_a_named_day(desk: Desk) -> None:
    _log(desk, "ZK1029", 25, date(2026, 10, 14))
    _log(desk, "ZK1030", 15, date(2026, 10, 14))
    _log(desk, "ZK1029", 30, date(2026, 10, 12))
    _log(desk, "ZK1031", 40, date(2026, 10, 14), coordinator=desk.ben)  # not Ana's
    thread = uuid.uuid4().hex
    today = desk.ask("what did I log today?", thread)
    assert today.records is not None and today.plan is None and today.clarification is None
    assert today.records.figures == {"minutes": 40, "entries": 2, "patients": 2}
    assert today.records.answer.startswith("You logged 40 min today")
    lines = _seen_by(desk, thread, desk.ana, "\n".join(today.records.lines))
    assert "ZK1029  25 min" in lines and "ZK1031" not in lines
    week = desk.ask("how many minutes have I logged this week?", thread).records
    assert week is not None and week.figures["minutes"] == 70
    assert (week.start, week.end) == ("2026-10-12", "2026-10-14")
    monday = desk.ask("what did I log on Monday?", thread).records
    assert monday is not None and monday.figures["minutes"] == 30
    team = desk.ask("how much time has been logged today on my team?", thread, desk.sue).records
    assert team is not None and team.figures["minutes"] == 80  # the supervisor sees the team


def test_a_patients_minutes_and_progress_this_month(desk: Desk) -> None:
    _log(desk, "ZK1029", 15, date(2026, 10, 2))
    _log(desk, "ZK1029", 25, date(2026, 10, 9))
    _log(desk, "ZK1029", 20, date(2026, 9, 9))  # last month: not counted
    thread = uuid.uuid4().hex
    result = desk.ask("how many minutes has ZK1029 got this month?", thread)
    answer = result.records
    assert answer is not None and answer.topic == "patient_minutes"
    assert answer.figures["minutes"] == 40 and answer.figures["entries"] == 2
    assert "ZK1029" not in answer.answer  # a placeholder, revealed to the asker
    assert "ZK1029 has 40 min logged in 2026-10" in _seen_by(desk, thread, desk.ana, answer.answer)
    assert "CCM monthly minimum of 20 min clinical-staff time: reached" in answer.lines
    assert not any("99490" in line for line in answer.lines)  # coordinators see no codes
    supervisor = desk.ask("how many minutes has ZK1029 got this month?", thread, desk.sue).records
    assert supervisor is not None
    assert any("99490" in line for line in supervisor.lines)


def test_a_patient_the_asker_may_not_see_is_refused_not_answered(desk: Desk) -> None:
    result = desk.ask("how many minutes has ZK1031 got this month?", uuid.uuid4().hex)
    assert result.records is None
    assert result.action is not None and result.action.status == "refused"


def test_care_gaps_and_overdue_visits_on_my_panel(desk: Desk) -> None:
    with desk.records.db.transaction() as session:
        for chart, gaps in (("ZK1029", 2), ("ZK1031", 1)):
            patient = session.query(Patient).filter_by(chart_code=chart).one()
            for n in range(gaps):
                session.add(CareGap(patient_id=patient.id, measure=f"A1c {n}", status="open"))
    thread = uuid.uuid4().hex
    gaps = desk.ask("which of my patients have open care gaps?", thread).records
    assert gaps is not None and gaps.figures == {"patients": 1, "open_gaps": 2}
    assert _seen_by(desk, thread, desk.ana, gaps.lines[0]) == "ZK1029  2 open gaps"
    overdue = desk.ask("who on my panel is overdue for a visit?", thread).records
    assert overdue is not None and overdue.figures == {"patients": 1}
    assert _seen_by(desk, thread, desk.ana, overdue.lines[0]).startswith("ZK1030  last visit")


def test_my_decisions_and_handoffs_are_listed(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    assert desk.ask("log 60 min phone call for chart ZK1029", thread).confirmation is not None
    assert desk.ask("yes", thread).action.status == "waiting"  # type: ignore[union-attr]
    other = uuid.uuid4().hex
    mine = desk.ask("any decisions I asked for still open?", other).records
    assert mine is not None and mine.figures == {"to_answer": 0, "asked": 1}
    assert mine.lines[0].endswith(": time entry over twice the task's average")
    handoffs = desk.ask("show my handoffs", other).records
    assert handoffs is not None and handoffs.figures["handoffs"] == 0


def test_a_time_entry_in_words_becomes_the_confirmation(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    asked = desk.ask("log half an hour care plan review for ZK1029 yesterday", thread)
    assert asked.confirmation is not None and asked.plan is None
    assert "Log 30 min of 'CCM: Care Plan Monthly REVIEW/CLOSE'" in asked.confirmation.question
    assert "on 2026-10-13?" in asked.confirmation.question
    quarter = desk.ask("log an hour and a quarter care plan review for ZK1030", uuid.uuid4().hex)
    assert quarter.confirmation is not None and "Log 75 min" in quarter.confirmation.question


def test_refusals_say_how_to_fix_and_show_the_author_their_own_values(desk: Desk) -> None:
    thread = uuid.uuid4().hex
    other = desk.ask("how many minutes has ZK1031 got this month?", thread)
    assert other.action is not None and other.action.rule == "patient_not_assigned"
    assert other.action.message.startswith("That patient is not on your panel. Check the chart")
    assert "patient 3" not in other.action.message and "Ana" not in other.action.message
    future = desk.ask("log 20 min phone call for ZK1029 on 12/25/2026", thread)
    assert future.action is not None and future.action.rule == "future_date"
    assert "2026-12-25" not in future.action.message  # a placeholder in the state …
    shown = desk.engine.reveal(thread, f"staff:{desk.ana}", future.action.message)
    assert "2026-12-25 is in the future" in shown and "Use today or an earlier day." in shown
