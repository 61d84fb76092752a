"""Baton's application core: one object every surface talks to.

It owns the long-lived pieces (PHI guard, embedder, index, router, compiled
graph with its checkpointer) and exposes the operations the surfaces need:
redact, route, run a turn, ingest documents. Surfaces pass plain values in and
get typed values out; they never reach into the graph's internals.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command, StateSnapshot

from agents.assignment import Assignment
from agents.composer import OfflineComposer
from agents.pack import load_agent_pack
from graph.build import build_turn_graph
from graph.corrections import StoredCorrections
from graph.feedback import answer_key
from graph.imperatives import leading_imperative
from graph.model.config import OFFLINE, ModelConfig
from graph.model.router import ModelRouter
from graph.model.specialist import ModelSpecialist
from graph.model.usage import RoleTotals, UsageLedger
from graph.owner_answers import DecisionOperations
from graph.results import RoutedRequest, TurnResult, turn_result
from graph.router import Router
from graph.services import TurnServices
from graph.state import TurnContext
from graph.thread_answers import (
    ThreadAnswer,
    aside_thread_id,
    checkpoint_id,
    still_waiting_notice,
    thread_answers,
)
from knowledge.catalog import Catalog, default_catalog
from knowledge.documents import read_document
from knowledge.index import IngestResult, open_index
from knowledge.onnx_embedder import OnnxMiniLMEmbedder
from tools.context import ToolContext
from tools.phi.guard import PhiGuard, Redaction

log = logging.getLogger("baton.engine")
# How far back a folded answer's "show the full plan" looks in its conversation (turns
# checkpoint once each, when they end or pause).
PLAN_LOOKBACK = 100
# A staff request with a (fictional) name and an order in it, so warming up runs every
# recognizer, the encoder, the router and the imperative tagger once.
WARM_UP_TEXT = "Please send Ana Example's discharge summary to her PCP and book a follow-up"


@dataclass(frozen=True)
class EngineConfig:
    data_dir: Path
    chroma_url: str | None = None
    checkpoint_url: str | None = None  # postgresql://... ; SQLite file under data_dir if None
    cache_dir: Path | None = None  # derived data shared by data directories (profile vectors)
    model: ModelConfig = OFFLINE  # no API key: offline mode


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


class BatonEngine(DecisionOperations):
    def __init__(
        self,
        config: EngineConfig,
        catalog: Catalog | None = None,
        guard: PhiGuard | None = None,
        records: ToolContext | None = None,
        corrections: ToolContext | None = None,
    ) -> None:
        """``corrections``: the store whose accepted routing corrections the router uses
        (``records`` when not given; none without either)."""
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.catalog = catalog or default_catalog()
        # Checked before the slow start-up work: a bad agent-pack file fails at once.
        model = config.model
        prompts_dir = model.agent_prompts_dir if model.enabled else None
        pack = load_agent_pack(prompts_dir, self.catalog.agents)
        self._stack = ExitStack()
        self.guard = guard or PhiGuard()
        self.embedder = OnnxMiniLMEmbedder()
        self.index = open_index(
            self.embedder,
            path=config.data_dir / "chroma",
            url=config.chroma_url,
            vector_cache=config.cache_dir or config.data_dir / "cache",
        )
        self.index.sync_profiles(self.catalog)
        store = corrections or records
        self.router = Router(
            self.catalog,
            self.embedder,
            self.index.profile_vectors(),
            corrections=StoredCorrections(store, self.index, self.catalog.agents)
            if store
            else None,
        )
        self.composer = OfflineComposer(self.catalog)
        self.usage = UsageLedger(records)
        self.model_router = ModelRouter(self.router, model, self.usage) if model.enabled else None
        specialist = None
        if model.enabled:
            specialist = ModelSpecialist(self.catalog, self.composer, model, self.usage, pack)
        self.services = TurnServices(
            guard=self.guard,
            embedder=self.embedder,
            index=self.index,
            router=self.router,
            composer=self.composer,
            records=records,
            model_router=self.model_router,
            specialist=specialist,
            usage=self.usage,
        )
        log.info("mode: %s", model.describe())
        self._checkpointer = _open_checkpointer(config, self._stack)
        self.graph = build_turn_graph(self.services, self._checkpointer)

    @property
    def mode(self) -> str:
        """Offline, or which chat model at which URL: stated once at start-up."""
        return self.config.model.describe()

    def close(self) -> None:
        self._stack.close()

    def warm_up(self) -> None:
        """Load now what the first requests would otherwise load on their way: the
        imperative tagger (a second spaCy pipeline), the index's documents collection,
        the encoder's and the recognizers' first-run set-up. On a served worker these took
        about 1 s of the first route and 2 s of the first turn, paid by whoever asked first
        (and by every request queued behind it). Writes nothing: no turn is run, so no
        conversation is checkpointed."""
        redaction = self.guard.redact(WARM_UP_TEXT)
        self.router.route(redaction.text)
        self.index.search_documents(self.embedder.embed([redaction.text])[0])
        leading_imperative(redaction.text)

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
        router = self.model_router or self.router
        return RoutedRequest(redaction=redaction, assignment=router.route(redaction.text))

    def route_redacted(self, redacted_text: str, *, with_model: bool = False) -> Assignment:
        """Route text that has already passed the guard, offline or (``with_model``) with
        the chat model, e.g. to compare the two routers on the same labelled requests."""
        if not with_model:
            return self.router.route(redacted_text)
        if self.model_router is None:
            raise RuntimeError("no chat model is configured")
        return self.model_router.route(redacted_text)

    def model_usage(self, role: str) -> RoleTotals:
        """Calls, tokens and fallbacks of the chat model in ``role`` since start-up."""
        return self.usage.totals(role)

    @property
    def records(self) -> ToolContext | None:
        """The system of record the engine's turns act on (None: routing and plans only)."""
        return self.services.records

    def index_healthy(self) -> bool:
        """Whether a search of the knowledge index works (for readiness checks)."""
        return self.index.healthy()

    def documents(self) -> dict[str, int]:
        """The organization's documents in the index, each with its number of chunks."""
        return self.index.documents()

    def remove_document(self, source: str) -> int:
        """Remove a document's chunks from the index; how many were removed (0: unknown)."""
        return self.index.remove_document(source)

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
            # None: still open, or a live view resumed it a moment ago (then it is answered
            # as usual, and the outcome was told as its own answer).
            if decided is None and self.waiting_decision(thread_id) is not None:
                yield from self._aside(text, thread_id, pending[0].value, actor, channel, staff_id)
                return
            notice = decided.action.message if decided and decided.action else None
        elif pending:
            # The reply is checkpointed as the resume value: redact it like any request.
            placeholders = self.services.placeholders.for_thread(thread_id)
            reply = self.guard.redact(text, placeholders).text
            yield from self._run(Command(resume=reply), config, context)
            snapshot = self.graph.get_state(config)
            if not snapshot.values.get("unrelated_reply"):
                yield {"event": "result", "result": self._result(thread_id, snapshot)}
                return
            notice = "The pending request to log time was cancelled; nothing was logged."
        yield from self._run({"channel": channel}, config, context)
        # One checkpoint read for the state and its interrupts (each read loads and
        # deserializes the whole checkpoint).
        snapshot = self.graph.get_state(config)
        yield {"event": "result", "result": self._result(thread_id, snapshot, notice)}

    def _run(self, graph_input: Any, config: Any, context: TurnContext) -> Iterator[dict[str, Any]]:
        """Run the graph to its end or its next interrupt, relaying progress as events."""
        # Checkpointed when the run ends or pauses, not after every node: a turn is
        # redone whole, never resumed half-way, so the per-node writes bought nothing.
        for mode, chunk in self.graph.stream(
            graph_input,
            config,
            context=context,
            stream_mode=["updates", "custom"],
            durability="exit",
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
        snapshot = self.graph.get_state(config)
        if not snapshot.values.get("request"):
            return None
        return self._result(thread_id, snapshot)

    def answers(self, thread_id: str) -> list[ThreadAnswer]:
        """Every answer of the thread, with those given beside its pause, oldest first."""
        return thread_answers(self.graph, thread_id)

    def answers_head(self, thread_id: str) -> tuple[str | None, str | None]:
        """The latest checkpoint ids of the thread and of its side conversation: when
        neither has changed, neither has a new answer (one read each, no history)."""
        heads = []
        for thread in (thread_id, aside_thread_id(thread_id)):
            config: Any = {"configurable": {"thread_id": thread}}
            saved = self._checkpointer.get_tuple(config)
            heads.append(saved.config["configurable"].get("checkpoint_id") if saved else None)
        return heads[0], heads[1]

    def answered_plan(self, thread_id: str, answer: str) -> TurnResult | None:
        """The answer with a plan whose ``graph.feedback.answer_key`` is ``answer``, in
        ``thread_id`` or its side conversation, newest first (None: not found), so a plan
        shown folded can be unfolded after newer turns."""
        for thread in (thread_id, aside_thread_id(thread_id)):
            config: Any = {"configurable": {"thread_id": thread}}
            for snapshot in itertools.islice(self.graph.get_state_history(config), PLAN_LOOKBACK):
                if not snapshot.values.get("request"):
                    continue
                result = turn_result(thread, snapshot.values, snapshot.interrupts)
                if result.plan is not None and answer_key(result) == answer:
                    return result
        return None

    def _aside(
        self,
        text: str,
        thread_id: str,
        waiting: dict[str, Any],
        actor: str,
        channel: str,
        staff_id: int | None,
    ) -> Iterator[dict[str, Any]]:
        """A turn in a conversation that waits for a decision: answered in the thread's side
        conversation (its own memory and confirmations), so the pause stays intact and the
        outcome is told in this thread once the owner answers."""
        aside = aside_thread_id(thread_id)
        for event in self.ask_stream(text, aside, actor=actor, channel=channel, staff_id=staff_id):
            if event["event"] == "result":
                result: TurnResult = event["result"]
                still = still_waiting_notice(waiting)
                notice = f"{result.notice} {still}" if result.notice else still
                event = {"event": "result", "result": replace(result, notice=notice)}
            yield event

    def _result(
        self, thread_id: str, snapshot: StateSnapshot, notice: str | None = None
    ) -> TurnResult:
        answer_id = checkpoint_id(snapshot)
        return turn_result(thread_id, snapshot.values, snapshot.interrupts, notice, answer_id)

    def reveal(self, thread_id: str, viewer: str, text: str) -> str:
        """``text`` with the placeholders ``viewer`` typed in ``thread_id`` put back.

        For showing an answer to the person who asked, on a surface only they see;
        anyone else gets the placeholders.
        """
        return self.services.own_text.reveal(thread_id, viewer, text)

    def redact_in_thread(self, thread_id: str, text: str) -> str:
        """``text`` through the PHI guard with ``thread_id``'s placeholder numbering.

        For a chat model's words shown while they stream: the model saw only
        placeholders, but its answer passes the guard before it is stored, and what a
        surface shows of it on the way gets the same treatment (the same value keeps the
        same placeholder as in the stored answer).
        """
        return self.guard.redact(text, self.services.placeholders.for_thread(thread_id)).text

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
