"""The rules of answering a decision request, as pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tools.deadlines import nudge_at
from tools.errors import ToolError

DUE_SOON = timedelta(hours=4)
# An overdue request moves one step up its role's chain per this much time overdue.
ESCALATE_EVERY = timedelta(hours=24)
MAX_COMMENT_CHARS = 4000


class Answer(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"  # approve with changed arguments
    RESPOND = "respond"  # a comment back; the request stays with the owner


STATUS_AFTER = {
    Answer.APPROVE: "approved",
    Answer.REJECT: "rejected",
    Answer.EDIT: "edited",
    Answer.RESPOND: "responded",
}


def parse_answer(value: object) -> Answer:
    try:
        return Answer(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Answer)
        raise ToolError(
            f"the answer must be one of {choices}", rule="answer", field="answer"
        ) from None


def check_answer(
    answer: Answer, comment: str, edited: Mapping[str, Any] | None, arguments: Mapping[str, Any]
) -> None:
    """A rejection and a response say why; an edit changes only arguments that exist."""
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT_CHARS:
        raise ToolError(
            f"the comment is text of at most {MAX_COMMENT_CHARS} characters",
            rule="comment",
            field="comment",
        )
    if answer in (Answer.REJECT, Answer.RESPOND) and not comment.strip():
        raise ToolError(
            f"{'a rejection' if answer is Answer.REJECT else 'a response'} needs a comment",
            rule="comment_required",
            field="comment",
        )
    if answer is Answer.EDIT:
        if not edited:
            raise ToolError("an edit needs the changed arguments", rule="edit_empty", field="edit")
        if set(edited) - set(arguments):
            # The request's own argument names only: an unknown name is what was typed.
            raise ToolError(
                "an edit changes only this request's arguments "
                f"({', '.join(sorted(arguments)) or 'none'})",
                rule="edit_unknown",
                field="edit",
            )
    elif edited:
        raise ToolError("changed arguments go with the answer 'edit'", rule="edit_answer")


def is_final(answer: Answer) -> bool:
    """Approve, reject and edit close the request; a response keeps it open."""
    return answer is not Answer.RESPOND


def urgency(due_at: datetime, now: datetime) -> str:
    """overdue / due_soon / pending, for queues and nudges."""
    if now >= due_at:
        return "overdue"
    if due_at - now <= DUE_SOON:
        return "due_soon"
    return "pending"


def due_action(
    *,
    created_at: datetime,
    due_at: datetime,
    nudged_for_due: datetime | None,
    escalations: int,
    owner_active: bool,
    now: datetime,
) -> str | None:
    """What the run-due job does with an open request now: "nudge" its owner shortly
    before it is due, "escalate" it once due (again every ``ESCALATE_EVERY`` overdue, and
    at once if its owner left), or nothing."""
    if not owner_active:
        return "escalate"
    if now >= due_at + escalations * ESCALATE_EVERY:
        return "escalate"
    if now < due_at and now >= nudge_at(created_at, due_at) and nudged_for_due != due_at:
        return "nudge"
    return None
