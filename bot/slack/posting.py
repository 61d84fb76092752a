"""Sending Baton's messages to Slack: answers in threads, ephemeral notes, failures."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.slack.blocks.limits import MAX_FALLBACK_TEXT, Block, truncate
from bot.slack.blocks.notices import notice_blocks
from bot.slack.blocks.turns import SlackAnswer
from bot.slack.errors import friendly_failure

log = logging.getLogger("bot.slack")


def post_answer(client: WebClient, channel: str, thread_ts: str, answer: SlackAnswer) -> list[str]:
    """Post every message of ``answer`` in the thread (and its file); their timestamps."""
    posted = []
    for message in answer.messages:
        response = client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=truncate(message.text, MAX_FALLBACK_TEXT),
            blocks=message.blocks,
            unfurl_links=False,
            unfurl_media=False,
        )
        posted.append(str(response["ts"]))
    if answer.file is not None:
        client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=answer.file.content,
            filename=answer.file.filename,
            title=answer.file.title,
        )
    return posted


def post_blocks(
    client: WebClient, channel: str, text: str, blocks: list[Block], thread_ts: str | None = None
) -> Any:
    return client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts,
        text=truncate(text, MAX_FALLBACK_TEXT),
        blocks=blocks,
        unfurl_links=False,
        unfurl_media=False,
    )


def post_private_note(
    client: WebClient, channel: str, user_id: str, text: str, thread_ts: str | None = None
) -> None:
    """A message only ``user_id`` sees, in the conversation they wrote in."""
    client.chat_postEphemeral(
        channel=channel,
        user=user_id,
        thread_ts=thread_ts,
        text=truncate(text, MAX_FALLBACK_TEXT),
        blocks=notice_blocks(text),
    )


def respond_privately(response_url: str, text: str, blocks: list[Block] | None = None) -> None:
    """Answer a slash command or a click through its response URL (the author only)."""
    WebhookClient(response_url).send(
        response_type="ephemeral",
        text=truncate(text, MAX_FALLBACK_TEXT),
        blocks=blocks or notice_blocks(text),
    )


def post_failure(
    client: WebClient, channel: str, incident: str, thread_ts: str | None = None
) -> None:
    """Never silence: tell the thread something went wrong, with the incident id only."""
    text = friendly_failure(incident)
    try:
        post_blocks(client, channel, text, notice_blocks(text), thread_ts)
    except Exception:
        log.exception("could not tell Slack about incident %s", incident)
