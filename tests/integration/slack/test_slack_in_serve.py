"""``baton serve`` answers Slack in HTTP mode when Slack is configured, and its job timer
delivers the outbox as Slack DMs."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from bot.api.app import create_app, notifier_for
from bot.slack.notifier import SlackNotifier
from tests.fakes.slack_requests import event_body, signed_headers
from tests.integration.slack.conftest import SECRET, _practice, slack_settings


def test_serve_mounts_slack_events_and_uses_the_slack_notifier(engine, records, fake_slack):
    fake_slack.reset()
    _practice(records)
    engine.services.records = records
    settings = slack_settings(slack_api_url=fake_slack.base_url, jobs_interval_s=0)
    try:
        with TestClient(create_app(settings, engine, records)) as http:
            services = http.app.state.baton
            assert services.slack_app is not None
            assert isinstance(notifier_for(services), SlackNotifier)
            event = {
                "type": "app_mention",
                "user": "UANA",
                "channel": "C1",
                "ts": "1.0",
                "text": "<@UBOT> prior auth for an MRI pending nine days",
            }
            body = json.dumps(event_body(event, "Ev-serve-1"))
            answered = http.post(
                "/slack/events",
                content=body,
                headers=signed_headers(SECRET, body, "application/json"),
            )
            assert answered.status_code == 200
            services.slack_app.deps.wait_idle(120)
            [posted] = fake_slack.calls_to("chat.postMessage")
            assert posted["thread_ts"] == "1.0"
            forged = http.post(
                "/slack/events",
                content=body,
                headers=signed_headers("wrong-secret-0000", body, "application/json"),
            )
            assert forged.status_code == 401
    finally:
        engine.services.records = None


def test_serve_without_slack_has_no_slack_route(engine, records):
    engine.services.records = records
    try:
        with TestClient(
            create_app(slack_settings(slack_bot_token=None, jobs_interval_s=0), engine, records)
        ) as http:
            assert http.app.state.baton.slack_app is None
            assert http.post("/slack/events", content="{}").status_code == 404
    finally:
        engine.services.records = None
