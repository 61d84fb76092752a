"""Plans name agents as people know them: display names from the catalog, never slugs,
in the Markdown (CLI, web) and in Slack's blocks alike."""

from __future__ import annotations

import json

import pytest

from agents.assignment import Assignment
from agents.composer import OfflineComposer
from agents.markdown import plan_to_markdown, workstream_lead
from agents.plan import HandoffPlan
from bot.slack.blocks.plans import plan_blocks
from knowledge.catalog import default_catalog

SAME = lambda text: text  # noqa: E731


@pytest.fixture(scope="module")
def cross_functional_plan() -> HandoffPlan:
    """A plan with a primary, supporting agents and workstreams led by other agents."""
    catalog = default_catalog()
    assignment = Assignment(
        primary_agent="clinical-prior-authorization-specialist",
        supporting_agents=["revenue-medical-coding-specialist"],
        workflow="prior-auth-medical-necessity",
        related_workflows=["clean-claim-denial-recovery"],
        human_owners=["Ordering clinician", "Physician advisor"],
        confidence=1.0,
    )
    assert all(slug in catalog.agents for slug in assignment.supporting_agents)
    return OfflineComposer(catalog).compose("an MRI auth was denied", assignment, False)


def _slugs(plan: HandoffPlan) -> list[str]:
    named = [plan.primary.agent, *(p.agent for p in plan.supporting)]
    return named + [ws.lead_agent for ws in plan.workstreams]


def test_the_markdown_plan_names_every_agent_by_display_name(cross_functional_plan) -> None:
    plan = cross_functional_plan
    assert plan.workstreams, "the fixture needs workstreams to check their leads"
    text = plan_to_markdown(plan)
    for slug in _slugs(plan):
        assert slug not in text
    assert plan.primary.display_name in text
    for part in plan.supporting:
        assert part.display_name in text
    for stream in plan.workstreams:
        assert f"led by {default_catalog().display_name(stream.lead_agent)}" in text


def test_slack_plan_blocks_name_every_agent_by_display_name(cross_functional_plan) -> None:
    plan = cross_functional_plan
    text = json.dumps(plan_blocks(plan, SAME))
    for slug in _slugs(plan):
        assert slug not in text
    assert plan.primary.display_name in text


def test_a_plan_stored_before_lead_names_existed_still_reads_a_display_name(
    cross_functional_plan,
) -> None:
    stream = cross_functional_plan.workstreams[0]
    older = stream.model_copy(update={"lead_name": ""})
    assert workstream_lead(older) == default_catalog().agent(stream.lead_agent).display_name


@pytest.mark.parametrize(
    ("slug", "shown"),
    [
        ("clinical-prior-authorization-specialist", None),  # the catalog's display name
        ("retired-agent-slug", "Retired agent slug"),  # unknown: words, never the slug
        ("", "Unknown specialist"),
    ],
)
def test_catalog_display_name(slug: str, shown: str | None) -> None:
    catalog = default_catalog()
    expected = shown if shown is not None else catalog.agents[slug].display_name
    assert catalog.display_name(slug) == expected
