"""The engine's part in human decisions and tracked handoffs.

A conversation that asked for a final decision, or for a sign-off, waits on the
checkpointer; these operations record an owner's answer through the tool layer, resume
the waiting conversation with it, and open a plan's handoffs as tracked work.
"""

from __future__ import annotations

import threading
from typing import Any

from langgraph.types import Command, StateSnapshot

from agents.plan import HandoffPlan
from graph.build import TurnGraph
from graph.handoffs import BoundaryNotOpened, track_boundaries
from graph.results import TurnResult
from graph.services import TurnServices
from graph.state import TurnContext
from tools.access import Actor
from tools.context import ToolContext
from tools.decision_requests.service import (
    DecisionView,
    answer_decision,
    claim_thread_resume,
    decision_answered,
    decisions_awaiting_resume,
    get_decision,
    mark_thread_resumed,
    release_thread_resume,
)
from tools.errors import ToolError
from tools.handoffs.records import HandoffView
from tools.phi.guard import PhiGuard
from tools.staff import actor_for, staff_names


class DecisionOperations:
    """Mixed into ``BatonEngine``, which provides the graph, services, guard and results."""

    graph: TurnGraph
    services: TurnServices
    guard: PhiGuard
    # One resume at a time in this process: two streams (two tabs) that both see the answer
    # recorded, or a stream and the asker's next message, must not resume the pause twice
    # (the second would write the outcome again as a fork of the same checkpoint). Held
    # only while a resume runs (no model call: the outcome is composed offline). Across
    # processes (several workers) the store's claim does the same
    # (``claim_thread_resume``).
    _resuming = threading.Lock()

    def _result(
        self, thread_id: str, snapshot: StateSnapshot, notice: str | None = None
    ) -> TurnResult:
        raise NotImplementedError

    def waiting_decision(self, thread_id: str) -> int | None:
        """The decision request the thread is paused for, if any."""
        config: Any = {"configurable": {"thread_id": thread_id}}
        pending = self.graph.get_state(config).interrupts
        if pending and pending[0].value.get("kind") == "decision":
            return int(pending[0].value["id"])
        return None

    def resume_decision(self, thread_id: str) -> TurnResult | None:
        """Resume a thread waiting for a decision once its owner has answered.

        Reads the answer from the store (``tools.decision_requests``); None while it is still
        open. Surfaces call this after an answer, and ``ask`` calls it when the asker
        writes again in the waiting thread.
        """
        with self._resuming:
            return self._resume_decision(thread_id)

    def resume_if_answered(self, thread_id: str) -> TurnResult | None:
        """``resume_decision``, only once the store holds an answer: a cheap look (no audit
        event, no checkpoint write) that a live view can make on every poll, so a decision
        answered anywhere (the CLI, Slack, another worker) reaches the conversation."""
        waiting = self.waiting_decision(thread_id)
        records = self.services.records
        if waiting is None or records is None or not decision_answered(records, waiting):
            return None
        return self.resume_decision(thread_id)

    def _resume_decision(self, thread_id: str) -> TurnResult | None:
        config: Any = {"configurable": {"thread_id": thread_id}}
        # Read under the lock: whoever resumed first has cleared the pause.
        pending = self.graph.get_state(config).interrupts
        records = self.services.records
        if not pending or pending[0].value.get("kind") != "decision" or records is None:
            return None
        view = get_decision(records, Actor.system("graph"), int(pending[0].value["id"]))
        if view.open:
            return None
        names = staff_names(records, [view.decided_by] if view.decided_by else [])
        answer = {
            "status": view.status,
            "decided_by": view.decided_by,
            "decided_by_name": names.get(view.decided_by) if view.decided_by else None,
            "comment": view.comment,
            "edited_arguments": view.edited_arguments,
            "result": view.result,
        }
        if not claim_thread_resume(records, view.id):
            return None  # another worker is resuming it, or has
        context = TurnContext(text="", actor="system", channel="job")
        try:
            self.graph.invoke(Command(resume=answer), config, context=context)
        except BaseException:
            release_thread_resume(records, view.id)
            raise
        mark_thread_resumed(records, view.id)
        return self._result(thread_id, self.graph.get_state(config))

    def answer_decision(
        self,
        staff_id: int,
        channel: str,
        decision_id: int,
        answer: str,
        comment: str = "",
        edited: dict[str, Any] | None = None,
    ) -> tuple[DecisionView, TurnResult | None]:
        """A decider's answer, recorded by the tool layer (which checks they may give it
        and carries out an approved sign-off), then the waiting conversation resumed so
        its asker sees the outcome. The tool layer passes the comment and free-text changes
        through the PHI guard before it stores them; the thread resumes with what it stored."""
        records = self._records()
        actor = actor_for(records, staff_id, channel)
        view = answer_decision(records, actor, decision_id, answer, comment=comment, edited=edited)
        resumed = None
        if not view.open and view.thread_id:
            resumed = self.resume_decision(view.thread_id)
        return view, resumed

    def resume_answered(self) -> int:
        """Resume every conversation whose decision was answered elsewhere (the CLI, or a
        worker that stopped before resuming); returns how many were resumed."""
        records = self._records()
        resumed = 0
        for decision_id, thread_id in decisions_awaiting_resume(records):
            config: Any = {"configurable": {"thread_id": thread_id}}
            pending = self.graph.get_state(config).interrupts
            waiting_for = pending[0].value.get("id") if pending else None
            if waiting_for == decision_id and self.resume_decision(thread_id) is not None:
                resumed += 1
            elif waiting_for != decision_id:  # nothing waits for it (any more)
                mark_thread_resumed(records, decision_id)
        return resumed

    def open_plan_handoff(
        self, thread_id: str, boundaries: tuple[int, ...], staff_id: int, channel: str
    ) -> tuple[list[HandoffView], list[BoundaryNotOpened]]:
        """Track handoffs (1-based boundary numbers; empty: all) of the thread's last plan.
        Returns the opened handoffs and, per boundary that could not be opened, why (its
        ``str`` is the line to show)."""
        records = self._records()
        config: Any = {"configurable": {"thread_id": thread_id}}
        last = self.graph.get_state(config).values.get("last_plan")
        if not last:
            raise ToolError("this conversation has no plan to track", rule="no_plan")
        actor = actor_for(records, staff_id, channel)
        return track_boundaries(
            records, actor, HandoffPlan.model_validate(last), boundaries, thread_id
        )

    def _records(self) -> ToolContext:
        if self.services.records is None:
            raise ToolError("the system of record is not set up here", rule="no_records")
        return self.services.records
