"""Streaming an answer into Slack: where batches end, how often they go, what they show,
and what happens when Slack refuses a call. The real slack_sdk client talks to the fake
Slack on 127.0.0.1; the clock is a counter the tests move."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.slack.blocks.limits import escape_markdown
from bot.slack.streaming import (
    FLUSH_SECONDS,
    MAX_BATCH_CHARS,
    MAX_STREAM_CHARS,
    AnswerStream,
    StreamPlace,
    ready_length,
)
from tests.fakes.slack_api import FakeSlack, streamed_text

PLACE = StreamPlace("D0ANA", "1700000000.000001", "UANA", "T0FAKE")


@pytest.mark.parametrize(
    ("text", "ready"),
    [
        ("", 0),
        ("no end yet", 0),
        ("One sentence.", 0),  # no space after it: the next token may continue it
        ("One sentence. Two", len("One sentence. ")),
        ("Ask the payer! Then", len("Ask the payer! ")),
        ("Is it done? ", len("Is it done? ")),
        ("(see [1].) next", len("(see [1].) ")),
        ("**Next steps.** then", len("**Next steps.** ")),
        ("- a line\n- half a li", len("- a line\n")),
        ("a line\nthen. More\nand", len("a line\nthen. More\n")),
        ("e.g.x not an end", 0),
        ("for <PERSON_1> and <MR", 0),  # no end: a placeholder is never cut in two
        ("word " * 300, len("word " * 300)),  # a long run with no end: at its last space
        ("x" * 2000, 0),  # not even a space: wait
    ],
)
def test_a_batch_ends_at_a_line_or_sentence_end(text: str, ready: int) -> None:
    assert ready_length(text) == ready


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain **bold**", "plain **bold**"),
        ("for <PERSON_1>", "for &lt;PERSON_1>"),
        ("<!here> <@U123>", "&lt;!here> &lt;@U123>"),
        ("R&D", "R&amp;D"),
        ("> a quote", "> a quote"),
    ],
)
def test_streamed_markdown_cannot_mention_link_or_hide_a_placeholder(
    text: str, escaped: str
) -> None:
    assert escape_markdown(text) == escaped


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def slack_api() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def fake_slack(slack_api: FakeSlack) -> FakeSlack:
    slack_api.reset()
    return slack_api


def _stream(
    fake: FakeSlack, clock: Clock, place: StreamPlace = PLACE, **kw: object
) -> AnswerStream:
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    redact = kw.get("redact") or (lambda text: text)
    show = kw.get("show") or (lambda text: text)
    return AnswerStream(client, place, redact, show, clock)  # type: ignore[arg-type]


def _methods(fake: FakeSlack) -> list[str]:
    return [method for method, _ in fake.stream_calls()]


def _text(fake: FakeSlack) -> str:
    return "".join(streamed_text(params) for _, params in fake.stream_calls())


def test_the_first_sentence_starts_the_stream_then_batches_wait_for_the_clock(
    fake_slack: FakeSlack,
) -> None:
    clock = Clock()
    stream = _stream(fake_slack, clock)
    for token in ["Start ", "with ", "intake. ", "Then ", "the ", "review. "]:
        stream.add(token)
    assert _methods(fake_slack) == ["chat.startStream"]  # the rest waits for the clock
    clock.now += FLUSH_SECONDS + 0.01
    stream.add("Verify ")
    assert _methods(fake_slack) == ["chat.startStream", "chat.appendStream"]
    stream.finish("Start with intake. Then the review. Verify it.")
    assert _methods(fake_slack)[-1] == "chat.stopStream"
    start = fake_slack.stream_calls()[0][1]
    assert (start["channel"], start["thread_ts"]) == (PLACE.channel, PLACE.thread_ts)
    assert (start["recipient_user_id"], start["recipient_team_id"]) == ("UANA", "T0FAKE")
    # "Verify " waited for a sentence end and went with the stop: nothing is lost
    stream_ts = stream.ts
    assert stream_ts and fake_slack.streams[stream_ts].text == _text(fake_slack)
    assert _text(fake_slack) == "Start with intake. Then the review. Verify "
    assert not fake_slack.streams[stream_ts].open


def test_a_fast_model_is_sent_in_batches_of_hundreds_of_characters(fake_slack: FakeSlack) -> None:
    clock = Clock()  # never moves: only the size sends a batch
    stream = _stream(fake_slack, clock)
    sentence = "Confirm the order is complete and the payer has what it needs. "
    for _ in range(40):
        for word in sentence.split(" ")[:-1]:
            stream.add(word + " ")
    stream.finish(sentence * 40)
    calls = fake_slack.stream_calls()
    appends = [params for method, params in calls if method == "chat.appendStream"]
    assert len(appends) >= 3  # not one call per token, not one at the end
    sizes = [len(streamed_text(params)) for params in appends]
    assert all(MAX_BATCH_CHARS - len(sentence) <= size <= MAX_BATCH_CHARS for size in sizes)
    assert _text(fake_slack) == sentence * 40


def test_each_batch_passes_the_guard_then_show_then_escaping(fake_slack: FakeSlack) -> None:
    seen: list[str] = []

    def redact(text: str) -> str:
        seen.append(text)
        return text.replace("4471902", "<MRN_1>")

    stream = _stream(fake_slack, Clock(), redact=redact, show=lambda t: t.upper())
    for token in ["Call ", "about ", "4471902. ", "Done. "]:
        stream.add(token)
    stream.finish("Call about <MRN_1>. Done.")
    assert all(text.endswith(" ") for text in seen if text)  # whole sentences to the guard
    assert "4471902" not in str(fake_slack.stream_calls())
    assert _text(fake_slack) == "CALL ABOUT &lt;MRN_1>. DONE. "


def test_an_answer_set_aside_after_it_streamed_says_so_at_the_end(fake_slack: FakeSlack) -> None:
    stream = _stream(fake_slack, Clock())
    for token in ["Here ", "is ", "a ", "start. ", "And"]:
        stream.add(token)
    stream.finish(None)
    assert _methods(fake_slack) == ["chat.startStream", "chat.stopStream"]
    assert _text(fake_slack).startswith("Here is a start. And")
    assert "could not use this answer" in _text(fake_slack)


def test_an_answer_set_aside_before_anything_showed_never_streams(fake_slack: FakeSlack) -> None:
    stream = _stream(fake_slack, Clock())
    stream.add("I'm sorry, I can't help with that.")  # no sentence end followed by more
    stream.finish(None)
    assert fake_slack.stream_calls() == []


def test_a_refused_start_streams_nothing_more_and_updates_nothing(fake_slack: FakeSlack) -> None:
    fake_slack.failures["chat.startStream"] = "not_allowed_token_type"
    stream = _stream(fake_slack, Clock())
    for token in ["One. ", "Two. ", "Three. "]:
        stream.add(token)
    stream.finish("One. Two. Three.")
    assert _methods(fake_slack) == ["chat.startStream"]  # tried once, then left alone
    assert stream.failed and stream.ts is None
    assert fake_slack.calls_to("chat.update") == []  # the plan follows as usual


def test_a_refused_append_closes_the_stream_and_completes_it_once(fake_slack: FakeSlack) -> None:
    fake_slack.failures["chat.appendStream"] = "ratelimited"
    clock = Clock()
    stream = _stream(fake_slack, clock, show=lambda t: t.replace("<PERSON_1>", "Maria"))
    stream.add("First for <PERSON_1>. ")
    clock.now += FLUSH_SECONDS + 0.01
    stream.add("Second. ")
    clock.now += FLUSH_SECONDS + 0.01
    stream.add("Third. ")
    stream.finish("First for <PERSON_1>. Second. Third.")
    assert _methods(fake_slack) == ["chat.startStream", "chat.appendStream", "chat.stopStream"]
    [update] = fake_slack.calls_to("chat.update")
    assert update["ts"] == stream.ts
    assert update["markdown_text"] == "First for Maria. Second. Third."


def test_a_refused_stop_completes_the_message_with_the_whole_answer(fake_slack: FakeSlack) -> None:
    fake_slack.failures["chat.stopStream"] = "message_not_in_streaming_state"
    stream = _stream(fake_slack, Clock())
    stream.add("Only. ")
    stream.finish("Only.")
    [update] = fake_slack.calls_to("chat.update")
    assert update["markdown_text"] == "Only."


def test_an_answer_beyond_slacks_length_is_cut_with_a_note(fake_slack: FakeSlack) -> None:
    stream = _stream(fake_slack, Clock())
    sentence = "x" * 98 + ". "
    for _ in range(MAX_STREAM_CHARS // len(sentence) + 20):
        stream.add(sentence)
    stream.finish("long")
    text = _text(fake_slack)
    assert len(text) <= MAX_STREAM_CHARS
    assert text.rstrip().endswith("shortened for Slack._")


def test_a_failed_turn_closes_its_stream_as_it_stands(fake_slack: FakeSlack) -> None:
    stream = _stream(fake_slack, Clock())
    stream.add("Begun. ")
    stream.abandon()
    stream.add("More. ")
    stream.finish("Begun. More.")
    assert _methods(fake_slack) == ["chat.startStream", "chat.stopStream"]
    assert _text(fake_slack) == "Begun. "


def test_a_guard_failure_ends_streaming_and_shows_nothing_unguarded(fake_slack: FakeSlack) -> None:
    def broken(text: str) -> str:
        raise RuntimeError("the guard is down")

    stream = _stream(fake_slack, Clock(), redact=broken)
    stream.add("Call 555-201-3344. ")  # never raises: the turn goes on
    stream.add("Then close it. ")
    stream.finish("Call <PHONE_1>. Then close it.")
    assert stream.failed
    assert fake_slack.stream_calls() == [] and fake_slack.calls_to("chat.update") == []
