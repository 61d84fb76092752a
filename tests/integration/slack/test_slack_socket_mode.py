"""Socket Mode against a local WebSocket handed out by the fake's apps.connections.open,
with slack_sdk's built-in client; and the ``baton slack`` commands."""

from __future__ import annotations

import json

import yaml

from bot.cli import main
from bot.slack.socket import socket_mode_handler
from tests.fakes.slack_api import FakeSocketMode
from tests.fakes.slack_requests import event_body, mention

APP_TOKEN = "xapp-1-A0FAKE-1-0123456789abcdef"


def test_socket_mode_acknowledges_envelopes_and_answers(slack) -> None:
    socket = FakeSocketMode(slack.fake)
    handler = socket_mode_handler(slack.app, APP_TOKEN)
    try:
        handler.connect()
        socket.wait_connected()
        [opened] = slack.fake.calls_to("apps.connections.open")
        assert [c.token for c in slack.fake.calls if c.method == "apps.connections.open"] == [
            APP_TOKEN
        ]
        assert opened is not None

        event = mention("UANA", "prior auth for an MRI pending nine days", ts="1700002000.000100")
        socket.send(
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": event_body(event, "EvSOCKET1"),
            }
        )
        assert socket.wait_ack("env-1")["envelope_id"] == "env-1"
        [answer] = slack.fake.wait_for("chat.postMessage")
        assert answer["thread_ts"] == "1700002000.000100" and "Handoff plan" in answer["text"]

        # Slack redelivers over the socket too: the same event id is answered once.
        socket.send(
            {
                "envelope_id": "env-2",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 1,
                "retry_reason": "timeout",
                "payload": event_body(event, "EvSOCKET1"),
            }
        )
        socket.wait_ack("env-2")

        command = {
            "team_id": "T0FAKE",
            "channel_id": "C0CARE",
            "user_id": "UANA",
            "command": "/baton",
            "text": "",
            "response_url": slack.fake.response_url(),
            "trigger_id": "trigger.socket",
        }
        socket.send(
            {
                "envelope_id": "env-3",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": command,
            }
        )
        ack = socket.wait_ack("env-3")
        assert "Tell me what you need" in json.dumps(ack.get("payload"))
        slack.settle()
        assert len(slack.fake.calls_to("chat.postMessage")) == 1
    finally:
        handler.close()
        socket.close()


def test_baton_slack_manifest_prints_the_manifest(capsys) -> None:
    assert main(["slack", "manifest"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["settings"]["socket_mode_enabled"] is True
    url = "https://baton.example.org/slack/events"
    assert main(["slack", "manifest", "--request-url", url]) == 0
    http = yaml.safe_load(capsys.readouterr().out)
    assert http["settings"]["event_subscriptions"]["request_url"] == url
    assert main(["slack", "manifest", "--request-url", "http://x/slack/events"]) == 2


def test_baton_slack_socket_needs_both_tokens(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1111-2222-abcdef")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    assert main(["slack", "socket"]) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-your-token")
    assert main(["slack", "socket"]) == 2
    assert "placeholder" in capsys.readouterr().err
