"""Markdown rendering of plans and clarifying questions (CLI, web chat, Slack files)."""

from __future__ import annotations

from agents.plan import ClarifyingQuestion, HandoffPlan, Workstream
from knowledge.catalog import default_catalog


def _bullets(items: list[str]) -> list[str]:
    return [f"- {item}" for item in items]


_WORDS = {"phi": "PHI", "p2p": "peer-to-peer", "ehr": "EHR", "um": "UM", "ccm": "CCM"}


def audit_event_name(code: str) -> str:
    """``auth.p2p.scheduled`` → ``Auth peer-to-peer scheduled``: an audit event as words."""
    words = [_WORDS.get(w, w) for part in code.split(".") for w in part.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else code


def audit_events_text(codes: list[str]) -> str:
    """Audit events as readable names with their codes beside them."""
    return "; ".join(f"{audit_event_name(c)} (`{c}`)" for c in codes)


def workstream_lead(stream: Workstream) -> str:
    """The workstream's lead as people know it (its display name, never the slug)."""
    return stream.lead_name or default_catalog().display_name(stream.lead_agent)


def plan_to_markdown(plan: HandoffPlan) -> str:
    return plan_opening_markdown(plan) + "\n" + plan_details_markdown(plan)


def plan_opening_markdown(plan: HandoffPlan) -> str:
    """What to read first: the request, where it stands now, who decides, the answer."""
    lines: list[str] = []
    title = plan.workflow_name or plan.primary.display_name
    lines.append(f"# Handoff plan: {title}")
    lines.append("")
    lines.append(f"> {plan.request}")
    lines.append("")
    if plan.phi_reminder:
        lines += [f"**PHI reminder.** {plan.phi_reminder}", ""]
    if plan.now is not None:
        lines += ["## Now", "", *_bullets(plan.now.lines), ""]
    if plan.decision:
        d = plan.decision
        lines += [
            f"**Final {d.kind} decision: {d.owner} decides.** Baton gives decision support "
            "only; nothing is decided until the owner answers.",
            "",
            *_bullets(d.what_baton_provides),
            "",
        ]
    if plan.summary:
        lines += [f"## {plan.primary.display_name}'s answer", "", plan.summary.strip(), ""]
        if plan.findings:
            lines += ["Looked up:", *_bullets(plan.findings), ""]
        lines += [
            f"_Written by the chat model {plan.written_by}; the owners, handoffs and sources "
            "below are Baton's own._",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def plan_details_markdown(plan: HandoffPlan) -> str:
    """The rest of the plan: who does what, owners, handoffs, sources, audit trail."""
    lines: list[str] = []
    lines += ["## Who does what", ""]
    # Display names only: slugs are for programs (the API's ``agent`` field), not readers.
    lines.append(f"- **Primary: {plan.primary.display_name}**: {plan.primary.contributes}")
    for part in plan.supporting:
        lines.append(f"- Supporting: {part.display_name}: {part.contributes}")
    lines.append("")
    lines += ["## Human owners and sign-off", ""]
    lines += [f"- **{o.role}**: {o.signs_off}" for o in plan.human_owners]
    lines.append("")
    if plan.workstreams:
        lines += ["## Workstreams", ""]
        for ws in plan.workstreams:
            lines.append(
                f"- **{ws.name}**, led by {workstream_lead(ws)}, signed off by "
                f"{ws.sign_off_owner}: {'; '.join(ws.deliverable)}"
            )
        lines.append("")
    lines += ["## Deliverable", "", *_bullets(plan.deliverable_sections), ""]
    lines += ["## Handoffs", ""]
    if plan.boundaries:
        lines += [
            "_Say `track handoff 1` (or `track all handoffs`) and Baton follows it: the "
            "owner is told, nudged before the deadline and escalated if it stalls._",
            "",
        ]
    for number, b in enumerate(plan.boundaries, start=1):
        ec = b.entry_conditions
        ex = b.exception
        lines += [
            f"### {number}. {b.name}: {b.from_party} → {b.to_party}",
            "",
            f"- **Owner:** {b.owner}",
            f"- **Entry conditions:** inputs: {'; '.join(ec.inputs)}. "
            f"Validations: {'; '.join(ec.validations)}. Source of truth: {ec.source_of_truth}.",
            f"- **Time frame:** {b.time_frame}",
            f"- **Outcome:** {b.outcome}",
            f"- **Exception:** when {ex.trigger}: {ex.path}; escalate to {ex.escalate_to} "
            f"after {ex.timeout_hours} h.",
            f"- **Audit events:** {audit_events_text(b.audit_events)}",
            "",
        ]
    lines += ["## Sources to verify", "", *_bullets(plan.sources_to_verify), ""]
    if plan.citations:
        lines += ["## From your organization's documents", ""]
        for number, c in enumerate(plan.citations, start=1):
            excerpt = " ".join(c.excerpt.split())[:240]
            lines.append(f'- [{number}] *{c.source}*, {c.section}: "{excerpt}"')
        lines.append("")
    lines += ["## Audit trail", "", audit_events_text(plan.audit_events), ""]
    for note in plan.notes:
        lines.append(f"_{note}_")
    lines.append(f"_Routing confidence: {plan.confidence:.2f}_")
    return "\n".join(lines).rstrip() + "\n"


def clarify_to_markdown(question: ClarifyingQuestion) -> str:
    lines = [question.question, ""]
    for number, option in enumerate(question.options, start=1):
        lines.append(f"{number}. **{option.display_name}**: {option.contributes}")
    return "\n".join(lines) + "\n"
