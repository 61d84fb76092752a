"""A turn's result as the API and the chat page show it.

The author of a turn reads their own values back (``BatonEngine.reveal`` with the same
actor string the turn ran with); everyone else, and every log, sees the placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.markdown import clarify_to_markdown, plan_to_markdown
from bot.api.schemas.chat import TurnPublic

Reveal = Callable[[str], str]


def reveal_json(value: Any, reveal: Reveal) -> Any:
    """Every string inside ``value`` with the viewer's own placeholders put back."""
    if isinstance(value, str):
        return reveal(value)
    if isinstance(value, dict):
        return {key: reveal_json(item, reveal) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [reveal_json(item, reveal) for item in value]
    return value


def _kind_and_body(result: Any) -> tuple[str, Any]:
    for attribute, kind in (
        ("confirmation", "confirm"),
        ("action", "action"),
        ("plan", "plan"),
        ("clarification", "clarify"),
    ):
        body = getattr(result, attribute)
        if body is not None:
            return kind, body
    return "none", None


def _markdown(kind: str, body: Any, result: Any) -> str:
    parts = [f"({result.notice})"] if result.notice else []
    if kind == "confirm":
        if body.warning:
            parts.append(f"Note: {body.warning}")
        parts.append(body.question)
    elif kind == "action":
        parts.append("\n".join([body.message, *(f"- {line}" for line in body.lines)]))
    elif kind == "plan":
        parts.append(plan_to_markdown(body))
    elif kind == "clarify":
        parts.append(clarify_to_markdown(body))
    if result.decision_note and kind != "action":
        parts.append(f"**Decision:** {result.decision_note}")
    return "\n\n".join(parts)


def turn_public(result: Any, reveal: Reveal, waiting_for: int | None = None) -> TurnPublic:
    """``result`` (a ``graph.engine.TurnResult``) for the viewer ``reveal`` stands for."""
    kind, body = _kind_and_body(result)
    answer = body.model_dump(mode="json") if body is not None else None
    agent = result.assignment.primary_agent if result.assignment is not None else None
    return TurnPublic(
        thread_id=result.thread_id,
        kind=kind,  # type: ignore[arg-type]
        request=reveal(result.request),
        phi_detected=result.phi_detected,
        agent=agent,
        answer=reveal_json(answer, reveal),
        markdown=reveal(_markdown(kind, body, result)),
        notice=reveal(result.notice) if result.notice else None,
        decision_note=reveal(result.decision_note) if result.decision_note else None,
        waiting_for_decision=waiting_for,
    )
