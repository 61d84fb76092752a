"""A turn's result as the API and the chat page show it.

The author of a turn reads their own values back (``BatonEngine.reveal`` with the same
actor string the turn ran with); everyone else, and every log, sees the placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.markdown import plan_details_markdown, plan_opening_markdown
from bot.api.schemas.chat import TurnPublic
from bot.web.markdown_html import collapsed_html, markdown_html
from graph.results import TurnResult, turn_markdown
from knowledge.catalog import default_catalog

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


def _html(result: TurnResult, markdown: str, reveal: Reveal) -> str:
    """The answer as sanitized HTML; a plan opens with where to start and folds the rest."""
    if result.kind != "plan" or result.plan is None:
        return markdown_html(markdown)
    opening = [f"({result.notice})"] if result.notice else []
    opening.append(plan_opening_markdown(result.plan))
    if result.decision_note:
        opening.append(f"**Decision:** {result.decision_note}")
    return collapsed_html(reveal("\n\n".join(opening)), reveal(plan_details_markdown(result.plan)))


def turn_public(result: TurnResult, reveal: Reveal, waiting_for: int | None = None) -> TurnPublic:
    """``result`` for the viewer ``reveal`` stands for."""
    body = result.answer
    answer = body.model_dump(mode="json") if body is not None else None
    agent = result.assignment.primary_agent if result.assignment is not None else None
    markdown = reveal(turn_markdown(result))
    if result.plan is not None:
        agent_name: str | None = result.plan.primary.display_name
    else:
        agent_name = default_catalog().display_name(agent) if agent else None
    return TurnPublic(
        thread_id=result.thread_id,
        answer_id=result.answer_id,
        kind=result.kind,
        request=reveal(result.request),
        phi_detected=result.phi_detected,
        agent=agent,
        agent_name=agent_name,
        answer=reveal_json(answer, reveal),
        markdown=markdown,
        html=_html(result, markdown, reveal),
        notice=reveal(result.notice) if result.notice else None,
        decision_note=reveal(result.decision_note) if result.decision_note else None,
        waiting_for_decision=waiting_for,
    )
