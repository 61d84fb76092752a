"""Slack threads as graph threads, and Slack message text as plain text.

A Slack thread is one conversation thread of the graph: its id is derived from the team,
channel and thread timestamp alone (ids, never text), so every worker finds the same
checkpointed conversation for a follow-up without asking anyone.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from typing import Any

THREAD_ID_PREFIX = "slack-"

# Slack's markup inside message text (https://api.slack.com/reference/surfaces/formatting)
_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>|<#[CG][A-Z0-9]+>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:mailto:|tel:|https?://)[^|>]+)(?:\|([^>]*))?>")


def graph_thread_id(team_id: str, channel_id: str, thread_ts: str) -> str:
    """The graph's thread id for a Slack thread (deterministic, no text in it)."""
    for name, value in (("team", team_id), ("channel", channel_id), ("thread_ts", thread_ts)):
        if not value:
            raise ValueError(f"a Slack thread needs its {name}")
    digest = hashlib.sha256(f"{team_id}:{channel_id}:{thread_ts}".encode()).hexdigest()
    return THREAD_ID_PREFIX + digest[:40]


def thread_ts_of(event: Mapping[str, Any]) -> str:
    """The thread a message belongs to: its parent's ts, or its own when it starts one."""
    return str(event.get("thread_ts") or event["ts"])


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """Slack message text as the person typed it: mentions of Baton removed, links and
    mentions unwrapped, entities decoded, so the PHI guard sees e-mails and phone numbers
    the way they were written."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _USER_MENTION.sub(lambda m: f"@{m.group(1)}", text)
    text = _CHANNEL_LINK.sub(lambda m: f"#{m.group(1) or 'channel'}", text)
    text = _SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    text = _SUBTEAM.sub(lambda m: m.group(1) or "@group", text)

    def _unlink(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if label:
            return label
        return target.removeprefix("mailto:").removeprefix("tel:")

    text = _LINK.sub(_unlink, text)
    return " ".join(html.unescape(text).split())
