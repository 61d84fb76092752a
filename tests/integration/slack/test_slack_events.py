"""Mentions, direct messages and the assistant panel, end to end against the fake Slack."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.fakes.slack_requests import direct_message, event_body, mention, signed_headers
from tools.store.models import AuditEvent

PRIOR_AUTH = "prior auth for an MRI has been pending with the payer for nine days"


def _texts(blocks: list[dict]) -> str:
    return json.dumps(blocks)


def test_a_mention_is_acknowledged_and_answered_with_a_plan_in_its_thread(slack) -> None:
    event = mention("UANA", PRIOR_AUTH, ts="1700000100.000100")
    response = slack.event(event)
    assert response.status_code == 200
    [posted] = slack.fake.wait_for("chat.postMessage")
    slack.settle()
    assert posted["channel"] == "C0CARE"
    assert posted["thread_ts"] == "1700000100.000100"  # a new thread under the mention
    assert "Handoff plan" in posted["text"]
    blocks = posted["blocks"]
    assert blocks[0]["type"] == "header" and len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert "Handoff plan: Prior auth and medical necessity" in _texts(blocks)
    assert "prior-authorization-specialist" not in _texts(blocks)  # names, never slugs
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


def test_a_follow_up_in_the_thread_keeps_its_context(slack) -> None:
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000200.000100"))
    slack.fake.wait_for("chat.postMessage")
    slack.event(mention("UANA", "and who signs off?", thread_ts="1700000200.000100"))
    first, second = slack.fake.wait_for("chat.postMessage", 2)
    assert second["thread_ts"] == "1700000200.000100"
    # the short follow-up is planned with the thread's subject, not on its own
    assert "Handoff plan: Prior auth and medical necessity" in _texts(second["blocks"])


def test_phi_in_a_channel_thread_stays_a_placeholder_and_gets_the_reminder(slack) -> None:
    slack.event(mention("UANA", f"{PRIOR_AUTH} for Maria Gonzalez, MRN 4471902, call 555-201-3344"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    text = _texts(posted["blocks"])
    for identifier in ("Maria", "Gonzalez", "4471902", "555-201-3344"):
        assert identifier not in text
    assert "&lt;PERSON_1&gt;" in text  # escaped, so Slack shows it rather than a link
    assert "PHI reminder" in text


def test_a_direct_message_shows_the_author_their_own_words(slack) -> None:
    slack.event(direct_message("UANA", f"{PRIOR_AUTH} for Maria Gonzalez", channel="D0ANA"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted["channel"] == "D0ANA" and posted["thread_ts"]  # answered in a thread
    text = _texts(posted["blocks"])
    assert "Maria Gonzalez" in text  # a DM only the author reads: their own words
    assert "PHI reminder" in text
    slack.settle()
    assert slack.fake.stream_calls() == [] and len(slack.fake.calls_to("chat.postMessage")) == 1


def test_the_assistant_panel_greets_by_role_then_thinks_titles_and_answers(slack) -> None:
    thread = {"user_id": "UANA", "channel_id": "D0ANA", "thread_ts": "1700000300.000100"}
    started = {"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": "1"}
    assert slack.event(started).status_code == 200
    [prompts] = slack.fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert prompts["thread_ts"] == "1700000300.000100"
    assert any("panel" in p["message"] for p in prompts["prompts"])  # coordinator prompts
    [greeting] = slack.fake.wait_for("chat.postMessage")
    assert "Ana" in greeting["blocks"][0]["text"]["text"]

    message = direct_message("UANA", PRIOR_AUTH, channel="D0ANA", thread_ts="1700000300.000100")
    slack.event(message)
    [status] = slack.fake.wait_for("assistant.threads.setStatus")
    assert status["status"] == "is thinking…"
    [title] = slack.fake.wait_for("assistant.threads.setTitle")
    assert title["title"] and len(title["title"]) <= 60
    _, answer = slack.fake.wait_for("chat.postMessage", 2)
    assert answer["thread_ts"] == "1700000300.000100" and "Handoff plan" in answer["text"]
    slack.settle()
    assert slack.fake.stream_calls() == []  # offline nothing streams: the plan as before


def test_a_supervisor_gets_the_supervisor_prompts(slack) -> None:
    thread = {"user_id": "USUE", "channel_id": "D0SUE", "thread_ts": "1700000400.000100"}
    slack.event({"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": "1"})
    [prompts] = slack.fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert not any("my panel" in p["message"] for p in prompts["prompts"])


def test_a_retried_event_is_answered_once(slack) -> None:
    event = mention("UANA", PRIOR_AUTH)
    assert slack.event(event, event_id="EvRETRY1").status_code == 200
    assert slack.event(event, event_id="EvRETRY1", retry=1).status_code == 200
    assert slack.event(event, event_id="EvRETRY1", retry=2).status_code == 200
    slack.fake.wait_for("chat.postMessage")
    slack.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


def test_a_bad_signature_or_a_stale_timestamp_is_refused(slack) -> None:
    body = json.dumps(event_body(mention("UANA", PRIOR_AUTH)))
    headers = signed_headers("not-the-secret", body, "application/json")
    assert slack.http.post("/slack/events", content=body, headers=headers).status_code == 401
    stale = signed_headers("8f14e45fceea167a5a36dedd4bea2543", body, "application/json", 1_000)
    assert slack.http.post("/slack/events", content=body, headers=stale).status_code == 401
    unsigned = {"Content-Type": "application/json"}
    assert slack.http.post("/slack/events", content=body, headers=unsigned).status_code == 401
    slack.settle()
    assert slack.fake.calls_to("chat.postMessage") == []


def test_an_unknown_or_inactive_user_is_refused_politely_and_audited(slack) -> None:
    slack.event(mention("UNOBODY", PRIOR_AUTH))
    slack.event(mention("UGONE", PRIOR_AUTH))
    refusals = slack.fake.wait_for("chat.postEphemeral", 2)
    assert {r["user"] for r in refusals} == {"UNOBODY", "UGONE"}
    assert all("not linked" in r["text"] for r in refusals)
    slack.settle()
    assert slack.fake.calls_to("chat.postMessage") == []
    with slack.records.db.reading() as session:
        denied = session.scalars(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert {(e.actor, e.action, e.channel, e.role) for e in denied} == {
        ("slack:UNOBODY", "slack.mention", "slack", "none"),  # nobody known: no role
        ("slack:UGONE", "slack.mention", "slack", "none"),
    }


def test_every_slack_action_is_audited_with_the_slack_identity(slack) -> None:
    slack.event(mention("UANA", PRIOR_AUTH))
    slack.fake.wait_for("chat.postMessage")
    slack.settle()
    with slack.records.db.reading() as session:
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "slack.mention"))
    assert (event.actor_id, event.channel, event.outcome) == (
        slack.staff["ana"],
        "slack",
        "allowed",
    )
    assert "UANA" in event.detail


def test_a_failure_becomes_a_friendly_message_with_an_incident_id(slack, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("database said: patient Maria Gonzalez MRN 4471902")

    monkeypatch.setattr(slack.engine, "ask_stream", broken)
    slack.event(mention("UANA", PRIOR_AUTH, ts="1700000500.000100"))
    [posted] = slack.fake.wait_for("chat.postMessage")
    assert posted["thread_ts"] == "1700000500.000100"
    assert "incident id" in posted["text"]
    assert "Maria" not in json.dumps(posted) and "4471902" not in json.dumps(posted)


def test_a_user_over_the_rate_limit_is_told_to_wait(slack) -> None:
    from bot.slack.ratelimit import UserRateLimiter

    slack.app.deps.limiter = UserRateLimiter(per_minute=1, burst=1)
    slack.event(mention("UANA", PRIOR_AUTH))
    slack.event(mention("UANA", PRIOR_AUTH))
    [note] = slack.fake.wait_for("chat.postEphemeral")
    assert "faster than I can take them" in note["text"]
    slack.settle()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


def test_edits_bot_messages_and_joins_are_acknowledged_and_ignored(slack) -> None:
    edited = {**direct_message("UANA", "x"), "subtype": "message_changed"}
    from_bot = {**direct_message("UANA", "x"), "bot_id": "B1"}
    in_channel = {**direct_message("UANA", "x"), "channel_type": "channel"}
    for event in (edited, from_bot, in_channel):
        assert slack.event(event).status_code == 200
    slack.settle()
    assert slack.fake.calls_to("chat.postMessage") == []


def test_http_mode_needs_a_signing_secret_and_accepts_an_app_built_later(slack) -> None:
    import pytest
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from slack_sdk import WebClient

    from bot.slack.app import build_slack_app
    from bot.slack.http import slack_router
    from tests.integration.slack.conftest import BOT_TOKEN, slack_settings

    client = WebClient(token=BOT_TOKEN, base_url=slack.fake.base_url)
    unsigned = build_slack_app(
        slack_settings(slack_signing_secret=None), slack.engine, slack.records, client
    )
    try:
        with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
            slack_router(unsigned)
    finally:
        unsigned.deps.close()
    api = FastAPI()
    api.include_router(slack_router(lambda: slack.app))  # e.g. built in the server's start-up
    with TestClient(api) as http:
        body = json.dumps(event_body(mention("UANA", PRIOR_AUTH)))
        headers = signed_headers("8f14e45fceea167a5a36dedd4bea2543", body, "application/json")
        assert http.post("/slack/events", content=body, headers=headers).status_code == 200
    slack.fake.wait_for("chat.postMessage")
