"""Feedback and routing corrections with the names people read beside the ids.

The tool layer stores and reports agent slugs, workflow ids and staff ids; the catalog
(``knowledge``) and the staff directory know what to call them. Every surface (the
feedback page, the API, ``baton corrections`` and ``baton feedback report``) shows the
same names, and JSON keeps the ids with the names added beside them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from knowledge.catalog import Catalog
from tools.context import ToolContext
from tools.feedback.report import FeedbackReport
from tools.feedback.service import CorrectionView
from tools.staff import staff_names

NOT_ROUTED = "Not routed (a coordinator command)"  # verdicts on answers with no specialist
OUTSIDE_MAP = "Outside the 15 map workflows"


def agent_label(catalog: Catalog, slug: str | None) -> str | None:
    if slug is None:
        return None
    return NOT_ROUTED if slug == "none" else catalog.display_name(slug)


def workflow_label(catalog: Catalog, workflow_id: str) -> str:
    workflow = catalog.workflows.get(workflow_id)
    return workflow.name if workflow is not None else OUTSIDE_MAP


def named_corrections(
    ctx: ToolContext, catalog: Catalog, views: list[CorrectionView]
) -> list[dict[str, Any]]:
    """Each correction's fields, plus the display names of its specialists and of the staff
    who proposed and reviewed it (None where there is no such person)."""
    people = [i for v in views for i in (v.proposed_by, v.reviewed_by) if i is not None]
    names = staff_names(ctx, sorted(set(people)))
    return [
        {
            **asdict(v),
            "agent_name": agent_label(catalog, v.agent),
            "from_agent_name": agent_label(catalog, v.from_agent),
            "proposed_by_name": names.get(v.proposed_by) if v.proposed_by else None,
            "reviewed_by_name": names.get(v.reviewed_by) if v.reviewed_by else None,
        }
        for v in views
    ]


def named_report(catalog: Catalog, report: FeedbackReport) -> dict[str, Any]:
    """``report.as_dict()`` with a ``display_name`` on each rate row and the specialists'
    names on each corrected route."""
    body = report.as_dict()
    for row in body["by_agent"]:
        row["display_name"] = agent_label(catalog, row["name"])
    for row in body["by_workflow"]:
        row["display_name"] = workflow_label(catalog, row["name"])
    for route in body["most_corrected"]:
        route["from_agent_name"] = agent_label(catalog, route["from_agent"])
        route["to_agent_name"] = agent_label(catalog, route["to_agent"])
    return body
