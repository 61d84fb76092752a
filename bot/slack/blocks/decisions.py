"""Decision requests in Slack: the owner's DM with its four answers, the modals for a
comment or changed arguments, and what the message shows once someone has decided.

Texts of a decision request pass the PHI guard in the tool layer before they reach the
store, so these blocks carry placeholders, never identifiers. The request is shown in
the tool layer's plain words for the person reading it
(``tools.decision_requests.wording``): the chart code only for someone who may see the
patient, in a DM to them alone.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from bot.slack.blocks.limits import (
    MAX_FIELD_TEXT,
    MAX_FIELDS,
    MAX_INPUT_LENGTH,
    Block,
    actions,
    bullets,
    button,
    context,
    escape,
    header,
    plain,
    private_metadata,
    sections,
    truncate,
)
from tools.decision_requests.service import DecisionView
from tools.decision_requests.wording import PANEL_REMOVAL, TITLES, DecisionWords

DECISION_ACTIONS = ("approve", "reject", "edit", "respond")
COMMENT_VIEW = "decision_comment"
EDIT_VIEW = "decision_edit"
# What a sign-off's arguments are called in the edit modal (others keep their names).
ARGUMENT_LABELS = {
    "minutes": "Minutes",
    "task_type": "Task type (its catalog name)",
    "task_date": "Date (YYYY-MM-DD)",
    "notes": "Notes",
    "amount_usd": "Amount (USD)",
    "reason_code": "Reason code",
}
STATUS_WORDS = {
    "approved": ":white_check_mark: Approved",
    "rejected": ":no_entry: Rejected",
    "edited": ":pencil2: Approved with changes",
    "responded": ":speech_balloon: Responded",
}


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"


def _argument_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _request_blocks(view: DecisionView, words: DecisionWords) -> list[Block]:
    blocks: list[Block] = [
        header(f"Decision needed: {words.title} (#{view.id})"),
        *sections(f"*{escape(words.change)}*"),
    ]
    fields = [
        f"*Asked by:*\n{escape(words.asker)}",
        f"*Decides:*\n{escape(words.deciders)}",
        *([f"*Patient:*\n{escape(words.patient)}"] if words.patient else []),
        f"*Due:*\n{escape(words.deadline)}",
        f"*Options:*\n{escape(', '.join(view.options))}",
    ]
    blocks.append(
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": truncate(f, MAX_FIELD_TEXT)} for f in fields],
        }
    )
    blocks += sections(f"*Why a person decides:* {escape(words.why)}")
    if view.evidence and view.kind != PANEL_REMOVAL:  # its words already say it
        lines = [escape(line) for line in view.evidence.splitlines() if line.strip()]
        blocks += sections("*What Baton gathered:*\n" + bullets(lines))
    if view.arguments and view.kind not in TITLES:
        # A plan's decision has no wording of its arguments: they are shown as they are.
        shown = list(view.final_arguments().items())[:MAX_FIELDS]
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": truncate(
                            f"*{escape(k)}:*\n{escape(_argument_text(v))}", MAX_FIELD_TEXT
                        ),
                    }
                    for k, v in shown
                ],
            }
        )
    return blocks


def editable_names(view: DecisionView, editable: Collection[str] | None) -> list[str]:
    """The arguments the owner may change (``editable``; None: every argument)."""
    names = list(view.final_arguments())
    return names if editable is None else [n for n in names if n in editable]


def _answer_buttons(view: DecisionView, editable: Collection[str] | None) -> list[Block]:
    value = {"d": view.id}
    buttons = [
        button("Approve", "decision:approve", value, "primary"),
        button("Reject", "decision:reject", value, "danger"),
    ]
    if editable_names(view, editable):  # nothing to edit otherwise
        buttons.append(button("Edit", "decision:edit", value))
    buttons.append(button("Respond", "decision:respond", value))
    return [
        actions(f"decision:{view.id}", buttons),
        context("Baton does not decide: your answer is recorded in the audit trail."),
    ]


def decision_request_blocks(
    view: DecisionView,
    words: DecisionWords,
    editable: Collection[str] | None = None,
    note: str = "",
) -> list[Block]:
    """The owner's DM: the request in plain words and Approve / Reject / Edit / Respond
    (Edit only when some argument may be changed); ``note`` is the notification's text."""
    blocks = _request_blocks(view, words)
    if note:
        blocks.append(context(escape(note)))
    return blocks + _answer_buttons(view, editable)


