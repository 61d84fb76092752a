"""The nodes of a turn: plain functions returning partial state updates."""

from __future__ import annotations

import re
from typing import Any, Literal

import numpy as np
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agents.assignment import Assignment
from graph.decision_detection import detect_decision_request
from graph.model.tools import TurnPhi, TurnToolbox
from graph.services import TurnServices
from graph.state import BatonState, TurnContext, thread_id_of
from tools.access import Actor
from tools.errors import ToolError
from tools.staff import actor_for

# A reply that picks one of the offered specialists: "2", "option 2", "#2".
_CHOICE = re.compile(r"^\s*(?:option\s*|#)?([1-9])\s*[.)]?\s*$", re.IGNORECASE)
# Short replies that lean on the previous turn for their subject.
FOLLOW_UP_MAX_WORDS = 8


class TurnNodes:
    """Binds the shared services to the node functions the graph calls."""

    def __init__(self, services: TurnServices) -> None:
        self.s = services

    def guard(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        thread_id = thread_id_of(config)
        placeholders = self.s.placeholders.for_thread(thread_id)
        redaction = self.s.guard.redact(runtime.context.text, placeholders)
        # In memory only, so the author can read their own words back (never checkpointed).
        self.s.own_text.remember(
            thread_id, runtime.context.actor, redaction.originals(runtime.context.text)
        )
        return {
            "request": redaction.text,
            "phi_detected": redaction.phi_detected,
            "phi_types": sorted({e.type for e in redaction.entities}),
            "turns": [{"role": "user", "text": redaction.text}],
            "plan": None,
            "clarification": None,
            "decision_request": None,
            "decision_note": None,
            "decided": False,
        }

    def _chosen_option(self, state: BatonState) -> str | None:
        options = state.get("pending_options") or []
        request = state["request"]
        match = _CHOICE.match(request)
        if match and int(match.group(1)) <= len(options):
            return options[int(match.group(1)) - 1]
        lowered = request.lower()
        for slug in options:
            name = self.s.router.catalog.agent(slug).display_name.lower()
            if slug in lowered or name in lowered:
                return slug
        return None

    def _previous_request(self, state: BatonState) -> str | None:
        users = [t["text"] for t in state.get("turns", []) if t["role"] == "user"]
        return users[-2] if len(users) >= 2 else None

    def _vector(self, text: str, context: TurnContext) -> np.ndarray:
        """``text`` embedded once per run, however many nodes need its vector."""
        vector = context.vectors.get(text)
        if vector is None:
            vector = context.vectors[text] = self.s.embedder.embed_one(text)
        return vector

    def _route(self, text: str, config: RunnableConfig, context: TurnContext) -> Assignment:
        query = self._vector(text, context)
        if self.s.model_router is not None:
            return self.s.model_router.route(text, query, thread_id=thread_id_of(config))
        return self.s.router.route(text, query)

    def route(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        request = state["request"]
        router = self.s.router
        chosen = self._chosen_option(state)
        previous = self._previous_request(state)
        if chosen is not None and previous is not None:
            # The user answered our clarifying question: plan the earlier request.
            query = self._vector(previous, runtime.context)
            assignment = router.route(previous, query, forced_primary=chosen)
            return {
                "assignment": assignment.model_dump(),
                "routed_text": previous,
                "pending_options": [],
            }
        assignment = self._route(request, config, runtime.context)
        routed_text = request
        if (
            assignment.needs_clarification
            and previous is not None
            and len(request.split()) <= FOLLOW_UP_MAX_WORDS
        ):
            # A short follow-up ("and who signs off?") keeps the thread's subject.
            routed_text = f"{previous}\n{request}"
            assignment = self._route(routed_text, config, runtime.context)
            if assignment.decision is not None and detect_decision_request(request) is None:
                # It borrows the subject, not the earlier request for a decision (which
                # was already sent to its owner, or answered).
                assignment = assignment.model_copy(update={"decision": None})
        return {
            "assignment": assignment.model_dump(),
            "routed_text": routed_text,
            "pending_options": [],
        }

    @staticmethod
    def after_route(state: BatonState) -> Literal["clarify", "plan"]:
        assignment = Assignment.model_validate(state["assignment"])
        return "clarify" if assignment.needs_clarification else "plan"

    def clarify(self, state: BatonState) -> dict[str, Any]:
        assignment = Assignment.model_validate(state["assignment"])
        question = self.s.composer.clarify(assignment)
        return {
            "answer_kind": "clarify",
            "clarification": question.model_dump(),
            "pending_options": [o.agent for o in question.options],
        }

    def plan(
        self, state: BatonState, config: RunnableConfig, runtime: Runtime[TurnContext]
    ) -> dict[str, Any]:
        assignment = Assignment.model_validate(state["assignment"])
        query = self._vector(state["routed_text"], runtime.context)
        passages = self.s.index.search_documents(query)
        plan = self.s.composer.compose(
            request=state["request"],
            assignment=assignment,
            phi_detected=state.get("phi_detected", False),
            passages=passages,
        )
        if self.s.specialist is not None:
            # The offline plan is the floor; the model adds to it or leaves it as is.
            thread_id = thread_id_of(config)
            phi = self._turn_phi(thread_id, runtime.context.actor)
            actor = self._actor(runtime.context)
            toolbox = TurnToolbox(
                catalog=self.s.router.catalog,
                assignment=assignment,
                phi=phi,
                records=self.s.records if actor is not None else None,
                actor=actor,
                boundaries=list(plan.boundaries),
                thread_id=thread_id,
            )
            plan = self.s.specialist.write(
                request=state["request"],
                assignment=assignment,
                floor=plan,
                passages=passages,
                toolbox=toolbox,
                redact=phi.redact,
                stream=_token_writer(),
                thread_id=thread_id,
            )
        dumped = plan.model_dump()
        return {"answer_kind": "plan", "plan": dumped, "last_plan": dumped}

    def _turn_phi(self, thread_id: str, author: str) -> TurnPhi:
        placeholders = self.s.placeholders.for_thread(thread_id)

        def show(value: str, kind: str) -> str:
            placeholder = placeholders.placeholder_for(kind, value)
            self.s.own_text.remember(thread_id, author, {placeholder: value})
            return placeholder

        return TurnPhi(
            redact=lambda text: self.s.guard.redact(text, placeholders).text,
            show=show,
            original=lambda ref: self.s.own_text.original(thread_id, author, ref),
        )

    def _actor(self, context: TurnContext) -> Actor | None:
        """The staff member behind the turn, for tool calls; None when unknown."""
        if self.s.records is None or context.staff_id is None:
            return None
        try:
            return actor_for(self.s.records, context.staff_id, context.channel)
        except ToolError:
            return None

    def respond(self, state: BatonState) -> dict[str, Any]:
        if state.get("answer_kind") == "records":
            topic = (state.get("records_answer") or {}).get("topic", "records")
            return {"turns": [{"role": "assistant", "text": f"answered: {topic}", "agent": None}]}
        if state.get("answer_kind") == "action":
            outcome = state.get("outcome") or {}
            summary = f"tool: {outcome.get('status', 'unknown')}"
            return {"turns": [{"role": "assistant", "text": summary, "agent": None}]}
        if state.get("answer_kind") == "clarify":
            summary = "asked which specialist: " + ", ".join(state.get("pending_options", []))
            agent = None
        else:
            assignment = state["assignment"] or {}
            agent = assignment.get("primary_agent")
            summary = f"handoff plan by {agent}"
        return {"turns": [{"role": "assistant", "text": summary, "agent": agent}]}


def _token_writer() -> Any:
    """The graph's custom stream writer (a no-op unless someone streams the run)."""
    try:
        return get_stream_writer()
    except RuntimeError:  # called outside a graph run
        return None
