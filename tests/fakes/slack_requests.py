"""Requests as Slack sends them to an app: signed event, command and interaction bodies."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from typing import Any

from tests.fakes.slack_api import TEAM_ID

_ids = itertools.count(1)


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 signature: HMAC-SHA256 over "v0:{timestamp}:{body}"."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: str, content_type: str, timestamp: int | None = None, retry: int = 0
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }
    if retry:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def event_body(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": "A0FAKE",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBATON", "is_bot": True}],
    }


def mention(
    user: str,
    text: str,
    channel: str = "C0CARE",
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBATON> {text}",
        "ts": ts or f"1699999999.{next(_ids):06d}",
        "channel": channel,
        "event_ts": ts or "1699999999.000001",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(
    user: str, text: str, channel: str = "D0DM", thread_ts: str | None = None
) -> dict[str, Any]:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": f"1699999998.{next(_ids):06d}",
        "channel": channel,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_form(
    command: str, user: str, text: str, response_url: str, channel: str = "C0CARE"
) -> str:
    return urllib.parse.urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "user_id": user,
            "command": command,
            "text": text,
            "response_url": response_url,
            "trigger_id": f"trigger.{next(_ids)}",
            "api_app_id": "A0FAKE",
        }
    )


def interaction_form(payload: dict[str, Any]) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def block_action(
    user: str,
    action_id: str,
    value: str,
    channel: str,
    message_ts: str,
    blocks: list[dict[str, Any]] | None = None,
    thread_ts: str | None = None,
    text: str = "",
) -> dict[str, Any]:
    message = {"ts": message_ts, "text": "Baton", "blocks": blocks or []}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0FAKE",
        "trigger_id": f"trigger.{next(_ids)}",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "channel": {"id": channel},
        "message": message,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b",
                "value": value,
                "text": {"type": "plain_text", "text": text or action_id},
            }
        ],
    }


def view_submission(user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "api_app_id": "A0FAKE",
        "view": {
            "id": "V00001",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view.get("private_metadata", ""),
            "state": {"values": values},
            "hash": "h",
        },
    }


def block_suggestion(user: str, action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "block_suggestion",
        "team": {"id": TEAM_ID},
        "user": {"id": user},
        "action_id": action_id,
        "block_id": action_id,
        "value": value,
        "api_app_id": "A0FAKE",
        "view": {"id": "V00001", "type": "modal", "callback_id": "task_log"},
    }
