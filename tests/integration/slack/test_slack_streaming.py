"""With a chat model, Slack shows the specialist's answer as it is written: a streaming
message in the turn's thread (start, appends, stop), then the plan as usual.

Baton talks to the fake OpenAI server and the app to the fake Slack, both through the
real clients (langchain-openai, slack_sdk's ChatStream).
"""

from __future__ import annotations

import json

import pytest

from graph.engine import BatonEngine
from tests.fakes.openai_api import FakeOpenAI, Text
from tests.fakes.slack_api import streamed_text
from tests.fakes.slack_requests import direct_message, mention

PRIOR_AUTH = "prior auth for an MRI has been pending with the payer for nine days"
IDENTIFIERS = ("Maria", "Gonzalez", "4471902", "555-201-3344")
# The specialist's scripted answer: long enough for several batches, and plain enough
# that the PHI guard leaves every word as it is.
ANSWER = "\n".join(
    [
        "**Next steps.** Ask the payer for the status of the request today and write the "
        "reference number in the task log. If the payer needs more records, the intake "
        "coordinator gathers them from the ordering office within one business day.",
        "",
        "- The prior authorization specialist checks the payer policy for the imaging code "
        "and confirms that every required document is attached [1].",
        "- The utilization review nurse reviews the clinical notes against the criteria "
        "and flags anything missing before the request is sent again.",
        "- The revenue cycle director signs off if the request is denied and an appeal is "
        "needed; nothing is decided until the director answers.",
        "",
        "**What to verify.** The payer policy in force on the date of service, the order "
        "and its diagnosis codes, and the dates of every call to the payer. Keep the "
        "reference numbers with the task so the next person can pick it up without "
        "calling again. When the payer answers, record the outcome and close the task, "
        "or open the appeal with the director if the answer is a denial.",
    ]
)


@pytest.fixture
def engine(model_engine: BatonEngine, fake: FakeOpenAI) -> BatonEngine:
    """The Slack fixture built on Baton in chat-model mode (the fake model answers)."""
    return model_engine


def _streamed(slack) -> str:
    return "".join(streamed_text(params) for _, params in slack.fake.stream_calls())


def _methods(slack) -> list[str]:
    return [method for method, _ in slack.fake.stream_calls()]


def test_the_assistant_panel_streams_the_answer_then_posts_the_plan(slack, fake) -> None:
    fake.push_specialist(Text(ANSWER))
    thread_ts = "1700000600.000100"
    slack.event(direct_message("UANA", PRIOR_AUTH, channel="D0ANA", thread_ts=thread_ts))
    [plan] = slack.fake.wait_for("chat.postMessage", timeout=90)
    slack.settle()
    slack.fake.wait_for("assistant.threads.setStatus")  # it was the assistant panel

    methods = _methods(slack)
    assert methods[0] == "chat.startStream" and methods[-1] == "chat.stopStream"
    assert methods.count("chat.startStream") == methods.count("chat.stopStream") == 1
    assert methods.count("chat.appendStream") >= 1
    start = slack.fake.stream_calls()[0][1]
    assert (start["channel"], start["thread_ts"]) == ("D0ANA", thread_ts)
    assert (start["recipient_user_id"], start["recipient_team_id"]) == ("UANA", "T0FAKE")
    assert _streamed(slack) == ANSWER  # every word, once, in order
    [stream] = slack.fake.streams.values()
    assert stream.text == ANSWER and not stream.open

    # Then the plan, as without a model: one message, after the stream stopped.
    order = [call.method for call in slack.fake.calls]
    assert order.index("chat.postMessage") > order.index("chat.stopStream")
    assert plan["thread_ts"] == thread_ts and "Handoff plan" in plan["text"]
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    assert slack.fake.calls_to("chat.update") == []


