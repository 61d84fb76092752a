"""Slack's Block Kit limits, and the small builders that keep every block within them.

Limits from Slack's Block Kit reference (https://api.slack.com/reference/block-kit):
at most 50 blocks in a message and 100 in a modal; a section's text up to 3000
characters and up to 10 fields of 2000; a header up to 150; a button's text up to 75 and
its value up to 255; action ids up to 255; an option's text up to 75 and value up to
150; a select up to 100 options; a modal's title up to 24 and private_metadata up to
3000 characters; a context block up to 10 elements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_MODAL_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 255
MAX_ACTION_ID = 255
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTIONS = 100
MAX_MODAL_TITLE = 24
MAX_PRIVATE_METADATA = 3000
MAX_CONTEXT_ELEMENTS = 10
MAX_INPUT_LENGTH = 3000  # plain_text_input max_length
MAX_FALLBACK_TEXT = 3000  # a message's top-level text; Slack truncates far beyond this

Block = dict[str, Any]
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as markup.

    Placeholders such as ``<PERSON_1>`` would otherwise be read as links or mentions.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_markdown(text: str) -> str:
    """Escape what would make Markdown text (a streamed answer) more than text.

    ``<`` opens Slack's links, mentions and broadcasts (``<!here>``) and would swallow a
    placeholder such as ``<PERSON_1>``; ``>`` alone is harmless and starts a quote.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;")


def truncate(text: str, limit: int) -> str:
    if limit < 1:
        raise ValueError("limit must be positive")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at line breaks when it
    can, else at spaces, else anywhere; nothing is lost."""
    pieces: list[str] = []
    rest = text.strip("\n")
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest:
        pieces.append(rest)
    return pieces


def plain(text: str, limit: int | None = None) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit) if limit else text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def sections(text: str) -> list[Block]:
    """One or more section blocks holding all of ``text`` (already escaped mrkdwn)."""
    return [{"type": "section", "text": mrkdwn(piece)} for piece in split_text(text)]


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, MAX_HEADER_TEXT)}


def context(*texts: str) -> Block:
    elements = [mrkdwn(truncate(t, MAX_SECTION_TEXT)) for t in texts[:MAX_CONTEXT_ELEMENTS]]
    return {"type": "context", "elements": elements}


def divider() -> Block:
    return {"type": "divider"}


def compact_value(data: Mapping[str, Any]) -> str:
    """A button's value as compact JSON; refuses what Slack would refuse."""
    value = json.dumps(dict(data), separators=(",", ":"), sort_keys=True)
    if len(value) > MAX_BUTTON_VALUE:
        raise ValueError(f"a button value is limited to {MAX_BUTTON_VALUE} characters")
    return value


def read_value(value: str | None) -> dict[str, Any]:
    """The JSON a button carries; {} for anything else (values come from Slack)."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def button(text: str, action_id: str, value: Mapping[str, Any], style: str | None = None) -> Block:
    if len(action_id) > MAX_ACTION_ID:
        raise ValueError("action ids are limited to 255 characters")
    element: Block = {
        "type": "button",
        "text": plain(text, MAX_BUTTON_TEXT),
        "action_id": action_id,
        "value": compact_value(value),
    }
    if style in ("primary", "danger"):
        element["style"] = style
    return element


def actions(block_id: str, elements: Iterable[Block]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def option(text: str, value: str) -> dict[str, Any]:
    if len(value) > MAX_OPTION_VALUE:
        raise ValueError(f"an option value is limited to {MAX_OPTION_VALUE} characters")
    return {"text": plain(text, MAX_OPTION_TEXT), "value": value}


def chunk_blocks(blocks: list[Block], size: int = MAX_MESSAGE_BLOCKS) -> list[list[Block]]:
    """Blocks in messages of at most ``size``; a divider never starts or ends one."""
    chunks: list[list[Block]] = []
    current: list[Block] = []
    for block in blocks:
        if len(current) == size:
            chunks.append(current)
            current = []
        if block.get("type") == "divider" and not current:
            continue
        current.append(block)
    if current:
        chunks.append(current)
    return [_trim_dividers(chunk) for chunk in chunks if _trim_dividers(chunk)]


def _trim_dividers(chunk: list[Block]) -> list[Block]:
    while chunk and chunk[-1].get("type") == "divider":
        chunk = chunk[:-1]
    return chunk


def private_metadata(data: Mapping[str, Any]) -> str:
    value = json.dumps(dict(data), separators=(",", ":"), sort_keys=True)
    if len(value) > MAX_PRIVATE_METADATA:
        raise ValueError(f"private_metadata is limited to {MAX_PRIVATE_METADATA} characters")
    return value


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)
