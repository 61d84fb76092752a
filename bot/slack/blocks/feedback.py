"""Feedback under each answer: Slack's feedback buttons, and the "not helpful" modal
with its "the right specialist is ..." picker (the 51 specialists by division)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack.blocks.limits import (
    Block,
    compact_value,
    option,
    plain,
    private_metadata,
    sections,
)
from graph.feedback import AgentChoice
from tools.feedback.rules import MAX_COMMENT_CHARS

FEEDBACK_ACTION = "feedback"
FEEDBACK_BLOCK = "feedback"
FEEDBACK_VIEW = "feedback_details"
AGENT_BLOCK, AGENT_ACTION = "corrected_agent", "agent"
COMMENT_BLOCK, COMMENT_ACTION = "comment", "comment"
HELPFUL, NOT_HELPFUL = "up", "down"


def feedback_block(thread_ts: str, answer: str) -> Block:
    """The feedback buttons Slack's guidance for assistant apps puts under every answer; each value
    names the thread and the answer (``graph.feedback.answer_key``) it is about."""

    def side(text: str, label: str, verdict: str) -> dict[str, Any]:
        return {
            "text": plain(text),
            "accessibility_label": label,
            "value": compact_value({"v": verdict, "t": thread_ts, "k": answer}),
        }

    return {
        "type": "context_actions",
        "block_id": FEEDBACK_BLOCK,
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": FEEDBACK_ACTION,
                "positive_button": side("Helpful", "This answer was helpful", HELPFUL),
                "negative_button": side("Not helpful", "This answer was not helpful", NOT_HELPFUL),
            }
        ],
    }


def feedback_modal(
    groups: Sequence[tuple[str, Sequence[AgentChoice]]],
    chosen_agent: str | None,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """What was wrong: the right specialist (optional; not the one Baton chose) and a
    short comment. No picker for an answer that was not routed (a command)."""
    blocks: list[Block] = sections(
        "Thanks for telling us. If another specialist should have answered, pick them: a "
        "supervisor reviews it before Baton routes similar requests there."
        if chosen_agent
        else "Thanks for telling us. What went wrong?"
    )
    if chosen_agent:
        option_groups = [
            {
                "label": plain(division, 75),
                "options": [
                    option(a.display_name, a.slug) for a in members if a.slug != chosen_agent
                ],
            }
            for division, members in groups
        ]
        blocks.append(
            {
                "type": "input",
                "block_id": AGENT_BLOCK,
                "optional": True,
                "label": plain("The right specialist is"),
                "element": {
                    "type": "static_select",
                    "action_id": AGENT_ACTION,
                    "placeholder": plain("Choose a specialist"),
                    "option_groups": [g for g in option_groups if g["options"]],
                },
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": COMMENT_BLOCK,
            "optional": True,
            "label": plain("Comment"),
            "element": {
                "type": "plain_text_input",
                "action_id": COMMENT_ACTION,
                "multiline": True,
                "max_length": MAX_COMMENT_CHARS,
            },
            "hint": plain("Keep patient details out: Slack is not an approved place for PHI."),
        }
    )
    return {
        "type": "modal",
        "callback_id": FEEDBACK_VIEW,
        "private_metadata": private_metadata(metadata),
        "title": plain("Not helpful", 24),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }


def thanks_note(correction_id: int | None) -> str:
    if correction_id is None:
        return "Thank you for the feedback."
    return (
        f"Thank you. Your correction (#{correction_id}) goes to a supervisor or admin for "
        "review; once accepted, Baton routes similar requests that way."
    )
