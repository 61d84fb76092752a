"""The collaborators a turn needs, built once per process and shared by all threads."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from agents.composer import OfflineComposer
from graph.model.router import ModelRouter
from graph.model.specialist import ModelSpecialist
from graph.model.usage import UsageLedger
from graph.router import Router
from knowledge.embedder import SentenceEmbedder
from knowledge.index import KnowledgeIndex
from tools.context import ToolContext
from tools.phi.guard import PhiGuard, PlaceholderMap
from tools.phi.reveal import OwnTextVault

MAX_THREADS_IN_MEMORY = 1024


@dataclass
class PlaceholderMaps:
    """Per-thread placeholder maps, so <PERSON_1> names the same person all thread long.

    Kept in this process's memory only, never persisted: the mapping from
    placeholder back to the real value is PHI itself. After a restart a thread
    starts numbering again, which costs consistency across the restart, not privacy.
    """

    _maps: OrderedDict[str, PlaceholderMap] = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def for_thread(self, thread_id: str) -> PlaceholderMap:
        with self._lock:
            found = self._maps.pop(thread_id, None) or PlaceholderMap()
            self._maps[thread_id] = found
            while len(self._maps) > MAX_THREADS_IN_MEMORY:
                self._maps.popitem(last=False)
            return found


@dataclass
class TurnServices:
    guard: PhiGuard
    embedder: SentenceEmbedder
    index: KnowledgeIndex
    router: Router
    composer: OfflineComposer
    placeholders: PlaceholderMaps = field(default_factory=PlaceholderMaps)
    own_text: OwnTextVault = field(default_factory=OwnTextVault)
    records: ToolContext | None = None  # the system of record, for coordinator commands
    # Chat-model mode (graph/model); None offline, where the router and composer above
    # do all the work.
    model_router: ModelRouter | None = None
    specialist: ModelSpecialist | None = None
    usage: UsageLedger = field(default_factory=UsageLedger)
