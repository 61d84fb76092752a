"""Plans start where the request already is: elapsed time, deadlines, amounts and the
handoff the work is at are read from the request; sources and audit events read well."""

from __future__ import annotations

import pytest

from agents.assignment import Assignment
from agents.composer import OfflineComposer, dedupe_sources
from agents.markdown import audit_event_name, plan_to_markdown
from agents.situation import RequestFacts, read_facts
from knowledge.catalog import default_catalog

PRIOR_AUTH = "prior auth for an MRI has been pending with the payer for nine days, what do we do?"


@pytest.fixture(scope="module")
def composer() -> OfflineComposer:
    return OfflineComposer(default_catalog())


def _prior_auth_plan(composer: OfflineComposer, request: str):
    assignment = Assignment(
        primary_agent="clinical-prior-authorization-specialist",
        workflow="prior-auth-medical-necessity",
        human_owners=["Ordering clinician", "Physician advisor", "Payer medical director"],
        confidence=1.0,
    )
    return composer.compose(request=request, assignment=assignment, phi_detected=False)


@pytest.mark.parametrize(
    "text, expected",
    [
        (PRIOR_AUTH, RequestFacts(216, None, None, "payer", False)),
        ("no answer from the payer after 2 weeks", RequestFacts(336, None, None, "payer", False)),
        ("the auth was denied 3 days ago", RequestFacts(72, None, None, None, True)),
        ("hurricane in 48 hours, who stays?", RequestFacts(None, 48, None, None, False)),
        ("approve the $1,200.50 write-off", RequestFacts(None, None, 1200.5, None, False)),
        ("a $5k refund", RequestFacts(None, None, 5000.0, None, False)),
        ("our ED boarding hours doubled", RequestFacts(None, None, None, None, False)),
    ],
)
def test_read_facts(text: str, expected: RequestFacts) -> None:
    assert read_facts(text) == expected


def test_a_request_past_a_handoffs_time_frame_opens_with_the_escalation(composer) -> None:
    plan = _prior_auth_plan(composer, PRIOR_AUTH)
    now = plan.now
    assert now is not None and now.step == 3 and now.elapsed_hours == 216
    assert now.past_time_frame and len(now.lines) <= 5
    text = " ".join(now.lines)
    assert "Request submitted to payer" in text and "handoffs 1 and 2 are behind you" in text
    assert "Past its 7-day time frame by 2 days" in text
    assert "Payer relations escalates with the payer" in text
    assert "ordering clinician decides whether to reschedule" in text
    markdown = plan_to_markdown(plan)
    assert markdown.index("## Now") < markdown.index("## Who does what")


def test_a_request_within_its_time_frame_says_what_is_next(composer) -> None:
    plan = _prior_auth_plan(composer, "prior auth pending with the payer for two days")
    assert plan.now is not None and plan.now.step == 3 and not plan.now.past_time_frame
    assert plan.now.lines[1].startswith("Next: Authorization coordinator gets it done within 5")


def test_a_request_with_no_situation_starts_at_the_first_handoff(composer) -> None:
    plan = _prior_auth_plan(composer, "how do prior auths work for MRIs?")
    assert plan.now is not None and plan.now.step is None
    assert plan.now.lines[0].startswith("Start with handoff 1, Order to auth intake")


def test_sources_that_name_the_same_thing_are_listed_once(composer) -> None:
    plan = _prior_auth_plan(composer, PRIOR_AUTH)
    cms_rule = [s for s in plan.sources_to_verify if "CMS-0057-F" in s]
    assert len(cms_rule) == 1
    assert dedupe_sources(["the payer's medical policy", "the payer's reimbursement policy"]) == [
        "the payer's medical policy",
        "the payer's reimbursement policy",
    ]


@pytest.mark.parametrize(
    "code, name",
    [
        ("auth.p2p.scheduled", "Auth peer-to-peer scheduled"),
        ("phi.disclosed.to_payer", "PHI disclosed to payer"),
        ("decision.requested", "Decision requested"),
    ],
)
def test_audit_events_read_as_words_with_the_code_beside(code: str, name: str) -> None:
    assert audit_event_name(code) == name
