"""Typed shapes of the knowledge data: agent profiles, workflows, boundaries.

The YAML under ``knowledge/data`` is validated against these models when it is
loaded, so a typo in a slug or a missing owner fails at start-up with the file
and field named, not in the middle of a user's turn.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

DIVISIONS = (
    "clinical",
    "emergency",
    "healthit",
    "operations",
    "payer",
    "pharmacy",
    "pophealth",
    "quality",
    "revenue",
    "strategy",
)

# The kinds of final decision the handoff map reserves for named humans.
DecisionKind = Literal[
    "clinical",
    "legal",
    "compliance",
    "coding",
    "billing",
    "audit",
    "employment",
    "contracting",
    "executive",
    "privacy",
]
DECISION_KINDS: tuple[str, ...] = get_args(DecisionKind)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgentProfile(_Strict):
    """One specialist: what it owns, how requests for it sound, what it delivers."""

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)+$")
    display_name: str
    division: str
    summary: str = Field(min_length=20)
    primary_for: list[str] = Field(min_length=3)
    typical_requests: list[str] = Field(min_length=6)
    vocabulary: list[str] = Field(min_length=10)
    deliverable: list[str] = Field(min_length=3)
    contributes_as_supporting: str = Field(min_length=10)
    sources_to_verify: list[str] = Field(min_length=2)
    human_owners: list[str] = Field(min_length=1)
    decision_kinds: list[DecisionKind] = Field(min_length=1)

    @field_validator("division")
    @classmethod
    def _known_division(cls, value: str) -> str:
        if value not in DIVISIONS:
            raise ValueError(f"unknown division {value!r}; expected one of {DIVISIONS}")
        return value

    @field_validator("vocabulary")
    @classmethod
    def _lower_vocabulary(cls, value: list[str]) -> list[str]:
        return [term.strip().lower() for term in value if term.strip()]


class AgentExamples(_Strict):
    """More example requests for one agent, kept apart from its profile for routing."""

    agent: str
    examples: list[str] = Field(min_length=1)


class HumanOwner(_Strict):
    """A role named in the handoff map that signs off final decisions."""

    role: str
    decides: list[DecisionKind] = Field(min_length=1)
    signs_off: str = Field(min_length=10)


class SupportingAgent(_Strict):
    agent: str
    adds: str = Field(min_length=10)
    # Lower-case cue words; when given, the agent joins only if one appears in the request.
    only_when: list[str] = Field(default_factory=list)


class EntryConditions(_Strict):
    inputs: list[str] = Field(min_length=1)
    validations: list[str] = Field(min_length=1)
    source_of_truth: str


class ExceptionPath(_Strict):
    trigger: str
    path: str
    escalate_to: str
    timeout_hours: int = Field(gt=0)


class Boundary(_Strict):
    """One handoff between two parties: who owns it and what must hold to cross it."""

    name: str
    from_party: str
    to_party: str
    owner: str
    entry_conditions: EntryConditions
    time_frame: str
    time_frame_hours: int = Field(gt=0)
    outcome: str
    exception: ExceptionPath
    audit_events: list[str] = Field(min_length=1)


class Workflow(_Strict):
    """One of the handoff map's common workflows, with its boundaries."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    primary: list[str] = Field(min_length=1, max_length=2)
    supporting: list[SupportingAgent]
    # When true, the operations agent for the request's care setting joins as supporting.
    setting_agent: bool = False
    human_owners: list[HumanOwner] = Field(min_length=1)
    cues: list[str] = Field(min_length=8)
    boundaries: list[Boundary] = Field(min_length=3)
    sources_to_verify: list[str] = Field(min_length=2)

    @field_validator("cues")
    @classmethod
    def _lower_cues(cls, value: list[str]) -> list[str]:
        return [cue.strip().lower() for cue in value if cue.strip()]
