"""Tracking a plan's handoffs from the conversation, and asking where one stands.

"track handoff 2" opens the second boundary of the thread's last plan as a tracked
handoff for the boundary's owner role, with its clock, entry conditions and exception
path; "status of handoff 12" says who has it, since when and what it waits on. The tool
layer checks who may do this and refuses roles nobody fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime

from agents.plan import BoundaryPart, HandoffPlan
from graph.actions import TurnActions, finish
from graph.outcomes import ActionOutcome
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, command_of, thread_id_of
from tools.access import Actor
from tools.context import ToolContext
from tools.errors import ToolError
from tools.handoffs.records import HandoffSpec, HandoffView
from tools.handoffs.service import get_handoff, open_handoff

MAX_TITLE_REQUEST_CHARS = 200


MIN_DUE = timedelta(minutes=1)  # the shortest clock a tracked handoff takes


def spec_from_boundary(
    plan: HandoffPlan, boundary: BoundaryPart, number: int | None = None
) -> HandoffSpec:
    """A tracked handoff for one boundary of a plan: its owner, clock and exception path.
    The title carries the (redacted) request, so the owner knows what it is about.

    When the request said the work has been at this boundary for a while ("pending with
    the payer for nine days"), that time is already gone from its clock: a window that
    has passed is due at once and escalates on the next run.
    """
    request = " ".join(plan.request.split())
    if len(request) > MAX_TITLE_REQUEST_CHARS:
        request = request[: MAX_TITLE_REQUEST_CHARS - 1] + "…"
    conditions = boundary.entry_conditions
    due_in = timedelta(hours=boundary.time_frame_hours)
    now = plan.now
    if now is not None and now.step is not None and now.step == number and now.elapsed_hours:
        due_in = max(MIN_DUE, due_in - timedelta(hours=now.elapsed_hours))
    return HandoffSpec(
        title=f"{boundary.name}: {request}",
        owner_role=boundary.owner,
        escalate_to_role=boundary.exception.escalate_to,
        due_in=due_in,
        priority="high" if due_in == MIN_DUE else "normal",
        escalate_after=timedelta(hours=boundary.exception.timeout_hours),
        entry_conditions=(
            *(f"input: {item}" for item in conditions.inputs),
            *(f"check: {item}" for item in conditions.validations),
            f"source of truth: {conditions.source_of_truth}",
        ),
        waiting_on=f"{boundary.from_party} → {boundary.to_party}",
        outcome_target=boundary.outcome,
    )


@dataclass(frozen=True)
class BoundaryNotOpened:
    """A boundary of the plan that could not be tracked, and the refusal that said why
    (``rule`` as the tool layer named it, e.g. ``owner_unfilled``)."""

    number: int
    name: str | None  # None: the plan has no boundary with that number
    reason: str
    rule: str
    error: ToolError | None = None

    def __str__(self) -> str:
        return f"{self.number}. {self.name}: {self.reason}" if self.name else self.reason


def track_boundaries(
    records: ToolContext,
    actor: Actor,
    plan: HandoffPlan,
    which: tuple[int, ...],
    thread_id: str,
) -> tuple[list[HandoffView], list[BoundaryNotOpened]]:
    """Open the chosen boundaries (1-based; empty: all). Returns the opened handoffs and
    one refusal per boundary that could not be opened (e.g. nobody fills its role)."""
    numbers = which or tuple(range(1, len(plan.boundaries) + 1))
    opened: list[HandoffView] = []
    problems: list[BoundaryNotOpened] = []
    for number in numbers:
        if not 1 <= number <= len(plan.boundaries):
            reason = f"the plan has no handoff {number} (it has {len(plan.boundaries)})"
            problems.append(BoundaryNotOpened(number, None, reason, "no_boundary"))
            continue
        boundary = plan.boundaries[number - 1]
        try:
            opened.append(
                open_handoff(
                    records, actor, spec_from_boundary(plan, boundary, number), thread_id=thread_id
                )
            )
        except ToolError as error:
            reason = _unfilled(boundary) if error.rule == "owner_unfilled" else str(error)
            problems.append(BoundaryNotOpened(number, boundary.name, reason, error.rule, error))
    return opened, problems


def _unfilled(boundary: BoundaryPart) -> str:
    """Which roles nobody fills. The tool names only roles of the owner directory (a role
    typed by hand could be anything, a name included); a plan's roles are the handoff
    map's, so they can be named."""
    roles = (boundary.owner, boundary.exception.escalate_to)
    named = " or ".join(repr(role) for role in roles if role)
    return f"nobody active fills the role {named}; an admin must name an owner (baton owners set)"


class TurnHandoffs:
    def __init__(self, services: TurnServices, actions: TurnActions) -> None:
        self.s = services
        self.actions = actions  # who the staff member is, and the guard for tool messages

    def track(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        actor = self.actions.actor(runtime)
        if isinstance(actor, ActionOutcome):
            return finish(actor)
        last = state.get("last_plan")
        if not last:
            return finish(
                ActionOutcome(
                    status="refused",
                    message="There is no plan in this conversation yet; ask for one first, "
                    "then say which handoff to track (e.g. 'track handoff 2').",
                    rule="no_plan",
                )
            )
        plan = HandoffPlan.model_validate(last)
        which = tuple(command_of(state)["which"])
        assert self.s.records is not None  # actor() checked
        opened, problems = track_boundaries(
            self.s.records, actor, plan, which, thread_id_of(config)
        )
        now = self.s.records.clock.now()
        lines = [view.status_line(now) for view in opened]
        lines += [self.actions.safe(str(p), config) for p in problems]
        if not opened:
            return finish(
                ActionOutcome(
                    status="refused",
                    message="No handoff was opened.",
                    lines=lines,
                    rule="not_opened",
                )
            )
        message = (
            f"Tracking {len(opened)} handoff{'s' * (len(opened) != 1)}; each owner has been "
            "told, and Baton nudges and escalates them if they stall."
        )
        return finish(ActionOutcome(status="done", message=message, lines=lines))

    def status(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        actor = self.actions.actor(runtime)
        if isinstance(actor, ActionOutcome):
            return finish(actor)
        assert self.s.records is not None
        try:
            view = get_handoff(self.s.records, actor, int(command_of(state)["handoff_id"]))
        except ToolError as error:
            return finish(
                ActionOutcome(
                    status="refused", message=self.actions.safe(str(error), config), rule=error.rule
                )
            )
        now = self.s.records.clock.now()
        lines = [
            f"{t.at:%Y-%m-%d %H:%M} {t.from_status or '-'} → {t.to_status}"
            + (f" ({t.note})" if t.note else "")
            for t in view.history
        ]
        return finish(ActionOutcome(status="done", message=view.status_line(now), lines=lines))
