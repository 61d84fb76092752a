"""Feedback on answers, routing corrections and the feedback report."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.api.schemas.chat import MAX_TEXT_CHARS
from tools.feedback.rules import MAX_COMMENT_CHARS


class FeedbackCreate(BaseModel):
    helpful: bool = Field(description="Was the answer helpful?")
    corrected_agent: str | None = Field(
        default=None,
        max_length=80,
        description='"The right specialist is ...": a slug from GET /agents; proposes a '
        "routing correction a supervisor or admin reviews",
    )
    comment: str = Field(
        default="",
        max_length=MAX_COMMENT_CHARS,
        description="A short remark; identifiers in it are replaced before it is stored",
    )


class FeedbackPublic(BaseModel):
    feedback_id: int
    correction_id: int | None = Field(description="The pending correction proposed, if any")


class AgentPublic(BaseModel):
    slug: str
    display_name: str


class DivisionPublic(BaseModel):
    division: str
    agents: list[AgentPublic]


CorrectionStatus = Literal["pending", "accepted", "rejected"]


class CorrectionCreate(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="A request")
    agent: str = Field(min_length=1, max_length=80, description="Its right specialist")


class CorrectionPublic(BaseModel):
    id: int
    text: str = Field(description="The request, with identifiers replaced")
    agent: str
    from_agent: str | None = Field(description="The specialist Baton chose, when known")
    status: CorrectionStatus
    source: Literal["feedback", "cli", "import"]
    created_at: datetime
    proposed_by: int | None
    reviewed_by: int | None
    agent_name: str | None = Field(default=None, description="The specialist's display name")
    from_agent_name: str | None = None
    proposed_by_name: str | None = Field(default=None, description="Who proposed it")
    reviewed_by_name: str | None = Field(default=None, description="Who reviewed it")
    reviewed_at: datetime | None


class HelpfulRatePublic(BaseModel):
    name: str = Field(description="An agent slug or a workflow id (`none`: not routed)")
    display_name: str | None = Field(default=None, description="What people call it")
    verdicts: int
    helpful: int
    rate: float


class CorrectedRoutePublic(BaseModel):
    from_agent: str
    to_agent: str
    count: int
    from_agent_name: str | None = None
    to_agent_name: str | None = None


class FeedbackReportPublic(BaseModel):
    month: str | None
    verdicts: int
    helpful: int
    by_agent: list[HelpfulRatePublic]
    by_workflow: list[HelpfulRatePublic]
    most_corrected: list[CorrectedRoutePublic]
    pending_review: int
