"""What a turn that runs a tool gives back, besides plans and clarifying questions.

Texts here carry placeholders, never identifiers: they are checkpointed. A surface shows
the asker their own values with ``BatonEngine.reveal``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ConfirmationRequest(BaseModel):
    """Baton is waiting for a yes or no before it writes."""

    question: str = Field(description="What will be written, in words, ending in a question")
    warning: str | None = Field(default=None, description="A rule that asks for confirmation")
    options: list[str] = Field(default_factory=lambda: ["yes", "no"])


class ActionOutcome(BaseModel):
    """The result of a tool run from chat."""

    status: Literal["done", "refused", "cancelled", "unavailable", "waiting"]
    message: str
    lines: list[str] = Field(default_factory=list, description="Details, one per line")
    rule: str | None = Field(default=None, description="The rule a refusal names")


class RecordsAnswer(BaseModel):
    """A question about the asker's own records, answered from the store: a short
    answer first, the rows behind it after, and the figures as numbers."""

    topic: str = Field(description="time_logged, patient_minutes, care_gaps, overdue_visits, "
                       "open_tasks, my_decisions or my_handoffs")  # fmt: skip
    answer: str = Field(description="The answer in one or two sentences")
    lines: list[str] = Field(default_factory=list, description="The rows behind it, one a line")
    start: str | None = Field(default=None, description="First day covered (ISO), if any")
    end: str | None = Field(default=None, description="Last day covered (ISO), if any")
    figures: dict[str, int] = Field(
        default_factory=dict, description="The counts the answer states, e.g. minutes, entries"
    )
