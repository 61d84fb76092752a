"""A turn's result as the API and the chat page show it.

The author of a turn reads their own values back (``BatonEngine.reveal`` with the same
actor string the turn ran with); everyone else, and every log, sees the placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.api.schemas.chat import TurnPublic
from graph.results import TurnResult, turn_markdown

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


def turn_public(result: TurnResult, reveal: Reveal, waiting_for: int | None = None) -> TurnPublic:
    """``result`` for the viewer ``reveal`` stands for."""
    body = result.answer
    answer = body.model_dump(mode="json") if body is not None else None
    agent = result.assignment.primary_agent if result.assignment is not None else None
    return TurnPublic(
        thread_id=result.thread_id,
        kind=result.kind,
        request=reveal(result.request),
        phi_detected=result.phi_detected,
        agent=agent,
        answer=reveal_json(answer, reveal),
        markdown=reveal(turn_markdown(result)),
        notice=reveal(result.notice) if result.notice else None,
        decision_note=reveal(result.decision_note) if result.decision_note else None,
        waiting_for_decision=waiting_for,
    )
