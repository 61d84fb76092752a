"""Baton's application core: one object every surface talks to.

It owns the long-lived pieces (PHI guard, embedder, index, router, compiled
graph with its checkpointer) and exposes the operations the surfaces need:
redact, route, run a turn, ingest documents. Surfaces pass plain values in and
get typed values out; they never reach into the graph's internals.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from agents.assignment import Assignment
from agents.composer import OfflineComposer
from agents.plan import ClarifyingQuestion, HandoffPlan
from graph.build import build_turn_graph
from graph.handoffs import BoundaryNotOpened, track_boundaries
from graph.outcomes import ActionOutcome, ConfirmationRequest
from graph.router import Router
from graph.services import TurnServices
from graph.state import TurnContext
from knowledge.catalog import Catalog, default_catalog
from knowledge.documents import read_document
from knowledge.embedder import MiniLMEmbedder
from knowledge.index import IngestResult, KnowledgeIndex, open_chroma
from tools.access import Actor
from tools.context import ToolContext
from tools.decisions.service import (
    DecisionView,
    answer_decision,
    decisions_awaiting_resume,
    get_decision,
    mark_thread_resumed,
)
from tools.errors import ToolError
from tools.handoffs.records import HandoffView
from tools.phi.guard import PhiGuard, Redaction
from tools.staff import actor_for, staff_names


@dataclass(frozen=True)
class RoutedRequest:
    redaction: Redaction
    assignment: Assignment


@dataclass(frozen=True)
class TurnResult:
    thread_id: str
    request: str  # redacted
    phi_detected: bool
    assignment: Assignment | None  # None for a coordinator command (no routing)
    plan: HandoffPlan | None
    clarification: ClarifyingQuestion | None
    # A coordinator command: either waiting for yes/no, or done (or refused).
    confirmation: ConfirmationRequest | None = None
    action: ActionOutcome | None = None
    notice: str | None = None  # e.g. "the earlier request to log time was cancelled"
    decision_note: str | None = None  # where a final decision went, or why it could not go


@dataclass(frozen=True)
class EngineConfig:
    data_dir: Path
    chroma_url: str | None = None
    checkpoint_url: str | None = None  # postgresql://... ; SQLite file under data_dir if None
    phi_model_dir: Path | None = None
    cache_dir: Path | None = None  # derived data shared by data directories (profile vectors)


def _open_checkpointer(config: EngineConfig, stack: ExitStack) -> BaseCheckpointSaver:
    if config.checkpoint_url and config.checkpoint_url.startswith("postgres"):
        from langgraph.checkpoint.postgres import PostgresSaver

        saver = stack.enter_context(PostgresSaver.from_conn_string(config.checkpoint_url))
        saver.setup()
        return saver
    path = config.data_dir / "checkpoints.sqlite"
    conn = sqlite3.connect(str(path), check_same_thread=False)
    stack.callback(conn.close)
    return SqliteSaver(conn)


class BatonEngine:
    def __init__(
        self,
        config: EngineConfig,
        catalog: Catalog | None = None,
        guard: PhiGuard | None = None,
        records: ToolContext | None = None,
    ) -> None:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.catalog = catalog or default_catalog()
        self._stack = ExitStack()
        self.guard = guard or PhiGuard(config.phi_model_dir)
        self.embedder = MiniLMEmbedder()
        client = open_chroma(path=config.data_dir / "chroma", url=config.chroma_url)
        self.index = KnowledgeIndex(
            client, self.embedder, vector_cache=config.cache_dir or config.data_dir / "cache"
        )
        self.index.sync_profiles(self.catalog)
        self.router = Router(self.catalog, self.embedder, self.index.profile_vectors())
        self.composer = OfflineComposer(self.catalog)
        self.services = TurnServices(
            guard=self.guard,
            embedder=self.embedder,
            index=self.index,
            router=self.router,
            composer=self.composer,
            records=records,
        )
        self.graph = build_turn_graph(self.services, _open_checkpointer(config, self._stack))

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> BatonEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- operations ------------------------------------------------------

    def redact(self, text: str) -> Redaction:
        return self.guard.redact(text)

    def route(self, text: str) -> RoutedRequest:
        """Redact, then route the redacted text (the router never sees raw PHI)."""
        redaction = self.guard.redact(text)
        return RoutedRequest(redaction=redaction, assignment=self.router.route(redaction.text))

    def ask(
        self,
        text: str,
        thread_id: str | None = None,
        actor: str = "anonymous",
        channel: str = "cli",
        staff_id: int | None = None,
    ) -> TurnResult:
        """One turn. If the thread is waiting for a yes/no, ``text`` answers it; an
        answer that is neither cancels the pending write and is handled as a new request.
        """
        events = self.ask_stream(text, thread_id, actor=actor, channel=channel, staff_id=staff_id)
        return _final_result(events)

    def ask_stream(
        self,
        text: str,
        thread_id: str | None = None,
        actor: str = "anonymous",
        channel: str = "cli",
        staff_id: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The same turn as ``ask``, as events while it runs.

        Yields ``{"event": "status", "node": NAME}`` as each graph node finishes,
        ``{"event": "token", "text": ...}`` for every piece of text a node streams
        (a node emits ``{"type": "token", "text": ...}`` through LangGraph's stream
        writer), and finally ``{"event": "result", "result": TurnResult}``. Texts carry
        placeholders, never the values they replace.
        """
        thread_id = thread_id or uuid.uuid4().hex
        config: Any = {"configurable": {"thread_id": thread_id}}
        context = TurnContext(text=text, actor=actor, channel=channel, staff_id=staff_id)
        notice = None
        pending = self.graph.get_state(config).interrupts
        if pending and pending[0].value.get("kind") == "decision":
            decided = self.resume_decision(thread_id)
            if decided is None:
                waiting = pending[0].value
                yield {"event": "result", "result": self._waiting(thread_id, config, waiting)}
                return
            notice = decided.action.message if decided.action else None
        elif pending:
            # The reply is checkpointed as the resume value: redact it like any request.
            placeholders = self.services.placeholders.for_thread(thread_id)
            reply = self.guard.redact(text, placeholders).text
            yield from self._run(Command(resume=reply), config, context)
            state = self.graph.get_state(config).values
            if not state.get("unrelated_reply"):
                yield {"event": "result", "result": self._result(thread_id, config, state)}
                return
            notice = "The pending request to log time was cancelled; nothing was logged."
        yield from self._run({"channel": channel}, config, context)
        state = self.graph.get_state(config).values
        yield {"event": "result", "result": self._result(thread_id, config, state, notice)}

    def _run(self, graph_input: Any, config: Any, context: TurnContext) -> Iterator[dict[str, Any]]:
        """Run the graph to its end or its next interrupt, relaying progress as events."""
        for mode, chunk in self.graph.stream(
            graph_input, config, context=context, stream_mode=["updates", "custom"]
        ):
            if mode == "custom":
                if isinstance(chunk, dict) and chunk.get("type") == "token":
                    yield {"event": "token", "text": str(chunk.get("text", ""))}
            elif isinstance(chunk, dict):
                for node in chunk:
                    if not node.startswith("__"):  # "__interrupt__" is not a node
                        yield {"event": "status", "node": node}

    def thread_result(self, thread_id: str) -> TurnResult | None:
        """The thread's latest answer as it stands now (None for an unknown thread), e.g.
        to show the asker the outcome once a decision it waited for has been answered."""
        config: Any = {"configurable": {"thread_id": thread_id}}
        state = self.graph.get_state(config).values
        if not state.get("request"):
            return None
        return self._result(thread_id, config, state)

    def waiting_decision(self, thread_id: str) -> int | None:
        """The decision request the thread is paused for, if any."""
        config: Any = {"configurable": {"thread_id": thread_id}}
        pending = self.graph.get_state(config).interrupts
        if pending and pending[0].value.get("kind") == "decision":
            return int(pending[0].value["id"])
        return None

    def resume_decision(self, thread_id: str) -> TurnResult | None:
        """Resume a thread waiting for a decision once its owner has answered.

        Reads the answer from the store (``tools.decisions``); None while it is still
        open. Surfaces call this after an answer, and ``ask`` calls it when the asker
        writes again in the waiting thread.
        """
        config: Any = {"configurable": {"thread_id": thread_id}}
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
        context = TurnContext(text="", actor="system", channel="job")
        state = self.graph.invoke(Command(resume=answer), config, context=context)
        mark_thread_resumed(records, view.id)
        return self._result(thread_id, config, state)

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
        its asker sees the outcome. The comment passes the PHI guard before it is stored."""
        records = self._records()
        actor = actor_for(records, staff_id, channel)
        safe_comment = self.guard.redact(comment).text if comment.strip() else ""
        view = answer_decision(
            records, actor, decision_id, answer, comment=safe_comment, edited=edited
        )
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

    def _waiting(self, thread_id: str, config: Any, waiting: dict[str, Any]) -> TurnResult:
        state = self.graph.get_state(config).values
        notice = (
            f"This conversation is waiting for decision request #{waiting['id']} by the "
            f"{waiting['owner_role']}; start a new conversation for other work."
        )
        return self._result(thread_id, config, state, notice)

    def _result(
        self, thread_id: str, config: Any, state: dict[str, Any], notice: str | None = None
    ) -> TurnResult:
        interrupts = self.graph.get_state(config).interrupts
        waiting_kind = interrupts[0].value.get("kind") if interrupts else None
        pending = waiting_kind == "confirm"  # a write waits for yes/no: show only that
        confirmation = (
            ConfirmationRequest.model_validate(
                {k: v for k, v in interrupts[0].value.items() if k != "kind"}
            )
            if pending
            else None
        )
        answer_kind = state.get("answer_kind")
        plan = state.get("plan") if answer_kind == "plan" else None
        question = state.get("clarification") if answer_kind == "clarify" else None
        decided = answer_kind == "plan" and state.get("decided")
        outcome = (
            state.get("outcome") if (answer_kind == "action" or decided) and not pending else None
        )
        assignment = state.get("assignment")
        return TurnResult(
            thread_id=thread_id,
            request=state["request"],
            phi_detected=bool(state.get("phi_detected")),
            assignment=Assignment.model_validate(assignment) if assignment else None,
            plan=HandoffPlan.model_validate(plan) if plan and not pending else None,
            clarification=(
                ClarifyingQuestion.model_validate(question) if question and not pending else None
            ),
            confirmation=confirmation,
            action=ActionOutcome.model_validate(outcome) if outcome else None,
            notice=notice,
            decision_note=state.get("decision_note"),
        )

    def reveal(self, thread_id: str, viewer: str, text: str) -> str:
        """``text`` with the placeholders ``viewer`` typed in ``thread_id`` put back.

        For showing an answer to the person who asked, on a surface only they see;
        anyone else gets the placeholders.
        """
        return self.services.own_text.reveal(thread_id, viewer, text)

    def add_documents(self, paths: Iterable[Path]) -> list[IngestResult]:
        """Ingest organization documents; every chunk is redacted before it is embedded."""
        results = []
        for path in paths:
            document = read_document(path, lambda text: self.guard.redact(text).text)
            results.append(
                self.index.replace_document(document.source, document.content_hash, document.chunks)
            )
        return results


def _final_result(events: Iterator[dict[str, Any]]) -> TurnResult:
    for event in events:
        if event["event"] == "result":
            return event["result"]
    raise RuntimeError("a turn ended without a result")
