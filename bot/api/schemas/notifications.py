"""Messages Baton sent the caller (the outbox as the recipient sees it)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class NotificationPublic(BaseModel):
    id: int
    kind: str = Field(description="e.g. decision.requested, handoff.assigned, case.open_loop")
    subject_type: str = Field(description="decision, handoff or case")
    subject_id: int
    text: str = Field(description="Ids, roles and redacted titles; never PHI")
    created_at: dt.datetime
    delivered_at: dt.datetime | None = Field(description="When a notifier delivered it")
