"""What a turn gives back to a surface: typed values built from the thread's state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from agents.assignment import Assignment
from agents.markdown import clarify_to_markdown, plan_to_markdown
from agents.plan import ClarifyingQuestion, HandoffPlan
from graph.outcomes import ActionOutcome, ConfirmationRequest, RecordsAnswer
from tools.phi.guard import Redaction


@dataclass(frozen=True)
class RoutedRequest:
    redaction: Redaction
    assignment: Assignment


TurnKind = Literal["confirm", "action", "records", "plan", "clarify", "none"]


@dataclass(frozen=True)
class TurnResult:
    thread_id: str
    request: str  # redacted
    phi_detected: bool
    assignment: Assignment | None  # None for a coordinator command (no routing)
    plan: HandoffPlan | None
    clarification: ClarifyingQuestion | None
    # A coordinator command: either waiting for yes/no, or done (or refused).
    confirmation: ConfirmationRequest | None = None
    action: ActionOutcome | None = None
    notice: str | None = None  # e.g. "the earlier request to log time was cancelled"
    decision_note: str | None = None  # where a final decision went, or why it could not go
    records: RecordsAnswer | None = None  # a question about the asker's records, answered
    # The checkpoint this answer was read from: names it for good (``graph.thread_answers``).
    answer_id: str | None = None

    @property
    def kind(self) -> TurnKind:
        """What this answer is, for every surface alike. A write waiting for yes/no comes
        first (it is all the thread shows); a decided plan is its outcome ("action"): the
        owner's answer is the news, the plan was shown when it was asked."""
        if self.confirmation is not None:
            return "confirm"
        if self.action is not None:
            return "action"
        if self.records is not None:
            return "records"
        if self.plan is not None:
            return "plan"
        if self.clarification is not None:
            return "clarify"
        return "none"

    @property
    def answer(self) -> BaseModel | None:
        """The body that ``kind`` names (None for "none")."""
        return {
            "confirm": self.confirmation,
            "action": self.action,
            "records": self.records,
            "plan": self.plan,
            "clarify": self.clarification,
        }.get(self.kind)


def turn_markdown(result: TurnResult) -> str:
    """The whole answer as Markdown, placeholders as stored (a surface reveals the
    viewer's own values afterwards)."""
    parts = [f"({result.notice})"] if result.notice else []
    if result.confirmation is not None and result.kind == "confirm":
        if result.confirmation.warning:
            parts.append(f"Note: {result.confirmation.warning}")
        parts.append(result.confirmation.question)
    elif result.action is not None and result.kind == "action":
        parts.append("\n".join([result.action.message, *(f"- {x}" for x in result.action.lines)]))
    elif result.records is not None and result.kind == "records":
        parts.append("\n".join([result.records.answer, *(f"- {x}" for x in result.records.lines)]))
    elif result.plan is not None and result.kind == "plan":
        parts.append(plan_to_markdown(result.plan))
    elif result.clarification is not None and result.kind == "clarify":
        parts.append(clarify_to_markdown(result.clarification))
    if result.decision_note and result.kind != "action":
        parts.append(f"**Decision:** {result.decision_note}")
    return "\n\n".join(parts)


def turn_result(
    thread_id: str,
    state: dict[str, Any],
    interrupts: Sequence[Any],
    notice: str | None = None,
    answer_id: str | None = None,
) -> TurnResult:
    """The answer a thread's state holds. A write waiting for yes/no shows only that."""
    waiting_kind = interrupts[0].value.get("kind") if interrupts else None
    pending = waiting_kind == "confirm"
    confirmation = (
        ConfirmationRequest.model_validate(
            {k: v for k, v in interrupts[0].value.items() if k != "kind"}
        )
        if pending
        else None
    )
    answer_kind = state.get("answer_kind")
    plan = state.get("plan") if answer_kind == "plan" else None
    question = state.get("clarification") if answer_kind == "clarify" else None
    decided = answer_kind == "plan" and state.get("decided")
    outcome = state.get("outcome") if (answer_kind == "action" or decided) and not pending else None
    assignment = state.get("assignment")
    answered = state.get("records_answer") if answer_kind == "records" and not pending else None
    return TurnResult(
        thread_id=thread_id,
        request=state["request"],
        phi_detected=bool(state.get("phi_detected")),
        assignment=Assignment.model_validate(assignment) if assignment else None,
        plan=HandoffPlan.model_validate(plan) if plan and not pending else None,
        clarification=(
            ClarifyingQuestion.model_validate(question) if question and not pending else None
        ),
        confirmation=confirmation,
        action=ActionOutcome.model_validate(outcome) if outcome else None,
        notice=notice,
        decision_note=state.get("decision_note"),
        records=RecordsAnswer.model_validate(answered) if answered else None,
        answer_id=answer_id,
    )
