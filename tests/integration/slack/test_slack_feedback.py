"""Feedback buttons under Slack answers, against the fake Slack: a helpful click, and a
"not helpful" modal that names the right specialist and proposes a correction."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.slack.blocks.feedback import FEEDBACK_VIEW
from tests.fakes.slack_requests import block_action, direct_message, mention, view_submission
from tools.store.models import AnswerFeedback, RoutingCorrection

HOME_IV = (
    "Harold Binkowski, MRN 00482913, uninsured, needs six weeks of IV antibiotics after "
    "discharge. What are the realistic options and who pays?"
)


def _feedback_element(posted: dict) -> dict:
    [block] = [b for b in posted["blocks"] if b["type"] == "context_actions"]
    assert posted["blocks"][-1] is block  # under the answer
    [element] = block["elements"]
    assert element["type"] == "feedback_buttons"
    return element


def _click(slack, user: str, posted: dict, side: str) -> None:
    value = _feedback_element(posted)[side]["value"]
    payload = block_action(user, "feedback", value, posted["channel"], "1700000000.9")
    payload["actions"][0]["type"] = "feedback_buttons"
    assert slack.interaction(payload).status_code == 200


def _rows(slack, model) -> list:
    with slack.records.db.reading() as session:
        return list(session.scalars(select(model)))


def test_every_answer_has_feedback_buttons_and_helpful_is_one_click(slack) -> None:
    slack.event(mention("UANA", "prior auth for an MRI is late", ts="1700000300.000100"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "UBEN", posted, "positive_button")  # anyone in the thread may rate it
    [note] = slack.fake.wait_for("chat.postEphemeral")
    slack.settle()
    assert note["user"] == "UBEN" and "Thank you for the feedback" in note["text"]
    [row] = _rows(slack, AnswerFeedback)
    assert row.helpful is True and row.role == "coordinator" and row.channel == "slack"
    assert row.chosen_agent == "clinical-prior-authorization-specialist"


def test_not_helpful_opens_the_picker_and_proposes_a_correction(slack) -> None:
    slack.event(direct_message("UANA", HOME_IV, channel="D0ANA"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "UANA", posted, "negative_button")
    [opened] = slack.fake.wait_for("views.open")
    modal = opened["view"]
    assert modal["callback_id"] == FEEDBACK_VIEW
    picker = next(b for b in modal["blocks"] if b.get("block_id") == "corrected_agent")
    groups = picker["element"]["option_groups"]
    slugs = [o["value"] for g in groups for o in g["options"]]
    assert len(slugs) == 50 and len(groups) == 10  # every specialist but the one chosen
    chosen = _rows(slack, AnswerFeedback)  # nothing is recorded until the modal is sent
    assert chosen == []

    values = {
        "corrected_agent": {
            "agent": {
                "type": "static_select",
                "selected_option": {"value": "clinical-case-manager"},
            }
        },
        "comment": {"comment": {"type": "plain_text_input", "value": "Ask Maria Lopez"}},
    }
    assert slack.interaction(view_submission("UANA", modal, values)).status_code == 200
    [note] = slack.fake.wait_for("chat.postEphemeral")
    slack.settle()
    assert "goes to a supervisor or admin for review" in note["text"]
    [row] = _rows(slack, AnswerFeedback)
    assert row.helpful is False and row.corrected_agent == "clinical-case-manager"
    assert "Maria" not in row.comment and "Binkowski" not in row.request
    [correction] = _rows(slack, RoutingCorrection)
    assert (correction.status, correction.agent) == ("pending", "clinical-case-manager")


def test_a_button_under_an_older_answer_cannot_rate_a_newer_one(slack) -> None:
    slack.event(mention("UANA", "prior auth for an MRI is late", ts="1700000400.000100"))
    [first] = slack.fake.wait_for("chat.postMessage")
    slack.event(mention("UANA", "our ED boarding hours doubled", thread_ts="1700000400.000100"))
    slack.fake.wait_for("chat.postMessage", 2)
    _click(slack, "UANA", first, "negative_button")
    [opened] = slack.fake.wait_for("views.open")
    refused = slack.interaction(view_submission("UANA", opened["view"], {})).json()
    assert refused["response_action"] == "errors"
    assert "no longer the conversation's latest" in json.dumps(refused["errors"])
    assert _rows(slack, AnswerFeedback) == []


def test_an_unlinked_user_cannot_rate(slack) -> None:
    slack.event(mention("UANA", "prior auth for an MRI is late", ts="1700000500.000100"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "USTRANGER", posted, "positive_button")
    [note] = slack.fake.wait_for("chat.postEphemeral")
    slack.settle()
    assert note["user"] == "USTRANGER" and _rows(slack, AnswerFeedback) == []
