"""Chat turns and routing."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_TEXT_CHARS = 20_000
THREAD_ID_PATTERN = r"^[A-Za-z0-9_-]{1,48}$"

TurnKind = Literal["plan", "clarify", "confirm", "action", "records", "none"]


class TurnCreate(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="What the user wrote")


class TurnPublic(BaseModel):
    thread_id: str
    answer_id: str | None = Field(
        default=None,
        description="Names this answer for good: the same id on the reply to the message, on "
        "`GET /threads/{id}` and on the conversation's event stream (its SSE `id`)",
    )
    kind: TurnKind = Field(description="Which answer this is; ``answer`` has its fields")
    request: str = Field(description="The request as Baton saw it (the author's own values)")
    phi_detected: bool
    agent: str | None = Field(description="The primary specialist, when the turn was routed")
    agent_name: str | None = Field(
        default=None, description="The primary specialist's display name, for people to read"
    )
    answer: dict[str, Any] | None = Field(
        description="The handoff plan, clarifying question, confirmation, action outcome or "
        "records answer"
    )
    markdown: str = Field(description="The answer rendered for reading")
    html: str = Field(
        default="",
        description="The answer as sanitized HTML (a plan's full body folded in <details>)",
    )
    notice: str | None = None
    decision_note: str | None = Field(
        default=None, description="Where a final decision went, or why it could not go"
    )
    waiting_for_decision: int | None = Field(
        default=None, description="The decision request this conversation waits for"
    )


class RouteCreate(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class RoutePublic(BaseModel):
    workflow: str | None
    primary_agent: str
    supporting_agents: list[str]
    human_owners: list[str]
    needs_human_decision: bool
    phi_detected: bool
    redacted_text: str
    confidence: float
