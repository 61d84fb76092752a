"""How Baton's answers are received: helpful rate per specialist and per workflow, the
routes staff correct most, and the corrections waiting for a reviewer."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import ToolError
from tools.store.models import AnswerFeedback, RoutingCorrection

MOST_CORRECTED_SHOWN = 10


@dataclass(frozen=True)
class HelpfulRate:
    name: str  # an agent slug or a workflow id ("none" outside the map)
    verdicts: int
    helpful: int

    @property
    def rate(self) -> float:
        return self.helpful / self.verdicts if self.verdicts else 0.0


@dataclass(frozen=True)
class CorrectedRoute:
    from_agent: str
    to_agent: str
    count: int


@dataclass
class FeedbackReport:
    month: str | None
    verdicts: int = 0
    helpful: int = 0
    by_agent: list[HelpfulRate] = field(default_factory=list)
    by_workflow: list[HelpfulRate] = field(default_factory=list)
    most_corrected: list[CorrectedRoute] = field(default_factory=list)
    pending_review: int = 0

    def as_dict(self) -> dict[str, Any]:
        def rates(rows: list[HelpfulRate]) -> list[dict[str, Any]]:
            return [{**asdict(r), "rate": round(r.rate, 4)} for r in rows]

        return {
            "month": self.month,
            "verdicts": self.verdicts,
            "helpful": self.helpful,
            "by_agent": rates(self.by_agent),
            "by_workflow": rates(self.by_workflow),
            "most_corrected": [asdict(r) for r in self.most_corrected],
            "pending_review": self.pending_review,
        }


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``YYYY-MM`` as [first instant, first instant of the next month) in UTC."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise ToolError("month must be YYYY-MM", rule="month", field="month") from None
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end


def _rates(pairs: Counter[tuple[str, bool]]) -> list[HelpfulRate]:
    names = sorted({name for name, _ in pairs})
    rates = [HelpfulRate(n, pairs[(n, True)] + pairs[(n, False)], pairs[(n, True)]) for n in names]
    return sorted(rates, key=lambda r: (-r.verdicts, r.name))


def feedback_report(ctx: ToolContext, actor: Actor, month: str | None = None) -> FeedbackReport:
    """Verdicts and corrections of ``month`` (all time when None); supervisors and admins.
    Corrections waiting for review are counted whenever they were proposed."""
    bounds = month_bounds(month) if month else None
    with ctx.read(actor, "feedback.report", "answer_feedback") as call:
        require_role(actor, Role.SUPERVISOR, Role.ADMIN, what="the feedback report")
        verdicts = select(
            AnswerFeedback.chosen_agent, AnswerFeedback.workflow, AnswerFeedback.helpful
        )
        routes = select(RoutingCorrection.from_agent, RoutingCorrection.agent).where(
            RoutingCorrection.from_agent.is_not(None), RoutingCorrection.status != "rejected"
        )
        if bounds:
            verdicts = verdicts.where(AnswerFeedback.at >= bounds[0], AnswerFeedback.at < bounds[1])
            routes = routes.where(
                RoutingCorrection.created_at >= bounds[0], RoutingCorrection.created_at < bounds[1]
            )
        by_agent: Counter[tuple[str, bool]] = Counter()
        by_workflow: Counter[tuple[str, bool]] = Counter()
        report = FeedbackReport(month=month)
        for agent, workflow, helpful in call.session.execute(verdicts):
            report.verdicts += 1
            report.helpful += bool(helpful)
            by_agent[(agent or "none", bool(helpful))] += 1
            by_workflow[(workflow or "none", bool(helpful))] += 1
        corrected = Counter((a, b) for a, b in call.session.execute(routes))
        report.pending_review = int(
            call.session.scalar(
                select(func.count(RoutingCorrection.id)).where(
                    RoutingCorrection.status == "pending"
                )
            )
            or 0
        )
    report.by_agent, report.by_workflow = _rates(by_agent), _rates(by_workflow)
    report.most_corrected = [
        CorrectedRoute(a or "none", b, n)
        for (a, b), n in sorted(corrected.items(), key=lambda i: (-i[1], i[0]))[
            :MOST_CORRECTED_SHOWN
        ]
    ]
    return report
