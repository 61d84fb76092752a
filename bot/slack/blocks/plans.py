"""A handoff plan and a clarifying question as Block Kit.

A plan is answered folded: its opening (the request, where it stands now, who decides)
and a "Show full plan" button; the rest (who does what, owners, handoffs, sources, audit
trail) is posted in the thread when someone asks for it.

``show`` turns a redacted text into what this audience may read: the identity for a
thread others can see (placeholders stay), ``BatonEngine.reveal`` for the author alone.
"""

from __future__ import annotations

from collections.abc import Callable

from agents.markdown import audit_event_name, workstream_lead
from agents.plan import BoundaryPart, ClarifyingQuestion, HandoffPlan
from bot.slack.blocks.limits import (
    Block,
    actions,
    bullets,
    button,
    context,
    divider,
    escape,
    header,
    sections,
    truncate,
)

Show = Callable[[str], str]
MAX_CITATION_CHARS = 240


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines() or [""])


def _code_list(items: list[str]) -> str:
    """Audit events by readable name, with the code beside each."""
    return "; ".join(f"{escape(audit_event_name(item))} (`{escape(item)}`)" for item in items)


def plan_title(plan: HandoffPlan) -> str:
    return f"Handoff plan: {plan.workflow_name or plan.primary.display_name}"


FULL_PLAN_ACTION = "plan:full"
FULL_PLAN_BLOCK = "plan_full"


def plan_opening_blocks(plan: HandoffPlan, show: Show) -> list[Block]:
    """What to read first: what was asked, where it stands now, who decides."""
    t: Show = lambda text: escape(show(text))  # noqa: E731
    blocks: list[Block] = [header(plan_title(plan)), *sections(_quote(t(plan.request)))]
    if plan.phi_reminder:
        blocks += sections(f":warning: *PHI reminder.* {t(plan.phi_reminder)}")
    if plan.now is not None:
        blocks += sections("*Now*\n" + bullets(t(line) for line in plan.now.lines))
    if plan.decision:
        d = plan.decision
        blocks += sections(
            f"*Final {escape(d.kind)} decision: {escape(d.owner)} decides.* Baton gives "
            "decision support only; nothing is decided until the owner answers.\n"
            + bullets(t(item) for item in d.what_baton_provides)
        )
    return blocks


def full_plan_button(thread_ts: str, answer: str) -> Block:
    """Unfolds the plan: ``answer`` (``graph.feedback.answer_key``) names which plan, so a
    click under an older answer still posts that one."""
    return actions(
        FULL_PLAN_BLOCK,
        [button("Show full plan", FULL_PLAN_ACTION, {"t": thread_ts, "k": answer})],
    )


def plan_people_blocks(plan: HandoffPlan, show: Show) -> list[Block]:
    """Who does what and who signs off."""
    t: Show = lambda text: escape(show(text))  # noqa: E731
    blocks: list[Block] = []
    who = [f"*Primary: {escape(plan.primary.display_name)}*: {t(plan.primary.contributes)}"]
    who += [f"Supporting: {escape(p.display_name)}: {t(p.contributes)}" for p in plan.supporting]
    blocks += sections("*Who does what*\n" + bullets(who))
    owners = [f"*{escape(o.role)}*: {t(o.signs_off)}" for o in plan.human_owners]
    blocks += sections("*Human owners and sign-off*\n" + bullets(owners))
    return blocks


def _boundary_text(number: int, b: BoundaryPart, t: Show) -> str:
    ec, ex = b.entry_conditions, b.exception
    return "\n".join(
        [
            f"*{number}. {t(b.name)}*: {t(b.from_party)} → {t(b.to_party)}",
            f"*Owner:* {t(b.owner)}",
            f"*Entry conditions:* inputs: {t('; '.join(ec.inputs))}. Validations: "
            f"{t('; '.join(ec.validations))}. Source of truth: {t(ec.source_of_truth)}.",
            f"*Time frame:* {t(b.time_frame)}",
            f"*Outcome:* {t(b.outcome)}",
            f"*Exception:* when {t(ex.trigger)}: {t(ex.path)}; escalate to "
            f"{t(ex.escalate_to)} after {ex.timeout_hours} h.",
            f"*Audit events:* {_code_list(b.audit_events)}",
        ]
    )


def plan_blocks(plan: HandoffPlan, show: Show, decision_note: str | None = None) -> list[Block]:
    """The whole plan, in as many blocks as it needs (the caller splits into messages)."""
    return plan_opening_blocks(plan, show) + plan_details_blocks(plan, show, decision_note)


def full_plan_blocks(plan: HandoffPlan, show: Show) -> list[Block]:
    """The unfolded rest, headed by the request it answers (it may come after newer turns)."""
    title = f"Full plan: {plan.workflow_name or plan.primary.display_name}"
    head = sections(f"*{escape(title)}*\n" + _quote(escape(show(plan.request))))
    return head + plan_details_blocks(plan, show)


def plan_details_blocks(
    plan: HandoffPlan, show: Show, decision_note: str | None = None
) -> list[Block]:
    """Everything after the opening: people, workstreams, handoffs, sources, audit trail."""
    t: Show = lambda text: escape(show(text))  # noqa: E731
    blocks = plan_people_blocks(plan, show)
    if plan.workstreams:
        lines = [
            f"*{t(ws.name)}*, led by {escape(workstream_lead(ws))}, signed off by "
            f"{t(ws.sign_off_owner)}: {t('; '.join(ws.deliverable))}"
            for ws in plan.workstreams
        ]
        blocks += sections("*Workstreams*\n" + bullets(lines))
    blocks += sections("*Deliverable*\n" + bullets(t(s) for s in plan.deliverable_sections))
    blocks.append(divider())
    blocks += sections("*Handoffs*")
    for number, boundary in enumerate(plan.boundaries, start=1):
        blocks += sections(_boundary_text(number, boundary, t))
    blocks.append(divider())
    blocks += sections("*Sources to verify*\n" + bullets(t(s) for s in plan.sources_to_verify))
    if plan.citations:
        cited = [
            f"_{t(c.source)}_, {t(c.section)}: "
            f"\u201c{t(truncate(' '.join(c.excerpt.split()), MAX_CITATION_CHARS))}\u201d"
            for c in plan.citations
        ]
        blocks += sections("*From your organization's documents*\n" + bullets(cited))
    if decision_note:
        blocks += sections(f"*Decision:* {t(decision_note)}")
    notes = [f"_{t(note)}_" for note in plan.notes]
    blocks.append(
        context(
            f"Audit trail: {_code_list(plan.audit_events)}",
            *notes,
            f"Routing confidence: {plan.confidence:.2f}",
        )
    )
    return blocks


def clarify_blocks(question: ClarifyingQuestion, show: Show, thread_ts: str) -> list[Block]:
    """The question, the options as a list, and one button per option."""
    t: Show = lambda text: escape(show(text))  # noqa: E731
    listed = [
        f"{n}. *{escape(o.display_name)}*: {t(o.contributes)}"
        for n, o in enumerate(question.options, start=1)
    ]
    blocks = sections(t(question.question) + "\n" + "\n".join(listed))
    # Slack allows 25 elements in an actions block; Baton offers a handful of options.
    buttons = [
        button(o.display_name, f"clarify:{n}", {"n": n, "t": thread_ts})
        for n, o in enumerate(question.options[:25], start=1)
    ]
    if buttons:
        blocks.append(actions("clarify", buttons))
    return blocks
