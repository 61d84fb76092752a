"""What the chat model cost per turn: tokens, latency and outcome, never any text.

One row per turn and role (router or specialist). Rows are written by Baton itself
(``Actor.system``) and read by admins, for cost reports; the text of requests and
answers is never stored here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import ToolError
from tools.store.models import MODEL_ROLES, ModelUsage

MAX_OUTCOME_CHARS = 40


@dataclass(frozen=True)
class UsageRow:
    """One turn's model use by one role; ``outcome`` is "ok" or why Baton fell back."""

    role: str
    model: str
    calls: int
    tokens_in: int
    tokens_out: int
    latency_ms: int
    outcome: str
    thread_id: str | None = None


@dataclass(frozen=True)
class UsageTotals:
    role: str
    turns: int
    calls: int
    tokens_in: int
    tokens_out: int
    latency_ms: int
    fallbacks: int


def record_model_usage(ctx: ToolContext, actor: Actor, row: UsageRow) -> int:
    """Store one row; refuses negative counts or an unknown role, writes nothing then."""
    if row.role not in MODEL_ROLES:
        raise ToolError(f"role must be one of {', '.join(MODEL_ROLES)}", rule="role", field="role")
    counts = (row.calls, row.tokens_in, row.tokens_out, row.latency_ms)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts):
        raise ToolError("counts must be whole numbers of 0 or more", rule="counts")
    if not row.outcome or len(row.outcome) > MAX_OUTCOME_CHARS:
        raise ToolError("outcome must be a short reason", rule="outcome", field="outcome")
    with ctx.write(actor, "model.usage", "model_usage") as call:
        stored = ModelUsage(
            at=ctx.clock.now(),
            thread_id=(row.thread_id or None) and row.thread_id[:64],
            role=row.role,
            model=row.model[:100],
            calls=row.calls,
            tokens_in=row.tokens_in,
            tokens_out=row.tokens_out,
            latency_ms=row.latency_ms,
            outcome=row.outcome,
        )
        call.session.add(stored)
        call.session.flush()
        call.audit(object_id=stored.id, detail=f"{row.role} {row.outcome}")
        return stored.id


def model_usage_totals(
    ctx: ToolContext, actor: Actor, *, since: datetime | None = None
) -> list[UsageTotals]:
    """Per role: turns, model calls, tokens, latency and fallbacks (admins only)."""
    with ctx.read(actor, "model.usage_report", "model_usage") as call:
        require_role(actor, Role.ADMIN, what="the chat model usage report")
        query = select(
            ModelUsage.role,
            func.count(),
            func.coalesce(func.sum(ModelUsage.calls), 0),
            func.coalesce(func.sum(ModelUsage.tokens_in), 0),
            func.coalesce(func.sum(ModelUsage.tokens_out), 0),
            func.coalesce(func.sum(ModelUsage.latency_ms), 0),
            func.count().filter(ModelUsage.outcome != "ok"),
        ).group_by(ModelUsage.role)
        if since is not None:
            query = query.where(ModelUsage.at >= since)
        totals = [
            UsageTotals(role, int(n), int(c), int(i), int(o), int(ms), int(f))
            for role, n, c, i, o, ms, f in call.session.execute(query.order_by(ModelUsage.role))
        ]
        call.audit(detail=f"{len(totals)} roles")
        return totals
