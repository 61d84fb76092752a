"""Slash commands, the time-entry modal, and the buttons of chat answers."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from bot.slack.blocks.limits import compact_value
from tests.fakes.slack_requests import (
    block_action,
    block_suggestion,
    direct_message,
    mention,
    view_submission,
)
from tools.decision_requests.service import list_decisions
from tools.staff import actor_for
from tools.store.models import Patient, TaskLogEntry


def _entries(slack) -> int:
    with slack.records.db.reading() as session:
        return int(session.scalar(select(func.count(TaskLogEntry.id))) or 0)


def _log_values(patient_id: int, task_type: str, minutes: str, confirm: bool = False) -> dict:
    values = {
        "patient": {
            "patient": {"type": "static_select", "selected_option": {"value": str(patient_id)}}
        },
        "task_type": {
            "task_type": {"type": "static_select", "selected_option": {"value": task_type}}
        },
        "minutes": {"minutes": {"type": "number_input", "value": minutes}},
        "task_date": {"task_date": {"type": "datepicker", "selected_date": "2026-10-14"}},
        "notes": {"notes": {"type": "plain_text_input", "value": "called Maria Gonzalez back"}},
        "confirm": {"confirm": {"type": "checkboxes", "selected_options": []}},
    }
    if confirm:
        values["confirm"]["confirm"]["selected_options"] = [{"value": "yes"}]
    return values


def _patient_id(slack, code: str) -> int:
    with slack.records.db.reading() as session:
        return int(session.scalar(select(Patient.id).where(Patient.chart_code == code)))


def test_baton_log_opens_a_modal_with_only_the_coordinators_patients(slack) -> None:
    response = slack.command("/baton-log", "UANA")
    assert response.status_code == 200
    [opened] = slack.fake.wait_for("views.open")
    view = opened["view"]
    assert opened["trigger_id"].startswith("trigger.") and view["callback_id"] == "task_log"
    blocks = {b["block_id"]: b for b in view["blocks"]}
    charts = [o["text"]["text"] for o in blocks["patient"]["element"]["options"]]
    assert charts == ["ZK1029", "ZK1030"]  # Ben's ZK1031 is not offered
    assert "TESTPATIENT" not in json.dumps(view)  # chart codes only, no names
    groups = blocks["task_type"]["element"]["option_groups"]
    assert {g["label"]["text"] for g in groups} >= {"Care Coordination", "Communication"}
    assert sum(len(g["options"]) for g in groups) <= 100


def test_a_submission_shows_the_tools_refusal_inline_then_logs(slack) -> None:
    slack.command("/baton-log", "UANA")
    [opened] = slack.fake.wait_for("views.open")
    view, zk1029 = opened["view"], _patient_id(slack, "ZK1029")

    too_short = slack.interaction(
        view_submission("UANA", view, _log_values(zk1029, "Communication: Phone", "3"))
    )
    assert too_short.status_code == 200
    assert too_short.json() == {
        "response_action": "errors",
        "errors": {"minutes": "minimum 5 minutes per entry, got 3"},
    }
    wrong_program = slack.interaction(
        view_submission("UANA", view, _log_values(zk1029, "PCM: Care Plan Monthly OPEN", "20"))
    )
    assert set(wrong_program.json()["errors"]) == {"task_type"}
    assert _entries(slack) == 0

    long_call = _log_values(zk1029, "Communication: Phone", "25")
    asked = slack.interaction(view_submission("UANA", view, long_call))
    assert set(asked.json()["errors"]) == {"confirm"}  # over twice the 10-minute average
    confirmed = _log_values(zk1029, "Communication: Phone", "25", confirm=True)
    sent = slack.interaction(view_submission("UANA", view, confirmed)).json()
    assert sent["response_action"] == "update"
    assert "sent to the North team supervisor for sign-off" in json.dumps(sent["view"])
    assert _entries(slack) == 0  # nothing logged before the supervisor approves
    sue = actor_for(slack.records, slack.staff["sue"], "slack")
    [signoff] = list_decisions(slack.records, sue)
    assert (signoff.kind, signoff.arguments["minutes"]) == ("time_entry.over_average", 25)

    usual = _log_values(zk1029, "Communication: Phone", "15")
    done = slack.interaction(view_submission("UANA", view, usual)).json()
    assert done["response_action"] == "update"
    assert "Logged 15 min of 'Communication: Phone' for ZK1029" in json.dumps(done["view"])
    assert _entries(slack) == 1
    with slack.records.db.reading() as session:
        entry = session.scalars(select(TaskLogEntry)).one()
    assert (entry.minutes, entry.task_date) == (15, date(2026, 10, 14))
    assert "Maria" not in entry.notes and "<PERSON_1>" in entry.notes  # notes redacted
    copies = slack.fake.wait_for("chat.postMessage", 2, where=lambda p: p["channel"] == "UANA")
    assert "ZK1029" in json.dumps(copies[1]["blocks"])  # the coordinator's own DM


def test_baton_log_is_for_coordinators_and_linked_users(slack) -> None:
    slack.command("/baton-log", "USUE", name="sue")
    slack.command("/baton-log", "UNOBODY", name="nobody")
    replies = slack.fake.wait_for("response_url", 2)
    by_name = {r["name"]: r for r in replies}
    assert "for care coordinators" in by_name["sue"]["text"]
    assert by_name["sue"]["response_type"] == "ephemeral"
    assert "not linked" in by_name["nobody"]["text"]
    assert slack.fake.calls_to("views.open") == []


def test_a_large_panel_gets_a_searching_patient_picker(slack) -> None:
    with slack.records.db.transaction() as session:
        for n in range(101):
            session.add(
                Patient(
                    chart_code=f"QX{n:04d}",
                    name=f"TESTPATIENT, {n}",
                    status="active",
                    coordinator_id=slack.staff["ana"],
                    program="CCM",
                    chronic_conditions=2,
                    visit_interval_months=6,
                )
            )
    slack.command("/baton-log", "UANA")
    [opened] = slack.fake.wait_for("views.open")
    picker = opened["view"]["blocks"][0]["element"]
    assert picker["type"] == "external_select"
    found = slack.interaction(block_suggestion("UANA", "patient", "qx001")).json()
    assert [o["text"]["text"] for o in found["options"]] == [f"QX{n:04d}" for n in range(10, 20)]
    refused = slack.interaction(block_suggestion("UBEN", "patient", "qx001")).json()
    assert refused["options"] == []  # Ben sees only his own patients


def test_baton_tasks_shows_todays_tasks_and_this_months_minutes(slack) -> None:
    assert slack.command("/baton-tasks", "UANA").status_code == 200
    [reply] = slack.fake.wait_for("response_url")
    assert reply["response_type"] == "ephemeral"
    text = json.dumps(reply["blocks"])
    assert "Insurance Verification" in text and "ZK1029" in text  # due the 7th: overdue
    assert "ZK1031" not in text  # Ben's patient
    assert "This month" in text and "0 min" in text


def test_baton_asks_and_answers_in_a_dm_thread(slack) -> None:
    response = slack.command("/baton", "UANA", "prior auth for an MRI pending nine days")
    assert response.status_code == 200 and "direct messages" in response.text
    opened, answer = slack.fake.wait_for("chat.postMessage", 2)
    assert opened["channel"] == "UANA"  # the app's DM with Ana
    assert answer["channel"] == "DANA" and answer["thread_ts"]
    assert "Handoff plan" in answer["text"]


def test_baton_without_text_explains_itself(slack) -> None:
    response = slack.command("/baton", "UANA", "  ")
    assert "Tell me what you need" in response.text


def test_a_clarifying_question_offers_buttons_and_a_click_answers_it(slack) -> None:
    slack.event(mention("UANA", "can you help with this", ts="1700000600.000100"))
    [question] = slack.fake.wait_for("chat.postMessage")
    [buttons] = [b for b in question["blocks"] if b["type"] == "actions"]
    first = buttons["elements"][0]
    assert len(first["value"]) <= 255
    click = block_action(
        "UANA",
        first["action_id"],
        first["value"],
        "C0CARE",
        "1700000000.000001",
        blocks=question["blocks"],
        thread_ts="1700000600.000100",
        text=first["text"]["text"],
    )
    assert slack.interaction(click).status_code == 200
    [updated] = slack.fake.wait_for("chat.update")
    assert not [b for b in updated["blocks"] if b["type"] == "actions"]  # no second click
    _, plan = slack.fake.wait_for("chat.postMessage", 2)
    assert plan["thread_ts"] == "1700000600.000100" and "Handoff plan" in plan["text"]


def test_logging_time_in_chat_asks_first_and_only_the_author_confirms(slack) -> None:
    slack.event(
        direct_message("UANA", "log 25 min CCM care plan review for chart ZK1029", channel="D0ANA")
    )
    [asked] = slack.fake.wait_for("chat.postMessage")
    assert "ZK1029" in json.dumps(asked["blocks"])  # Ana's own DM: her own words
    [buttons] = [b for b in asked["blocks"] if b["type"] == "actions"]
    yes = next(e for e in buttons["elements"] if e["action_id"] == "confirm:yes")
    thread = asked["thread_ts"]
    other = block_action(
        "UBEN", "confirm:yes", yes["value"], "D0ANA", "1700000000.1", asked["blocks"], thread
    )
    slack.interaction(other)
    [refused] = slack.fake.wait_for("chat.postEphemeral")
    assert refused["user"] == "UBEN" and "Only the person who asked" in refused["text"]
    assert _entries(slack) == 0
    mine = block_action(
        "UANA", "confirm:yes", yes["value"], "D0ANA", "1700000000.1", asked["blocks"], thread
    )
    slack.interaction(mine)
    _, logged = slack.fake.wait_for("chat.postMessage", 2)
    assert "Logged 25 min" in json.dumps(logged["blocks"])
    assert _entries(slack) == 1
    assert compact_value({"a": "yes"}) == '{"a":"yes"}'
