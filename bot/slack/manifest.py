"""The app manifest, and which scope each Web API method and event needs.

``manifest.yaml`` declares what the app may do; the tables here say why each scope is
there (every method and event Baton uses, with the scope Slack's documentation lists
for it), so a test can check that the listeners use nothing the manifest lacks and that
the manifest asks for nothing Baton does not use.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

MANIFEST_PATH = Path(__file__).with_name("manifest.yaml")
EVENTS_PATH = "/slack/events"

# Web API method -> bot scope it needs (None: no scope; a trigger id or the app token).
METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    # Streaming messages (a chat model's answer as it is written): chat:write, as any post.
    "chat.startStream": "chat:write",
    "chat.appendStream": "chat:write",
    "chat.stopStream": "chat:write",
    "views.open": None,
    "assistant.threads.setStatus": "assistant:write",
    "assistant.threads.setSuggestedPrompts": "assistant:write",
    "assistant.threads.setTitle": "assistant:write",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "apps.connections.open": None,  # app-level token with connections:write
}
# slack_sdk helpers that call several methods.
CLIENT_HELPERS = {
    "files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal"),
    "chat_stream": ("chat.startStream", "chat.appendStream", "chat.stopStream"),
}
# Subscribed event -> bot scope it needs.
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.im": "im:history",
    "assistant_thread_started": "assistant:write",
    "assistant_thread_context_changed": "assistant:write",
}
COMMANDS_SCOPE = "commands"
# Why each scope is there (shown in the README).
SCOPE_REASONS = {
    "app_mentions:read": "hear @Baton in channels it was invited to",
    "assistant:write": "the assistant side panel: its events, status, title and prompts",
    "chat:write": "answer in threads (a chat model's answer streamed as it is written), DM "
    "decision requests and nudges, update and ephemeral messages",
    "commands": "/baton, /baton-log and /baton-tasks",
    "files:write": "attach a handoff plan too long for messages as a Markdown file",
    "im:history": "hear direct messages to Baton (message.im)",
}


def load_manifest() -> dict[str, Any]:
    with MANIFEST_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def api_method(client_method: str) -> tuple[str, ...]:
    """The Web API methods behind a ``WebClient`` method name (``chat_postMessage``)."""
    if client_method in CLIENT_HELPERS:
        return CLIENT_HELPERS[client_method]
    return (client_method.replace("_", "."),)


def manifest_for(request_url: str | None = None) -> dict[str, Any]:
    """The manifest for Socket Mode, or for HTTP mode when ``request_url`` is given
    (``https://HOST/slack/events``, served by ``baton serve``)."""
    manifest = copy.deepcopy(load_manifest())
    if request_url is None:
        return manifest
    if not request_url.startswith("https://"):
        raise ValueError("Slack sends events only to an https:// request URL")
    settings = manifest["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = request_url
    settings["interactivity"]["request_url"] = request_url
    settings["interactivity"]["message_menu_options_url"] = request_url
    for command in manifest["features"]["slash_commands"]:
        command["url"] = request_url
    return manifest


def manifest_yaml(request_url: str | None = None) -> str:
    return yaml.safe_dump(manifest_for(request_url), sort_keys=False, width=88)
