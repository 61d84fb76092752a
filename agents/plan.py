"""The deliverable: a handoff plan, as typed data that every surface renders."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AgentPart(_Frozen):
    agent: str
    display_name: str
    contributes: str


class OwnerSignOff(_Frozen):
    role: str
    signs_off: str


class EntryConditionsPart(_Frozen):
    inputs: list[str]
    validations: list[str]
    source_of_truth: str


class ExceptionPart(_Frozen):
    trigger: str
    path: str
    escalate_to: str
    timeout_hours: int


class BoundaryPart(_Frozen):
    name: str
    from_party: str
    to_party: str
    owner: str
    entry_conditions: EntryConditionsPart
    time_frame: str
    time_frame_hours: int
    outcome: str
    exception: ExceptionPart
    audit_events: list[str]


class Workstream(_Frozen):
    """One specialty's part of a cross-functional request, with its own sign-off."""

    workflow: str
    name: str
    lead_agent: str
    # What people read; empty in plans checkpointed before it existed (renderers then
    # look the slug up in the catalog).
    lead_name: str = ""
    sign_off_owner: str
    deliverable: list[str]


class DecisionSupport(_Frozen):
    kind: str
    owner: str
    request: str
    what_baton_provides: list[str]
    status: str = "awaiting the named owner; Baton does not make this decision"


class Citation(_Frozen):
    source: str
    section: str
    excerpt: str
    score: float


class NowSection(_Frozen):
    """The start of a plan: where the request stands and what to do next, read from the
    request itself (at most five lines)."""

    lines: list[str]
    step: int | None = Field(default=None, description="the 1-based handoff it is at")
    elapsed_hours: int | None = Field(default=None, description="time already spent there")
    past_time_frame: bool = False


class HandoffPlan(_Frozen):
    request: str = Field(description="the request as Baton saw it, with PHI replaced")
    workflow: str | None
    workflow_name: str | None
    primary: AgentPart
    supporting: list[AgentPart]
    human_owners: list[OwnerSignOff]
    deliverable_sections: list[str]
    boundaries: list[BoundaryPart]
    workstreams: list[Workstream]
    decision: DecisionSupport | None
    sources_to_verify: list[str]
    citations: list[Citation]
    audit_events: list[str]
    phi_reminder: str | None
    confidence: float
    notes: list[str] = Field(default_factory=list)
    now: NowSection | None = Field(default=None, description="where to start, first")
    # Chat-model mode only: the specialist's own write-up on top of the plan above (which
    # stays as the offline composer built it), with PHI as placeholders.
    summary: str | None = Field(default=None, description="the specialist's answer, Markdown")
    written_by: str | None = Field(default=None, description="the chat model that wrote it")
    findings: list[str] = Field(
        default_factory=list, description="what the specialist's tool calls returned"
    )


class ClarifyingQuestion(_Frozen):
    question: str
    options: list[AgentPart]