def test_a_failing_append_falls_back_to_one_final_message(slack, fake) -> None:
    fake.push_specialist(Text(ANSWER))
    slack.fake.failures["chat.appendStream"] = "ratelimited"
    thread_ts = "1700000700.000100"
    slack.event(direct_message("UANA", PRIOR_AUTH, channel="D0ANA", thread_ts=thread_ts))
    [plan] = slack.fake.wait_for("chat.postMessage", timeout=90)
    slack.settle()

    # One refused append ends streaming for the turn; the started message is closed and
    # completed with the whole answer, and the plan is posted once.
    assert _methods(slack) == ["chat.startStream", "chat.appendStream", "chat.stopStream"]
    [stream_ts] = slack.fake.streams
    [update] = slack.fake.calls_to("chat.update")
    assert update["ts"] == stream_ts and update["markdown_text"] == ANSWER
    posted = slack.fake.calls_to("chat.postMessage")
    assert posted == [plan] and "Handoff plan" in plan["text"]
    assert "incident" not in json.dumps(posted)


def test_a_channel_thread_streams_placeholders_never_the_identifiers(slack, fake) -> None:
    # The fake model repeats the (redacted) request in its answer.
    request = f"{PRIOR_AUTH} for Maria Gonzalez, MRN 4471902, call 555-201-3344"
    slack.event(mention("UANA", request, ts="1700000800.000100"))
    [plan] = slack.fake.wait_for("chat.postMessage", timeout=90)
    slack.settle()

    calls = slack.fake.stream_calls()
    assert calls and calls[0][0] == "chat.startStream" and calls[-1][0] == "chat.stopStream"
    start = calls[0][1]
    assert (start["channel"], start["thread_ts"]) == ("C0CARE", "1700000800.000100")
    assert start["recipient_user_id"] == "UANA"  # Slack needs the recipient in channels
    streamed = _streamed(slack)
    assert "&lt;PERSON_1>" in streamed  # the placeholder, escaped so Slack shows it
    everything = json.dumps([call.params for call in slack.fake.calls])
    for identifier in IDENTIFIERS:
        assert identifier not in everything  # no stream call, no message, no update
    assert plan["thread_ts"] == "1700000800.000100"


def test_identifiers_the_model_writes_itself_pass_the_guard_before_they_stream(slack, fake) -> None:
    # A model never sees the values, but its words pass the guard all the same.
    fake.push_specialist(
        Text("**Next steps.** Call 555-201-3344 about SSN 536-22-8571 today. Then close it.")
    )
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000850.000100"))
    slack.fake.wait_for("chat.postMessage", timeout=90)
    slack.settle()
    streamed = _streamed(slack)
    assert streamed.startswith("**Next steps.** Call &lt;PHONE_1> about SSN &lt;SSN_1> today.")
    everything = json.dumps([call.params for call in slack.fake.calls])
    assert "555-201-3344" not in everything and "536-22-8571" not in everything


def test_a_direct_message_streams_the_authors_own_words_back(slack, fake) -> None:
    slack.event(direct_message("UANA", f"{PRIOR_AUTH} for Maria Gonzalez", channel="D0ANA"))
    slack.fake.wait_for("chat.postMessage", timeout=90)
    slack.settle()
    streamed = _streamed(slack)
    assert "Maria Gonzalez" in streamed  # a DM only the author reads: their own words
    assert "PERSON_1" not in streamed


def test_a_turn_failing_midway_closes_its_stream_and_says_so_once(slack, monkeypatch) -> None:
    def failing(*args, **kwargs):
        yield {"event": "token", "text": "**Next steps.** "}
        yield {"event": "token", "text": "Ask the payer. "}
        raise RuntimeError("database said: patient Maria Gonzalez MRN 4471902")

    monkeypatch.setattr(slack.engine, "ask_stream", failing)
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000900.000100"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    slack.settle()
    assert _methods(slack) == ["chat.startStream", "chat.stopStream"]  # closed, not left open
    assert posted["thread_ts"] == "1700000900.000100" and "incident id" in posted["text"]
    everything = json.dumps([call.params for call in slack.fake.calls])
    assert "Maria" not in everything and "4471902" not in everything
