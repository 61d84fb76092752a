"""The handoff map's rules that the router applies after scoring."""

import pytest

from graph.lexical import ngrams, tokens
from graph.router import DEFAULT_SETTING_AGENT, decision_owner, setting_agent_for

OWNERS = [
    ("Revenue cycle director", ["billing", "audit"]),
    ("CFO", ["executive"]),
    ("Compliance/legal", ["compliance", "legal", "contracting", "coding"]),
]


@pytest.mark.parametrize(
    ("kind", "owner"),
    [
        ("billing", "Revenue cycle director"),
        ("executive", "CFO"),
        ("contracting", "Compliance/legal"),
        ("employment", "Revenue cycle director"),  # nobody listed: the first owner
    ],
)
def test_the_decision_goes_to_the_first_owner_of_that_kind(kind: str, owner: str) -> None:
    assert decision_owner(kind, OWNERS) == owner


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("survey readiness for our SNF", "operations-long-term-care-administrator"),
        ("staffing redesign for the home health agency", "operations-home-health-administrator"),
        ("tracer prep in the urgent care clinics", "operations-ambulatory-manager"),
        ("medical group staffing model", "operations-physician-practice-manager"),
        ("Joint Commission survey next month", DEFAULT_SETTING_AGENT),
    ],
)
def test_the_setting_agent_follows_the_care_setting(text: str, agent: str) -> None:
    assert setting_agent_for(ngrams(tokens(text))) == agent
