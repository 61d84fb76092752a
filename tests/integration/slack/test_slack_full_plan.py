"""A plan in Slack is answered folded; "Show full plan" posts the rest in the thread, by
the answer's own rule for identifiers (placeholders where others read, the author's own
words in a thread only they read), against the fake Slack on 127.0.0.1."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.full_plan import PLAN_GONE
from tests.fakes.slack_requests import block_action, direct_message, mention

PRIOR_AUTH = (
    "prior auth for Harold Binkowski's MRI has been pending with the payer for nine days, "
    "what do we do?"
)
BOARDING = "our ED boarding hours doubled this quarter, who owns fixing it?"


def _unfold_button(posted: dict[str, Any]) -> dict[str, Any]:
    [block] = [b for b in posted["blocks"] if b.get("block_id") == "plan_full"]
    [button] = block["elements"]
    assert button["text"]["text"] == "Show full plan"
    return button


def _click(slack, user: str, posted: dict[str, Any], thread_ts: str) -> None:
    button = _unfold_button(posted)
    payload = block_action(
        user,
        button["action_id"],
        button["value"],
        posted["channel"],
        "1700000000.5",
        blocks=posted["blocks"],
        thread_ts=thread_ts,
    )
    assert slack.interaction(payload).status_code == 200


def _text(call: dict[str, Any]) -> str:
    return json.dumps(call["blocks"])


def test_a_plan_is_folded_and_the_full_plan_is_posted_in_the_thread(slack) -> None:
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000600.000100"))
    [answer] = slack.fake.wait_for("chat.postMessage")
    folded = _text(answer)
    assert "*Now*" in folded and "Escalate now to the Ordering clinician" in folded
    assert "Who does what" not in folded and "Audit trail" not in folded
    assert "Binkowski" not in folded and "&lt;PERSON_1&gt;" in folded  # a channel thread

    _click(slack, "UBEN", answer, "1700000600.000100")  # anyone in the thread may unfold it
    [_, full] = slack.fake.wait_for("chat.postMessage", 2)
    [settled] = slack.fake.wait_for("chat.update")
    slack.settle()
    assert full["thread_ts"] == "1700000600.000100" and full["channel"] == "C0CARE"
    unfolded = _text(full)
    assert "Full plan: " in unfolded and "Who does what" in unfolded
    assert "Prior Authorization Specialist" in unfolded
    assert "clinical-prior-authorization-specialist" not in unfolded  # names, never slugs
    assert "Binkowski" not in unfolded and "&lt;PERSON_1&gt;" in unfolded  # same rule
    # The button is replaced by a note, so the plan is not posted twice.
    assert "plan_full" not in json.dumps([b.get("block_id") for b in settled["blocks"]])
    assert "asked for the full plan" in _text(settled)


def test_in_a_direct_message_the_author_reads_their_own_words_in_the_full_plan(slack) -> None:
    slack.event(direct_message("UANA", PRIOR_AUTH, channel="D0ANA"))
    [answer] = slack.fake.wait_for("chat.postMessage")
    assert "Binkowski" in _text(answer)
    _click(slack, "UANA", answer, answer["thread_ts"])
    [_, full] = slack.fake.wait_for("chat.postMessage", 2)
    slack.settle()
    assert "Who does what" in _text(full) and "Binkowski" in _text(full)
    assert "PERSON_" not in _text(full)


def test_an_older_plan_unfolds_after_newer_turns(slack) -> None:
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000700.000100"))
    [first] = slack.fake.wait_for("chat.postMessage")
    slack.event(mention("UANA", BOARDING, thread_ts="1700000700.000100"))
    [_, second] = slack.fake.wait_for("chat.postMessage", 2)
    assert _unfold_button(first)["value"] != _unfold_button(second)["value"]
    _click(slack, "UANA", first, "1700000700.000100")
    [_, _, full] = slack.fake.wait_for("chat.postMessage", 3)
    slack.settle()
    assert "pending with the payer for nine days" in _text(full)  # the plan that was clicked
    assert "boarding" not in _text(full)


def test_an_unlinked_user_or_an_unknown_plan_is_told_and_nothing_is_posted(slack) -> None:
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000800.000100"))
    [answer] = slack.fake.wait_for("chat.postMessage")
    _click(slack, "USTRANGER", answer, "1700000800.000100")
    [stranger] = slack.fake.wait_for("chat.postEphemeral")
    assert stranger["user"] == "USTRANGER" and "not linked" in stranger["text"]

    gone = json.loads(json.dumps(answer))
    button = _unfold_button(gone)
    button["value"] = button["value"].replace(json.loads(button["value"])["k"], "0" * 12)
    _click(slack, "UANA", gone, "1700000800.000100")
    [_, unknown] = slack.fake.wait_for("chat.postEphemeral", 2)
    slack.settle()
    assert unknown["user"] == "UANA" and unknown["text"] == PLAN_GONE
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # only the answer
    assert slack.fake.calls_to("chat.update") == []
