"""The offline specialist: composes a handoff plan from profiles and the handoff map.

With no chat model this is the whole answer; with one, it is the skeleton the
model enriches, so the owners, boundaries and sources never depend on a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.assignment import Assignment
from agents.plan import (
    AgentPart,
    BoundaryPart,
    Citation,
    ClarifyingQuestion,
    DecisionSupport,
    EntryConditionsPart,
    ExceptionPart,
    HandoffPlan,
    OwnerSignOff,
    Workstream,
)
from agents.situation import now_section
from knowledge.catalog import Catalog
from knowledge.index import Passage
from knowledge.schema import AgentProfile, Boundary, Workflow

PHI_REMINDER = (
    "This request contained protected health information; Baton replaced it with "
    "placeholders. Work on patient details only in an approved environment (the EHR or "
    "an approved secure workspace), and share the minimum necessary."
)


def _agent_part(profile: AgentProfile, contributes: str | None = None) -> AgentPart:
    return AgentPart(
        agent=profile.slug,
        display_name=profile.display_name,
        contributes=contributes or profile.summary,
    )


def _boundary_part(boundary: Boundary) -> BoundaryPart:
    return BoundaryPart.model_validate(boundary.model_dump())


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


_STOP = frozenset(
    ("a", "an", "and", "any", "are", "as", "at", "by", "for", "from", "in", "it", "its",
     "of", "on", "or", "the", "to", "where", "which", "with", "that", "this", "these")
)  # fmt: skip
SAME_SOURCE_OVERLAP = 0.7  # share of the shorter name's words


def _stem(word: str) -> str:
    """Crude, enough to compare names: "laws"/"law", "applies"/"apply", "carding"/"card"."""
    if len(word) <= 3:
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def _source_words(source: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", source.lower().replace("'s", ""))
    return frozenset(_stem(w) for w in words if w not in _STOP)


def dedupe_sources(sources: Sequence[str]) -> list[str]:
    """Sources in order, without one that names the same thing as an earlier one in other
    words (the workflow's and the specialist's lists overlap): most of the shorter name's
    words in the other, and at least four words to compare."""
    kept: list[tuple[str, frozenset[str]]] = []
    for source in _dedupe(sources):
        words = _source_words(source)
        if not any(
            min(len(words), len(other)) >= 4
            and len(words & other) / min(len(words), len(other)) >= SAME_SOURCE_OVERLAP
            for _, other in kept
        ):
            kept.append((source, words))
    return [source for source, _ in kept]


def _generic_boundaries(
    primary: AgentProfile, supporting: list[AgentProfile], owners: list[str]
) -> list[BoundaryPart]:
    """Boundaries for a specialist the handoff map does not list in a workflow."""
    sign_off = owners[0]
    backup = owners[1] if len(owners) > 1 else owners[0]
    name = primary.display_name
    boundaries = [
        BoundaryPart(
            name="Request intake",
            from_party="Requesting team",
            to_party=name,
            owner="Requesting team lead",
            entry_conditions=EntryConditionsPart(
                inputs=[
                    "the question and the decision it feeds",
                    "due date",
                    "minimum-necessary data",
                ],
                validations=[
                    "one deliverable, one primary owner",
                    "no PHI beyond what the task needs",
                ],
                source_of_truth=primary.sources_to_verify[0],
            ),
            time_frame="1 business day",
            time_frame_hours=24,
            outcome=(
                "request accepted, or returned with the missing inputs named, within 1 business day"
            ),
            exception=ExceptionPart(
                trigger="inputs still missing after 2 business days",
                path="return to the requester with a list of what is missing",
                escalate_to=sign_off,
                timeout_hours=48,
            ),
            audit_events=["handoff.requested", "handoff.accepted"],
        )
    ]
    for helper in supporting:
        boundaries.append(
            BoundaryPart(
                name=f"Review by {helper.display_name}",
                from_party=name,
                to_party=helper.display_name,
                owner=name,
                entry_conditions=EntryConditionsPart(
                    inputs=["draft deliverable", "the specific question for the reviewer"],
                    validations=["review scope written down", "sources the draft relies on listed"],
                    source_of_truth=helper.sources_to_verify[0],
                ),
                time_frame="2 business days",
                time_frame_hours=48,
                outcome="review section returned with each concern marked resolved or open",
                exception=ExceptionPart(
                    trigger="no review after 2 business days",
                    path="ship the draft with the review marked outstanding and tell the owner",
                    escalate_to=sign_off,
                    timeout_hours=48,
                ),
                audit_events=["handoff.review.requested", "handoff.review.returned"],
            )
        )
    boundaries.append(
        BoundaryPart(
            name="Sign-off",
            from_party=name,
            to_party=sign_off,
            owner=sign_off,
            entry_conditions=EntryConditionsPart(
                inputs=["completed deliverable", "open questions and risks"],
                validations=[
                    f"verified against: {source}" for source in primary.sources_to_verify[:3]
                ],
                source_of_truth="the signed decision record",
            ),
            time_frame="5 business days",
            time_frame_hours=120,
            outcome="decision recorded with the owner's name, the date and the option chosen",
            exception=ExceptionPart(
                trigger="no decision within 5 business days",
                path=f"escalate to {backup} with the deliverable attached",
                escalate_to=backup,
                timeout_hours=120,
            ),
            audit_events=["decision.requested", "decision.recorded"],
        )
    )
    return boundaries


def _decision_boundary(decision: DecisionSupport, backup: str) -> BoundaryPart:
    return BoundaryPart(
        name=f"Final {decision.kind} decision",
        from_party="Baton (decision support)",
        to_party=decision.owner,
        owner=decision.owner,
        entry_conditions=EntryConditionsPart(
            inputs=["the question", "options with their evidence", "the plan above"],
            validations=["owner has authority for this decision", "sources verified"],
            source_of_truth="the decision record in Baton's audit trail",
        ),
        time_frame="2 business days",
        time_frame_hours=48,
        outcome="the owner's answer (approve, reject, edit or respond) recorded with name and time",
        exception=ExceptionPart(
            trigger="no answer within 2 business days",
            path=f"remind {decision.owner}, then escalate",
            escalate_to=backup,
            timeout_hours=48,
        ),
        audit_events=["decision.requested", "decision.answered"],
    )


class OfflineComposer:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _owner_sign_offs(
        self, assignment: Assignment, workflow: Workflow | None
    ) -> list[OwnerSignOff]:
        described = {o.role: o.signs_off for o in workflow.human_owners} if workflow else {}
        return [
            OwnerSignOff(
                role=role,
                signs_off=described.get(role, "final decisions on this deliverable"),
            )
            for role in assignment.human_owners
        ]

    def _supporting_parts(
        self, assignment: Assignment, workflow: Workflow | None
    ) -> list[AgentPart]:
        adds = {s.agent: s.adds for s in workflow.supporting} if workflow else {}
        return [
            _agent_part(
                self.catalog.agent(slug),
                adds.get(slug) or self.catalog.agent(slug).contributes_as_supporting,
            )
            for slug in assignment.supporting_agents
        ]

    def _workstreams(self, assignment: Assignment) -> list[Workstream]:
        if not assignment.related_workflows:
            return []
        ids = [w for w in [assignment.workflow, *assignment.related_workflows] if w]
        streams = []
        for wf_id in ids:
            wf = self.catalog.workflows[wf_id]
            lead = assignment.primary_agent if wf_id == assignment.workflow else wf.primary[0]
            streams.append(
                Workstream(
                    workflow=wf.id,
                    name=wf.name,
                    lead_agent=lead,
                    lead_name=self.catalog.display_name(lead),
                    sign_off_owner=wf.human_owners[0].role,
                    deliverable=self.catalog.agent(lead).deliverable[:3],
                )
            )
        return streams

    def compose(
        self,
        request: str,
        assignment: Assignment,
        phi_detected: bool,
        passages: Sequence[Passage] = (),
    ) -> HandoffPlan:
        """Build the plan for ``request`` (already redacted) as routed in ``assignment``."""
        primary = self.catalog.agent(assignment.primary_agent)
        workflow = self.catalog.workflows.get(assignment.workflow) if assignment.workflow else None
        supporting = self._supporting_parts(assignment, workflow)

        decision = None
        if assignment.decision is not None:
            decision = DecisionSupport(
                kind=assignment.decision.kind,
                owner=assignment.decision.owner,
                request=assignment.decision.cue,
                what_baton_provides=[
                    "the options and what each would require",
                    "the evidence and sources each option rests on",
                    "the risks and the people each option affects",
                    f"a decision request routed to the {assignment.decision.owner}",
                ],
            )

        if workflow is not None:
            boundaries = [_boundary_part(b) for b in workflow.boundaries]
        else:
            boundaries = _generic_boundaries(
                primary,
                [self.catalog.agent(s) for s in assignment.supporting_agents],
                assignment.human_owners,
            )
        if decision is not None:
            others = [o for o in assignment.human_owners if o != decision.owner]
            boundaries.append(_decision_boundary(decision, others[0] if others else decision.owner))

        sources = list(workflow.sources_to_verify) if workflow else []
        sources += primary.sources_to_verify
        for wf_id in assignment.related_workflows:
            sources += self.catalog.workflows[wf_id].sources_to_verify[:2]

        audit_events = ["turn.routed"] + (["phi.redacted"] if phi_detected else [])
        audit_events += [event for b in boundaries for event in b.audit_events]

        notes = list(assignment.notes)
        if assignment.needs_clarification:
            notes.append("Routing confidence is low; check that this is the right specialist.")
        return HandoffPlan(
            request=request,
            workflow=workflow.id if workflow else None,
            workflow_name=workflow.name if workflow else None,
            primary=_agent_part(primary),
            supporting=supporting,
            human_owners=self._owner_sign_offs(assignment, workflow),
            deliverable_sections=list(primary.deliverable),
            boundaries=boundaries,
            workstreams=self._workstreams(assignment),
            decision=decision,
            sources_to_verify=dedupe_sources(sources),
            citations=[
                Citation(source=p.source, section=p.section, excerpt=p.text[:400], score=p.score)
                for p in passages
            ],
            audit_events=_dedupe(audit_events),
            phi_reminder=PHI_REMINDER if phi_detected else None,
            confidence=assignment.confidence,
            notes=notes,
            now=now_section(request, boundaries, decision),
        )

    def with_decision(
        self, plan: HandoffPlan, kind: str, owner: str, request: str, owners: Sequence[str]
    ) -> HandoffPlan:
        """``plan`` with a final decision for ``owner`` added (when it had none).

        For a decision found after routing, e.g. by a chat-model specialist: the same
        decision support and final boundary as a decision the router flagged.
        """
        if plan.decision is not None:
            return plan
        decision = DecisionSupport(
            kind=kind,
            owner=owner,
            request=request,
            what_baton_provides=[
                "the options and what each would require",
                "the evidence and sources each option rests on",
                "the risks and the people each option affects",
                f"a decision request routed to the {owner}",
            ],
        )
        others = [o for o in owners if o != owner]
        boundary = _decision_boundary(decision, others[0] if others else owner)
        return plan.model_copy(
            update={
                "decision": decision,
                "boundaries": [*plan.boundaries, boundary],
                "audit_events": _dedupe([*plan.audit_events, *boundary.audit_events]),
            }
        )

    def clarify(self, assignment: Assignment) -> ClarifyingQuestion:
        options = [_agent_part(self.catalog.agent(c.agent)) for c in assignment.candidates[:3]]
        return ClarifyingQuestion(
            question=(
                "I am not sure which specialist this belongs to. Which of these is closest? "
                "Reply with the number, or add a detail about the work."
            ),
            options=options,
        )
