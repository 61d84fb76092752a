"""The feedback report with names beside the ids: specialists by display name, workflows by
name, answers that were not routed and workflows outside the map in words."""

from __future__ import annotations

from bot.feedback_names import NOT_ROUTED, OUTSIDE_MAP, named_report
from knowledge.catalog import default_catalog
from tools.feedback.report import CorrectedRoute, FeedbackReport, HelpfulRate

CASE_MANAGER = "clinical-case-manager"
PRIOR_AUTH = "clinical-prior-authorization-specialist"


def test_every_row_keeps_its_id_and_gains_a_name() -> None:
    catalog = default_catalog()
    workflow_id, workflow = next(iter(catalog.workflows.items()))
    report = FeedbackReport(
        month="2026-10",
        verdicts=5,
        helpful=3,
        by_agent=[HelpfulRate(PRIOR_AUTH, 3, 2), HelpfulRate("none", 2, 1)],
        by_workflow=[HelpfulRate(workflow_id, 3, 2), HelpfulRate("none", 2, 1)],
        most_corrected=[CorrectedRoute(PRIOR_AUTH, CASE_MANAGER, 2)],
    )
    named = named_report(catalog, report)
    assert [(r["name"], r["display_name"]) for r in named["by_agent"]] == [
        (PRIOR_AUTH, catalog.display_name(PRIOR_AUTH)),
        ("none", NOT_ROUTED),
    ]
    assert [(r["name"], r["display_name"]) for r in named["by_workflow"]] == [
        (workflow_id, workflow.name),
        ("none", OUTSIDE_MAP),
    ]
    assert named["most_corrected"] == [
        {
            "from_agent": PRIOR_AUTH,
            "to_agent": CASE_MANAGER,
            "count": 2,
            "from_agent_name": catalog.display_name(PRIOR_AUTH),
            "to_agent_name": "Case Manager",
        }
    ]
    assert named["by_agent"][0]["rate"] == round(2 / 3, 4)
