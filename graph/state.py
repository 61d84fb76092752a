"""What a conversation thread remembers between turns, and what one turn receives.

Only redacted text is ever put in the state: the state is checkpointed. The raw
text of a turn travels in the run's context (``TurnContext``), which LangGraph
hands to nodes but never writes to the checkpointer.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.runnables import RunnableConfig

MAX_REMEMBERED_TURNS = 20


def keep_recent(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Append new turns, keeping the thread's memory bounded."""
    return operator.add(old or [], new or [])[-MAX_REMEMBERED_TURNS:]


@dataclass(frozen=True)
class TurnContext:
    """One request as a surface received it. Never checkpointed."""

    text: str
    actor: str = "anonymous"
    channel: str = "cli"
    staff_id: int | None = None  # the staff member behind ``actor``, when known
    # Redacted texts this run has embedded, with their vectors: route and plan look at
    # the same text, and the encoder is most of an offline turn's work. Lives as long
    # as the run, in memory.
    vectors: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


class TurnInput(TypedDict, total=False):
    """What a surface passes as graph input: nothing that could hold PHI."""

    channel: str


class BatonState(TypedDict, total=False):
    channel: str
    turns: Annotated[list[dict[str, Any]], keep_recent]
    request: str
    phi_detected: bool
    phi_types: list[str]
    routed_text: str
    assignment: dict[str, Any] | None
    pending_options: list[str]
    answer_kind: Literal["plan", "clarify", "action", "records"]
    plan: dict[str, Any] | None
    last_plan: dict[str, Any] | None  # kept across turns: "track handoff 2" refers to it
    clarification: dict[str, Any] | None
    # Coordinator commands (graph/actions.py); ids and placeholders only, no identifiers.
    command: dict[str, Any] | None
    proposal: dict[str, Any] | None
    confirmation: dict[str, Any] | None
    confirmed: bool
    unrelated_reply: bool
    outcome: dict[str, Any] | None
    records_answer: dict[str, Any] | None  # a records question's answer (placeholders only)
    # Final decisions (graph/decision_pause.py): the store's request id and role, never PHI.
    decision_request: dict[str, Any] | None
    decision_note: str | None
    decided: bool


def command_of(state: BatonState) -> dict[str, Any]:
    """The coordinator's parsed command: the nodes that act on one run only after
    ``understand`` found it."""
    command = state["command"]
    assert command is not None
    return command


def thread_id_of(config: RunnableConfig) -> str:
    """The conversation thread a node runs in (LangGraph's ``configurable.thread_id``)."""
    return str(config.get("configurable", {}).get("thread_id", "default"))
