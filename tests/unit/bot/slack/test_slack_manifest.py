"""The manifest is the one source of scopes, events and commands: the listeners use
nothing it lacks, and it asks for nothing Baton does not use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.slack import listeners
from bot.slack.listeners import assistant, commands, events
from bot.slack.manifest import (
    COMMANDS_SCOPE,
    EVENT_SCOPES,
    METHOD_SCOPES,
    SCOPE_REASONS,
    api_method,
    load_manifest,
    manifest_for,
)

SLACK_PACKAGE = Path(listeners.__file__).parents[1]
# WebClient methods, called or passed on: chat_postMessage, files_upload_v2 …
CLIENT_CALL = re.compile(
    r"\.((?:auth|chat|views|assistant|files|conversations|users|reactions|apps)_\w+)\b"
)
# Listener event types -> the manifest's subscription (message events come from DMs only)
SUBSCRIPTION = {"message": "message.im"}


def _client_methods() -> set[str]:
    found: set[str] = set()
    for path in SLACK_PACKAGE.rglob("*.py"):
        found |= set(CLIENT_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def _subscribed_by_listeners() -> set[str]:
    return {SUBSCRIPTION.get(e, e) for e in (*events.EVENTS, *assistant.EVENTS)}


def test_every_event_a_listener_handles_is_subscribed_and_nothing_more() -> None:
    manifest = load_manifest()
    assert (
        set(manifest["settings"]["event_subscriptions"]["bot_events"]) == _subscribed_by_listeners()
    )


def test_the_slash_commands_are_exactly_the_manifests() -> None:
    declared = {c["command"] for c in load_manifest()["features"]["slash_commands"]}
    assert declared == set(commands.COMMANDS)


def test_every_web_api_call_has_its_scope_in_the_manifest_and_every_scope_a_use() -> None:
    methods = {m for client_method in _client_methods() for m in api_method(client_method)}
    assert methods, "the scan found no Web API calls"
    unknown = methods - set(METHOD_SCOPES)
    assert not unknown, f"add these methods and their scopes to METHOD_SCOPES: {unknown}"
    needed = {METHOD_SCOPES[m] for m in methods} - {None}
    needed |= {EVENT_SCOPES[e] for e in _subscribed_by_listeners()}
    needed.add(COMMANDS_SCOPE)
    declared = set(load_manifest()["oauth_config"]["scopes"]["bot"])
    assert declared == needed
    assert set(SCOPE_REASONS) == declared  # the README explains each one


def test_the_manifest_enables_what_the_front_door_needs() -> None:
    manifest = load_manifest()
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True and settings["interactivity"]["is_enabled"]
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert "assistant_view" in manifest["features"]


def test_the_http_manifest_points_everything_at_the_request_url() -> None:
    url = "https://baton.example.org/slack/events"
    manifest = manifest_for(url)
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == url
    assert settings["interactivity"]["request_url"] == url
    assert settings["interactivity"]["message_menu_options_url"] == url  # the patient search
    assert {c["url"] for c in manifest["features"]["slash_commands"]} == {url}
    assert "request_url" not in load_manifest()["settings"]["event_subscriptions"]
    with pytest.raises(ValueError, match="https"):
        manifest_for("http://baton.example.org/slack/events")
