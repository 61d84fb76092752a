"""The tracked workflows as data: steps, who owns each, clocks, and where each outcome leads.

A case is one run of a workflow; each step is opened as a tracked handoff for its owner
role. Completing a step with one of its outcomes opens the next step (or closes the case
with a result). Clocks and escalation follow the handoff map: the closed-loop referral
steps are the "Ambulatory access and referral leakage" boundaries
(knowledge/data/workflows.yaml; a test keeps the two in step), and the PCP attribution
steps follow the member-services / provider-services / special-outreach pathway of the
PCP attribution operations design.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

CLOSE = "close"  # an outcome that ends the case instead of opening a step


@dataclass(frozen=True)
class Next:
    """Where an outcome leads: another step, or closing the case with ``result``."""

    step: str = CLOSE
    result: str = ""
    needs: tuple[str, ...] = ()  # outcome details the person completing must give


@dataclass(frozen=True)
class StepDefinition:
    key: str
    title: str
    owner_role: str
    escalate_to: str
    due_hours: int
    escalate_after_hours: int  # how long a stalled step waits before it moves up
    waiting_on: str
    entry_conditions: tuple[str, ...]
    outcome_target: str
    outcomes: Mapping[str, Next]
    priority: str = "normal"
    # A flag set on the case when this step stalls (e.g. an unconfirmed referral).
    flag_when_stalled: str | None = None

    def __post_init__(self) -> None:
        if self.due_hours <= 0 or self.escalate_after_hours <= 0:
            raise ValueError(f"step {self.key}: clocks must be positive")
        if not self.outcomes:
            raise ValueError(f"step {self.key}: needs at least one outcome")


@dataclass(frozen=True)
class WorkflowDefinition:
    key: str
    name: str
    steps: Mapping[str, StepDefinition]
    reason_codes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for step in self.steps.values():
            for outcome, after in step.outcomes.items():
                if after.step != CLOSE and after.step not in self.steps:
                    raise ValueError(f"{self.key}.{step.key}: {outcome} leads to unknown step")

    def step(self, key: str) -> StepDefinition:
        return self.steps[key]

    def roles(self) -> set[str]:
        return {s.owner_role for s in self.steps.values()} | {
            s.escalate_to for s in self.steps.values()
        }


def _steps(*steps: StepDefinition) -> dict[str, StepDefinition]:
    return {s.key: s for s in steps}


# -- closed-loop referral (workflow-design FAQ: tracking, two-way communication,
#    confirmation of completion, outcome visibility) ---------------------------------

REFERRAL_OPEN_LOOP_FLAG = "open_loop"

CLOSED_LOOP_REFERRAL = WorkflowDefinition(
    key="closed_loop_referral",
    name="Closed-loop referral",
    steps=_steps(
        StepDefinition(
            key="sent",
            title="Referral sent to the receiving office",
            owner_role="Referral coordinator lead",
            escalate_to="Clinic dyad leadership",
            due_hours=24,
            escalate_after_hours=24,
            waiting_on="the referral order sent to the receiving office",
            entry_conditions=(
                "signed referral order with reason, urgency and diagnosis",
                "receiving provider in network, or the patient's choice documented",
                "authorization or plan referral requirement flagged",
            ),
            outcome_target="sent within 1 business day; urgent referrals the same day",
            outcomes={"sent": Next("receipt")},
        ),
        StepDefinition(
            key="receipt",
            title="Receipt confirmed by the receiving office",
            owner_role="Referral coordinator lead",
            escalate_to="Clinic dyad leadership",
            due_hours=48,
            escalate_after_hours=48,
            waiting_on="the receiving office to acknowledge and accept the referral",
            entry_conditions=("referral transmitted (EHR, Direct message or fax)",),
            outcome_target="receipt confirmed within 2 business days",
            outcomes={
                "confirmed": Next("scheduling"),
                "declined": Next(
                    result="declined by the receiving office; redirect with the referring clinician"
                ),
            },
            flag_when_stalled=REFERRAL_OPEN_LOOP_FLAG,
        ),
        StepDefinition(
            key="scheduling",
            title="Appointment scheduled",
            owner_role="Specialty practice manager",
            escalate_to="Practice executive",
            due_hours=120,
            escalate_after_hours=72,
            waiting_on="the receiving office to schedule the patient",
            entry_conditions=(
                "accepted referral",
                "at least 3 contact attempts on different days, more than one channel",
            ),
            outcome_target="scheduled within 5 business days, inside the access standard",
            outcomes={
                "scheduled": Next("visit", needs=("appointment_date",)),
                "unreachable": Next("outcome", result="patient unreachable after 3 attempts"),
            },
        ),
        StepDefinition(
            key="visit",
            title="Visit completed",
            owner_role="Specialty practice manager",
            escalate_to="Clinic dyad leadership",
            due_hours=24,  # after the appointment date
            escalate_after_hours=24,
            waiting_on="the visit to be marked completed (not only arrived)",
            entry_conditions=("scheduled appointment", "reminders sent"),
            outcome_target="completion at or above 80% within 30 days; no-shows contacted "
            "within 1 business day",
            outcomes={
                "completed": Next("outcome"),
                "no_show": Next("scheduling"),
            },
        ),
        StepDefinition(
            key="outcome",
            title="Outcome back to the referring clinician",
            owner_role="Referral coordinator lead",
            escalate_to="Clinic dyad leadership",
            due_hours=168,
            escalate_after_hours=72,
            waiting_on="the consult note to reach the referring clinician",
            entry_conditions=("consult note with findings and recommendations",),
            outcome_target="consult note back to the referrer within 7 days of the visit",
            outcomes={"received": Next(result="loop closed: consult note with the referrer")},
        ),
    ),
)

# -- PCP attribution (member services, provider services, special outreach) ----------

MEMBER_CHANGE_REASONS = {
    "moved": "member moved or wants a PCP closer to home",
    "access": "appointment availability or office hours",
    "provider_left": "PCP left the network or retired",
    "language_culture": "language or cultural preference",
    "dissatisfied": "dissatisfied with care or service",
    "continuity": "wants a PCP they already see or a family member sees",
    "other": "other",
}
PANEL_REMOVAL_REASONS = {
    "non_adherence": "repeated non-adherence to the treatment plan",
    "disruptive": "disruptive or abusive behaviour",
    "relationship": "breakdown of the patient-provider relationship",
    "panel_closed": "PCP closing or reducing the panel",
}

PCP_ATTRIBUTION = WorkflowDefinition(
    key="pcp_attribution",
    name="PCP attribution",
    reason_codes={**MEMBER_CHANGE_REASONS, **PANEL_REMOVAL_REASONS},
    steps=_steps(
        StepDefinition(
            key="member_confirmation",
            title="New PCP confirmed with the member",
            owner_role="Member services lead",
            escalate_to="Member services director",
            due_hours=72,
            escalate_after_hours=48,
            waiting_on="member services to confirm the new PCP and send the new ID card",
            entry_conditions=(
                "member's reason for the change captured",
                "new PCP in network and accepting patients",
            ),
            outcome_target="change effective and confirmed to the member within 3 days",
            outcomes={"confirmed": Next(result="PCP change confirmed with the member")},
        ),
        StepDefinition(
            key="special_outreach",
            title="Member contacted to choose a new PCP",
            owner_role="Special outreach lead",
            escalate_to="Provider services manager",
            due_hours=120,
            escalate_after_hours=48,
            waiting_on="special outreach to reach the member and help choose a new PCP",
            entry_conditions=("panel removal approved by provider services",),
            outcome_target="member reassigned to a PCP of their choice within 5 business days",
            outcomes={
                "new_pcp_chosen": Next(result="member chose a new PCP", needs=("provider",)),
                "escalate_ccm": Next("complex_case_management"),
            },
        ),
        StepDefinition(
            key="complex_case_management",
            title="High-priority: complex case management finds the member a new PCP",
            owner_role="Complex case management lead",
            escalate_to="Case management director",
            due_hours=24,
            escalate_after_hours=24,
            waiting_on="the complex case management team to engage the member",
            entry_conditions=("member is high-risk (chronic conditions or a disability)",),
            outcome_target="high-risk member engaged within 1 business day and reassigned "
            "with a care plan hand-off",
            outcomes={
                "new_pcp_chosen": Next(
                    result="member reassigned with case management support", needs=("provider",)
                ),
            },
            priority="high",
        ),
        StepDefinition(
            key="complaint_review",
            title="Member complaint about PCP attribution reviewed",
            owner_role="Grievance and appeals lead",
            escalate_to="Compliance officer",
            due_hours=72,
            escalate_after_hours=48,
            waiting_on="grievance and appeals to acknowledge and review the complaint",
            entry_conditions=("complaint logged with its category",),
            outcome_target="acknowledged within 3 days; resolved inside the plan's grievance "
            "time limit",
            outcomes={
                "resolved": Next(result="complaint resolved"),
                "refer_fwa": Next("fwa_investigation"),
            },
        ),
        StepDefinition(
            key="fwa_investigation",
            title="Possible fraud, waste or abuse investigated",
            owner_role="Special investigations lead",
            escalate_to="Compliance officer",
            due_hours=48,
            escalate_after_hours=24,
            waiting_on="the special investigations unit to open a case",
            entry_conditions=("referral with the facts known so far, minimum necessary",),
            outcome_target="triaged within 2 days; reported where the plan's FWA program requires",
            outcomes={
                "closed_no_issue": Next(result="no fraud, waste or abuse found"),
                "referred": Next(result="referred to compliance for reporting"),
            },
            priority="high",
        ),
    ),
)

WORKFLOWS: Mapping[str, WorkflowDefinition] = {
    w.key: w for w in (CLOSED_LOOP_REFERRAL, PCP_ATTRIBUTION)
}
# Who decides a PCP-initiated panel removal before the member is moved.
PANEL_REMOVAL_OWNER = "Provider services manager"


def tracked_workflow_roles() -> set[str]:
    """Every role the tracked workflows hand work to (for ``baton owners check``)."""
    roles = {PANEL_REMOVAL_OWNER}
    for workflow in WORKFLOWS.values():
        roles |= workflow.roles()
    return roles
