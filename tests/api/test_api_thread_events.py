"""A conversation followed live (``GET /threads/{id}/events``) against a real uvicorn on
127.0.0.1, read as it streams: the latest answer when it opens (every one with
``?history=true``, those after ``Last-Event-ID`` on a reconnect), answers given beside a
pause for a decision, the decision outcome however the owner answered, keep-alive comments
while quiet, and nobody else's conversation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.api.app import create_app
from tests.api.conftest import api_settings, build_practice
from tests.live_server import serving
from tools.access import Actor
from tools.context import ToolContext
from tools.decision_requests.service import answer_decision
from tools.owners import set_owner
from tools.staff import actor_for
from tools.tokens import issue_token

WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."
RECORDS_QUESTION = "what's left on my panel this week?"
READ_TIMEOUT = httpx.Timeout(60.0)


@dataclass
class LiveApi:
    url: str
    records: ToolContext
    staff: dict[str, int]
    tokens: dict[str, str]

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def post(self, path: str, who: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(
            f"{self.url}/api/v1{path}", headers=self.headers(who), json=body, timeout=READ_TIMEOUT
        )

    def ask(self, who: str, text: str) -> tuple[str, dict[str, Any]]:
        thread = uuid.uuid4().hex
        return thread, self.say(thread, who, text)

    def say(self, thread: str, who: str, text: str) -> dict[str, Any]:
        answered = self.post(f"/threads/{thread}/turns", who, {"text": text})
        assert answered.status_code == 200, answered.text
        return dict(answered.json())

    def events(self, thread: str, who: str, path: str = "", **headers: str) -> Any:
        return httpx.stream(
            "GET",
            f"{self.url}/api/v1/threads/{thread}/events{path}",
            headers=self.headers(who, **headers),
            timeout=READ_TIMEOUT,
        )


@pytest.fixture
def live_api(engine: Any, records: ToolContext, tmp_path: Path) -> Iterator[LiveApi]:
    staff, _ = build_practice(records)
    tokens = {k: issue_token(records, Actor.system("test"), v).secret for k, v in staff.items()}
    settings = api_settings(tmp_path, answer_poll_s=0.1, answer_keepalive_s=0.5)
    engine.services.records = records
    try:
        with serving(create_app(settings, engine, records)) as url:
            yield LiveApi(url, records, staff, tokens)
    finally:
        engine.services.records = None


def sse_blocks(response: httpx.Response) -> Iterator[dict[str, str]]:
    """Each block of the stream as {field: value}; a comment line as {"comment": text}."""
    block: dict[str, str] = {}
    for line in response.iter_lines():
        if not line:
            if block:
                yield block
            block = {}
        elif line.startswith(":"):
            block["comment"] = line[1:].strip()
        else:
            field, _, value = line.partition(":")
            block[field] = value.removeprefix(" ")


def next_event(blocks: Iterator[dict[str, str]]) -> dict[str, str]:
    """The next block that is an event (not the retry hint, not a keep-alive)."""
    return next(b for b in blocks if "event" in b)


def waiting_for_a_write_off(live_api: LiveApi) -> tuple[str, dict[str, Any]]:
    """Ana's conversation, paused for Sue's decision on a write-off: (thread, turn)."""
    set_owner(
        live_api.records,
        Actor.system("test"),
        "Revenue cycle director",
        primary=live_api.staff["sue"],
    )
    return live_api.ask("ana", WRITE_OFF)


def test_the_stream_opens_with_the_answer_and_tells_the_decision_outcome(
    live_api: LiveApi,
) -> None:
    thread, turn = waiting_for_a_write_off(live_api)
    decision_id = turn["waiting_for_decision"]
    assert decision_id is not None
    with live_api.events(thread, "ana") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        blocks = sse_blocks(response)
        assert next(blocks) == {"retry": "3000"}
        opening = next_event(blocks)
        assert opening["event"] == "answer"
        assert json.loads(opening["data"])["waiting_for_decision"] == decision_id
        answered = live_api.post(f"/decisions/{decision_id}/answer", "sue", {"answer": "approve"})
        assert answered.status_code == 200, answered.text
        outcome = next_event(blocks)
    assert outcome["event"] == "decision"
    assert outcome["id"] != opening["id"]
    told = json.loads(outcome["data"])
    assert told["thread_id"] == thread and told["waiting_for_decision"] is None
    assert "approved by Sue Super (Revenue cycle director)" in told["markdown"]


def test_a_quiet_stream_sends_keep_alives_and_a_reconnect_skips_what_it_has(
    live_api: LiveApi,
) -> None:
    thread, _ = live_api.ask("ana", RECORDS_QUESTION)
    with live_api.events(thread, "ana") as response:
        blocks = sse_blocks(response)
        opening = next_event(blocks)
        assert json.loads(opening["data"])["kind"] == "records"
        following = next(b for b in blocks if b != {"retry": "3000"})
    assert following == {"comment": "keep-alive"}
    # EventSource reconnects with the last id it saw: that answer is not sent again.
    with live_api.events(thread, "ana", **{"Last-Event-ID": opening["id"]}) as again:
        blocks = sse_blocks(again)
        assert next(blocks) == {"retry": "3000"}
        assert next(blocks) == {"comment": "keep-alive"}


def test_another_persons_conversation_is_refused_and_no_stream_opens(live_api: LiveApi) -> None:
    thread, _ = live_api.ask("ana", RECORDS_QUESTION)
    with live_api.events(thread, "ben") as response:
        response.read()
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["detail"][0]["loc"] == ["thread_id"]
    anonymous = httpx.get(f"{live_api.url}/api/v1/threads/{thread}/events", timeout=READ_TIMEOUT)
    assert anonymous.status_code == 401
    bad_id = httpx.get(
        f"{live_api.url}/api/v1/threads/not%20an%20id/events",
        headers=live_api.headers("ana"),
        timeout=READ_TIMEOUT,
    )
    assert bad_id.status_code == 422


def test_history_replays_every_answer_in_order_and_a_reconnect_resumes_after_its_last(
    live_api: LiveApi,
) -> None:
    thread, first = live_api.ask("ana", RECORDS_QUESTION)
    second = live_api.say(thread, "ana", "prior auth for an MRI has been pending for nine days")
    assert first["answer_id"] and second["answer_id"] and first["answer_id"] != second["answer_id"]
    with live_api.events(thread, "ana", path="?history=true") as response:
        blocks = sse_blocks(response)
        replayed = [next_event(blocks), next_event(blocks)]
        assert next(b for b in blocks if "retry" not in b) == {"comment": "keep-alive"}
    assert [b["id"] for b in replayed] == [first["answer_id"], second["answer_id"]]
    assert [json.loads(b["data"])["kind"] for b in replayed] == ["records", "plan"]
    # Without history the stream opens with the latest answer only.
    with live_api.events(thread, "ana") as response:
        assert next_event(sse_blocks(response))["id"] == second["answer_id"]
    # A reconnect names the last answer it has: only what came after it is sent.
    with live_api.events(
        thread, "ana", path="?history=true", **{"Last-Event-ID": first["answer_id"]}
    ) as response:
        blocks = sse_blocks(response)
        resumed = next_event(blocks)
        assert next(b for b in blocks if "retry" not in b) == {"comment": "keep-alive"}
    assert resumed["id"] == second["answer_id"]


def test_a_side_answer_while_waiting_comes_once_with_the_id_of_the_reply(
    live_api: LiveApi,
) -> None:
    thread, turn = waiting_for_a_write_off(live_api)
    decision_id = turn["waiting_for_decision"]
    with live_api.events(thread, "ana") as response:
        blocks = sse_blocks(response)
        assert next_event(blocks)["id"] == turn["answer_id"]
        side = live_api.say(thread, "ana", RECORDS_QUESTION)
        streamed = next_event(blocks)
        assert next(b for b in blocks if "retry" not in b) == {"comment": "keep-alive"}
    assert side["kind"] == "records" and side["waiting_for_decision"] == decision_id
    assert streamed["event"] == "answer" and streamed["id"] == side["answer_id"]
    body = json.loads(streamed["data"])
    assert body["thread_id"] == thread and body["waiting_for_decision"] == decision_id
    assert f"Decision request #{decision_id} is still with" in body["notice"]


def test_a_decision_answered_from_the_cli_reaches_two_open_streams_and_resumes_once(
    live_api: LiveApi, engine: Any
) -> None:
    thread, turn = waiting_for_a_write_off(live_api)
    decision_id = turn["waiting_for_decision"]
    with live_api.events(thread, "ana") as one, live_api.events(thread, "ana") as two:
        tabs = [sse_blocks(one), sse_blocks(two)]
        assert [next_event(t)["id"] for t in tabs] == [turn["answer_id"]] * 2
        # What ``baton decisions answer`` does: record it in the store, resume nothing.
        sue = actor_for(live_api.records, live_api.staff["sue"], "cli")
        answer_decision(live_api.records, sue, decision_id, "approve")
        outcomes = [next_event(t) for t in tabs]
    assert [o["event"] for o in outcomes] == ["decision", "decision"]
    assert outcomes[0]["id"] == outcomes[1]["id"]
    told = json.loads(outcomes[0]["data"])
    assert told["waiting_for_decision"] is None
    assert "approved by Sue Super (Revenue cycle director)" in told["markdown"]
    answers = engine.answers(f"s{live_api.staff['ana']}-{thread}")
    assert [a.decided for a in answers] == [False, True]
    # The asker's next message is answered in the conversation, not beside it.
    after = live_api.say(thread, "ana", RECORDS_QUESTION)
    assert after["waiting_for_decision"] is None and not after["notice"]