def decision_answered_blocks(
    view: DecisionView,
    decided_by: str,
    words: DecisionWords,
    editable: Collection[str] | None = None,
) -> list[Block]:
    """The DM after an answer: who answered, when and why. The buttons stay only while
    the request is open (a response leaves it with the owner)."""
    status = STATUS_WORDS.get(view.status, escape(view.status))
    line = f"{status} by {decided_by}"
    if view.decided_at:
        line += f" on {_when(view.decided_at)}"
    if view.comment:
        line += f"\n>{escape(view.comment)}"
    if view.edited_arguments:
        changed = ", ".join(
            f"{escape(k)} → {escape(_argument_text(v))}" for k, v in view.edited_arguments.items()
        )
        line += f"\nChanged: {changed}"
    blocks = _request_blocks(view, words) + sections(line)
    return blocks + _answer_buttons(view, editable) if view.open else blocks


def decision_outcome_blocks(
    view: DecisionView, decided_by: str, outcome_message: str | None
) -> list[Block]:
    """What the requester's thread is told once the owner has answered."""
    status = STATUS_WORDS.get(view.status, escape(view.status))
    text = f"{status}: decision request #{view.id} ({escape(view.owner_role)}), by {decided_by}."
    if view.comment:
        text += f"\n>{escape(view.comment)}"
    blocks = sections(text)
    if outcome_message:
        blocks.append(context(escape(outcome_message)))
    return blocks


def _metadata(view: DecisionView, answer: str, channel: str, ts: str) -> str:
    return private_metadata({"d": view.id, "a": answer, "c": channel, "ts": ts})


def comment_modal(
    view: DecisionView, words: DecisionWords, answer: str, channel: str, ts: str
) -> dict[str, Any]:
    """Reject or respond: the comment is required (tools/decision_requests/rules.py)."""
    if answer not in ("reject", "respond"):
        raise ValueError("a comment modal is for reject or respond")
    verb = "Reject" if answer == "reject" else "Respond"
    label = "Why is it rejected?" if answer == "reject" else "Your response to the requester"
    return {
        "type": "modal",
        "callback_id": COMMENT_VIEW,
        "private_metadata": _metadata(view, answer, channel, ts),
        "title": plain(f"{verb} #{view.id}", 24),
        "submit": plain(verb),
        "close": plain("Cancel"),
        "blocks": [
            *sections(f"*{escape(words.change)}*"),
            {
                "type": "input",
                "block_id": "comment",
                "label": plain(label),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "comment",
                    "multiline": True,
                    "max_length": MAX_INPUT_LENGTH,
                },
                "hint": plain("Keep patient details out: Slack is not an approved place for PHI."),
            },
        ],
    }


def argument_block_id(name: str) -> str:
    return f"arg:{name}"


def edit_modal(
    view: DecisionView,
    words: DecisionWords,
    channel: str,
    ts: str,
    editable: Collection[str] | None = None,
) -> dict[str, Any]:
    """Approve with changes: one field per argument the owner may change, filled in."""
    current = view.final_arguments()
    inputs = [
        {
            "type": "input",
            "block_id": argument_block_id(name),
            "label": plain(ARGUMENT_LABELS.get(name, name), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "initial_value": truncate(_argument_text(value), MAX_INPUT_LENGTH),
                "max_length": MAX_INPUT_LENGTH,
            },
        }
        for name, value in [(n, current[n]) for n in editable_names(view, editable)][:90]
    ]
    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "private_metadata": _metadata(view, "edit", channel, ts),
        "title": plain(f"Edit #{view.id}", 24),
        "submit": plain("Approve with changes"),
        "close": plain("Cancel"),
        "blocks": [
            *sections(f"*{escape(words.change)}*"),
            *inputs,
            {
                "type": "input",
                "block_id": "comment",
                "optional": True,
                "label": plain("Comment (optional)"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "comment",
                    "multiline": True,
                    "max_length": MAX_INPUT_LENGTH,
                },
            },
        ],
    }


class ArgumentError(ValueError):
    """A changed value that does not parse; ``name`` is the argument at fault."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def edited_arguments(arguments: Mapping[str, Any], submitted: Mapping[str, str]) -> dict[str, Any]:
    """The arguments the owner changed, typed like the originals (numbers stay numbers).

    Raises ``ArgumentError`` naming the field when a number or a yes/no does not parse.
    """
    changed: dict[str, Any] = {}
    for name, text in submitted.items():
        if name not in arguments:
            continue
        original = arguments[name]
        if text.strip() == _argument_text(original).strip():
            continue
        changed[name] = _typed(name, text.strip(), original)
    return changed


def _typed(name: str, text: str, original: Any) -> Any:
    if isinstance(original, bool):
        lowered = text.lower()
        if lowered in ("true", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
        raise ArgumentError(name, f"{name} is yes or no")
    if isinstance(original, int):
        try:
            return int(text)
        except ValueError:
            raise ArgumentError(name, f"{name} must be a whole number") from None
    if isinstance(original, float):
        try:
            return float(text)
        except ValueError:
            raise ArgumentError(name, f"{name} must be a number") from None
    if isinstance(original, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        raise ArgumentError(name, f"{name} must be JSON like the original value") from None
