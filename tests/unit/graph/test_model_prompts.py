"""What a chat-model specialist is told: its profile, the handoff rules, the plan it must
not contradict, numbered passages to cite, and its agent-pack prompt when there is one."""

from __future__ import annotations

import json

import pytest

from agents.assignment import Assignment, Candidate
from agents.composer import OfflineComposer
from agents.pack import AgentPrompt
from graph.model.router import route_request_payload
from graph.model.specialist import _declined, system_prompt
from knowledge.catalog import default_catalog
from knowledge.index import Passage

ASSIGNMENT = Assignment(
    primary_agent="revenue-cycle-specialist",
    supporting_agents=["revenue-medical-coding-specialist"],
    workflow="clean-claim-denial-recovery",
    human_owners=["Revenue cycle director", "CFO", "Compliance/legal"],
    confidence=0.71,
    candidates=[Candidate(agent="revenue-cycle-specialist", score=0.61)],
)
PASSAGE = Passage("denials-playbook.md", "Appeals", "Appeal within 60 days of the remit.", 0.7)


def _plan():
    return OfflineComposer(default_catalog()).compose(
        "CO-197 denials for <PERSON_1> doubled", ASSIGNMENT, phi_detected=True
    )


def test_the_prompt_carries_profile_rules_skeleton_and_numbered_passages() -> None:
    catalog = default_catalog()
    prompt = system_prompt(catalog, _plan(), [PASSAGE], None)
    assert prompt.startswith("You are Revenue Cycle Specialist")
    for rule in catalog.rules:
        assert rule.text in prompt
    assert "Human owners: Revenue cycle director" in prompt
    assert "[1] denials-playbook.md, Appeals: Appeal within 60 days" in prompt
    assert "keep them as they are" in prompt and "request_decision" in prompt
    assert "agent instructions" not in prompt


def test_the_agent_pack_prompt_is_added_when_there_is_one() -> None:
    pack = AgentPrompt(
        name="revenue-cycle-specialist",
        description="Gets claims paid.",
        body="Always lead with the payer's appeal deadline.",
    )
    prompt = system_prompt(default_catalog(), _plan(), [], pack)
    assert "Your agent instructions:\nAlways lead with the payer's appeal deadline." in prompt
    assert "Passages from" not in prompt


def test_the_router_is_given_the_offline_candidates_and_the_redacted_request() -> None:
    payload = json.loads(
        route_request_payload("denials for <PERSON_1>", ASSIGNMENT, default_catalog())
    )
    assert payload["request"] == "denials for <PERSON_1>"
    assert payload["offline_candidates"] == [
        {
            "agent": "revenue-cycle-specialist",
            "display_name": "Revenue Cycle Specialist",
            "score": 0.61,
        }
    ]
    assert payload["offline_confidence"] == 0.71 and payload["offline_decision"] is None


@pytest.mark.parametrize(
    ("text", "finish", "declined"),
    [
        ("I'm sorry, but I can't help with that request.", "stop", True),
        ("I cannot assist with that.", "stop", True),
        ("I can’t do that.", "stop", True),
        ("Anything at all", "content_filter", True),
        ("Sorry about the delay: start with the CO-197 worklist.", "stop", False),
        ("Start with the worklist, then appeal by payer.", "stop", False),
        ("I can't see your records, but " + "here are the steps. " * 20, "stop", False),
    ],
)
def test_a_declining_answer_is_told_from_a_plan(text: str, finish: str, declined: bool) -> None:
    assert _declined(text, finish) is declined
