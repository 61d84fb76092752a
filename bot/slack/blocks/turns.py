"""A turn's result as the Slack messages that answer it in its thread.

A plan is answered folded (its opening and a "Show full plan" button). The full plan,
when asked for, is posted in the thread; one that needs more than
``MAX_MESSAGES_PER_ANSWER`` messages comes as a Markdown file instead of a wall of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agents.composer import PHI_REMINDER
from agents.markdown import plan_to_markdown
from agents.plan import HandoffPlan
from bot.slack.blocks.feedback import feedback_block
from bot.slack.blocks.limits import (
    Block,
    actions,
    bullets,
    button,
    chunk_blocks,
    context,
    escape,
    sections,
)
from bot.slack.blocks.plans import (
    clarify_blocks,
    full_plan_blocks,
    full_plan_button,
    plan_opening_blocks,
    plan_title,
)
from graph.feedback import answer_key
from graph.results import TurnResult

Show = Callable[[str], str]
MAX_MESSAGES_PER_ANSWER = 3
STATUS_MARK = {"done": ":white_check_mark:", "refused": ":no_entry:", "cancelled": ":x:"}


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the notification's fallback text: a title, never the request
    blocks: list[Block]


@dataclass(frozen=True)
class PlanFile:
    filename: str
    title: str
    content: str


@dataclass(frozen=True)
class SlackAnswer:
    messages: list[SlackMessage]
    file: PlanFile | None = None
    notes: list[str] = field(default_factory=list)


def phi_reminder_block() -> Block:
    return context(f":warning: *PHI reminder.* {escape(PHI_REMINDER)}")


def _confirmation_blocks(result: TurnResult, show: Show, requester: str, ts: str) -> list[Block]:
    confirmation = result.confirmation
    assert confirmation is not None
    blocks: list[Block] = []
    if confirmation.warning:
        blocks += sections(f":warning: {escape(show(confirmation.warning))}")
    question = confirmation.question.removesuffix("(yes / no)").rstrip()
    blocks += sections(escape(show(question)))
    blocks.append(
        actions(
            "confirm",
            [
                button(
                    "Yes, log it", "confirm:yes", {"a": "yes", "u": requester, "t": ts}, "primary"
                ),
                button("No", "confirm:no", {"a": "no", "u": requester, "t": ts}),
            ],
        )
    )
    return blocks


def _action_blocks(result: TurnResult, show: Show) -> list[Block]:
    action = result.action
    assert action is not None
    mark = STATUS_MARK.get(action.status, ":information_source:")
    text = f"{mark} {escape(show(action.message))}"
    if action.lines:
        text += "\n" + bullets(escape(show(line)) for line in action.lines)
    return sections(text)


def _records_blocks(result: TurnResult, show: Show) -> list[Block]:
    records = result.records
    assert records is not None
    text = f":bar_chart: {escape(show(records.answer))}"
    if records.lines:
        text += "\n" + bullets(escape(show(line)) for line in records.lines)
    return sections(text)


def answer_for_turn(
    result: TurnResult, show: Show, *, requester: str, thread_ts: str
) -> SlackAnswer:
    """The messages that answer ``result`` in its thread, within Slack's limits."""
    head: list[Block] = []
    if result.notice:
        head.append(context(f"_{escape(show(result.notice))}_"))
    reminder_shown = False
    kind = result.kind
    if kind == "confirm":
        body, title = _confirmation_blocks(result, show, requester, thread_ts), "Please confirm"
    elif kind == "action" and result.action is not None:
        body, title = _action_blocks(result, show), result.action.status.capitalize()
    elif kind == "records" and result.records is not None:
        body, title = _records_blocks(result, show), "Your records"
    elif kind == "plan" and result.plan is not None:
        plan = result.plan
        title, reminder_shown = plan_title(plan), plan.phi_reminder is not None
        body = plan_opening_blocks(plan, show)
        if result.decision_note:
            body += sections(f"*Decision:* {escape(show(result.decision_note))}")
        body.append(full_plan_button(thread_ts, answer_key(result)))
    elif kind == "clarify" and result.clarification is not None:
        body = clarify_blocks(result.clarification, show, thread_ts)
        title = "Which specialist?"
    else:
        body, title = sections(escape(show(result.decision_note or "Done."))), "Baton"
    if result.phi_detected and not reminder_shown:
        body.append(phi_reminder_block())
    if result.confirmation is None:  # a yes/no question is not an answer to rate
        body.append(feedback_block(thread_ts, answer_key(result)))
    chunks = chunk_blocks(head + body)
    messages = [
        SlackMessage(title if n == 0 else f"{title} (continued)", chunk)
        for n, chunk in enumerate(chunks)
    ]
    return SlackAnswer(messages)


def full_plan_answer(plan: HandoffPlan, show: Show, decision_note: str | None) -> SlackAnswer:
    """The rest of a folded plan, for the thread it was answered in; ``show`` is the same
    audience rule as the answer's (placeholders unless only the author reads the thread)."""
    title = f"Full plan: {plan_title(plan).removeprefix('Handoff plan: ')}"
    chunks = chunk_blocks(full_plan_blocks(plan, show))
    if len(chunks) <= MAX_MESSAGES_PER_ANSWER:
        return SlackAnswer(
            [
                SlackMessage(title if n == 0 else f"{title} (continued)", chunk)
                for n, chunk in enumerate(chunks)
            ]
        )
    note = sections("_The full plan is long for Slack: it is attached as a file in this thread._")
    markdown = show(plan_to_markdown(plan))
    if decision_note:
        markdown += f"\n**Decision:** {show(decision_note)}\n"
    file = PlanFile("handoff-plan.md", plan_title(plan), markdown)
    return SlackAnswer([SlackMessage(title, note)], file)
