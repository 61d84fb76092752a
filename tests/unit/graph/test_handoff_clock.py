"""A tracked handoff's clock counts the time the request says is already spent."""

from __future__ import annotations

from datetime import timedelta

from agents.assignment import Assignment
from agents.composer import OfflineComposer
from agents.plan import HandoffPlan
from graph.handoffs import spec_from_boundary
from knowledge.catalog import default_catalog

PRIOR_AUTH = "prior auth for an MRI has been pending with the payer for nine days, what do we do?"


def _prior_auth_plan(request: str) -> HandoffPlan:
    assignment = Assignment(
        primary_agent="clinical-prior-authorization-specialist",
        workflow="prior-auth-medical-necessity",
        human_owners=["Ordering clinician", "Physician advisor", "Payer medical director"],
        confidence=1.0,
    )
    composer = OfflineComposer(default_catalog())
    return composer.compose(request=request, assignment=assignment, phi_detected=False)


def test_tracking_the_step_counts_the_time_already_spent() -> None:
    late = _prior_auth_plan(PRIOR_AUTH)
    spec = spec_from_boundary(late, late.boundaries[2], 3)
    assert spec.due_in == timedelta(minutes=1) and spec.priority == "high"  # due at once
    fresh = _prior_auth_plan("prior auth pending with the payer for two days")
    assert spec_from_boundary(fresh, fresh.boundaries[2], 3).due_in == timedelta(hours=120)
    # Other handoffs of the plan keep their whole clock.
    assert spec_from_boundary(late, late.boundaries[3], 4).due_in == timedelta(hours=24)
