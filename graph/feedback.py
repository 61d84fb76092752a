"""Feedback on an answer, as every surface gives it: one operation, one counter.

The verdict is about the conversation's latest answer: its redacted request and the
specialist Baton chose come from the thread's checkpoint, never from the surface, so a
client cannot file a verdict about a request it did not make.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from prometheus_client import Counter

from graph.results import TurnResult
from knowledge.catalog import Catalog
from knowledge.schema import DIVISIONS
from tools.access import Actor
from tools.context import ToolContext
from tools.errors import NotFound, ToolError
from tools.feedback.service import AnsweredTurn, FeedbackRecorded, Verdict, record_feedback

FEEDBACK = Counter(
    "baton_feedback",
    "Verdicts on answers, by the answer's primary agent ('none' when not routed) and verdict",
    ["agent", "verdict"],
)
ANSWER_KEY_CHARS = 12


@dataclass(frozen=True)
class AgentChoice:
    slug: str
    display_name: str


def agents_by_division(catalog: Catalog) -> list[tuple[str, list[AgentChoice]]]:
    """The 51 specialists grouped by division, for "the right specialist is ..." pickers."""
    groups: list[tuple[str, list[AgentChoice]]] = []
    for division in DIVISIONS:
        members = sorted(
            (
                AgentChoice(p.slug, p.display_name)
                for p in catalog.agents.values()
                if p.division == division
            ),
            key=lambda choice: choice.display_name,
        )
        if members:
            groups.append((division, members))
    return groups


def answer_key(result: TurnResult) -> str:
    """A short fingerprint of one answer (its redacted request and specialist), so a
    button under an older answer cannot file a verdict about a newer one."""
    agent = result.assignment.primary_agent if result.assignment is not None else ""
    return hashlib.sha256(f"{agent}\n{result.request}".encode()).hexdigest()[:ANSWER_KEY_CHARS]


def give_feedback(
    engine: Any,
    records: ToolContext,
    actor: Actor,
    thread_id: str,
    verdict: Verdict,
    answer: str | None = None,
) -> FeedbackRecorded:
    """Record ``actor``'s verdict on the latest answer of the engine thread ``thread_id``
    (a ``graph.engine.BatonEngine`` thread the caller has already scoped to ``actor``).
    ``answer``: the ``answer_key`` of the answer the verdict is about, when the surface
    shows a control under each answer."""
    result = engine.thread_result(thread_id)
    if result is None:
        raise NotFound("no answer in this conversation yet", field="thread_id")
    if answer is not None and answer != answer_key(result):
        raise ToolError(
            "that answer is no longer the conversation's latest; rate the latest one",
            rule="not_latest",
            field="answer",
        )
    assignment = result.assignment
    turn = AnsweredTurn(
        thread_id=thread_id,
        request=result.request,
        agent=assignment.primary_agent if assignment is not None else None,
        workflow=assignment.workflow if assignment is not None else None,
    )
    recorded = record_feedback(records, actor, turn, verdict, engine.catalog.agents)
    FEEDBACK.labels(turn.agent or "none", "helpful" if verdict.helpful else "not_helpful").inc()
    return recorded
