"""The tracked closed-loop referral keeps in step with the handoff map's boundaries."""

from __future__ import annotations

from knowledge.catalog import default_catalog
from tools.cases.definitions import CLOSED_LOOP_REFERRAL, PCP_ATTRIBUTION, tracked_workflow_roles

# Tracked step -> the "Ambulatory access and referral leakage" boundary it runs.
BOUNDARY_OF_STEP = {
    "sent": "Referral sent",
    "receipt": "Receipt confirmed",
    "scheduling": "Appointment scheduled",
    "visit": "Visit completed",
    "outcome": "Outcome back to referrer",
}


def test_referral_steps_have_the_owners_clocks_and_escalations_of_the_map():
    workflow = default_catalog().workflows["ambulatory-access-referral-leakage"]
    boundaries = {b.name: b for b in workflow.boundaries}
    assert set(BOUNDARY_OF_STEP) == set(CLOSED_LOOP_REFERRAL.steps)
    for key, name in BOUNDARY_OF_STEP.items():
        step, boundary = CLOSED_LOOP_REFERRAL.step(key), boundaries[name]
        assert step.owner_role == boundary.owner, key
        assert step.escalate_to == boundary.exception.escalate_to, key
        assert step.due_hours == boundary.time_frame_hours, key
        assert step.escalate_after_hours == boundary.exception.timeout_hours, key


def test_every_outcome_leads_somewhere_and_every_role_is_listed_for_the_owner_check():
    roles = tracked_workflow_roles()
    for workflow in (CLOSED_LOOP_REFERRAL, PCP_ATTRIBUTION):
        for step in workflow.steps.values():
            assert step.owner_role in roles and step.escalate_to in roles
            assert step.outcomes
    assert "Provider services manager" in roles
