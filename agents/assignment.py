"""Who does the work: the router's answer, as the specialists receive it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DecisionAsk(BaseModel):
    """A request for a final decision that Baton must hand to a named human."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="clinical, legal, coding, billing, audit, employment, ...")
    owner: str = Field(description="the human role that decides, in the handoff map's words")
    cue: str = Field(description="the words in the request that ask for the decision")


class Candidate(BaseModel):
    model_config = ConfigDict(frozen=True)

    agent: str
    score: float


class Assignment(BaseModel):
    """One primary specialist, its supporting agents and the humans who sign off."""

    model_config = ConfigDict(frozen=True)

    primary_agent: str
    supporting_agents: list[str] = Field(default_factory=list)
    workflow: str | None = None
    related_workflows: list[str] = Field(
        default_factory=list, description="other workflows a cross-functional request spans"
    )
    human_owners: list[str] = Field(default_factory=list)
    decision: DecisionAsk | None = None
    confidence: float = 0.0
    candidates: list[Candidate] = Field(default_factory=list)
    needs_clarification: bool = False
    routed_by: str = Field(default="offline", description="offline, or the chat model's name")
    notes: list[str] = Field(
        default_factory=list, description="e.g. why a chat model's choice was not used"
    )

    @property
    def needs_human_decision(self) -> bool:
        return self.decision is not None
