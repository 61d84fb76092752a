"""Accepted routing corrections as the router sees them: vectors per specialist.

The store is the source of truth; each worker keeps the vectors in memory and checks
the store's one-row version counter before routing (a primary-key read), reloading only
when it moved. So a correction accepted on any surface, by any worker, routes for
everyone from the next request on, and survives restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Protocol

import numpy as np

from knowledge.embedder import EMBEDDING_DIM, SentenceEmbedder
from knowledge.index import KnowledgeIndex
from tools.context import ToolContext
from tools.feedback.service import accepted_corrections, corrections_version

log = logging.getLogger("baton.corrections")


@dataclass(frozen=True)
class CorrectionVectors:
    """One unit vector per accepted correction, with the specialist it belongs to."""

    matrix: np.ndarray  # (n, 384)
    agents: tuple[str, ...]

    @classmethod
    def empty(cls) -> CorrectionVectors:
        return cls(np.zeros((0, EMBEDDING_DIM), dtype=np.float32), ())

    def __len__(self) -> int:
        return len(self.agents)


NO_CORRECTIONS = CorrectionVectors.empty()


class CorrectionSource(Protocol):
    def current(self) -> CorrectionVectors: ...


@dataclass(frozen=True)
class FixedCorrections:
    """A set of corrections that never changes (evaluations, tests)."""

    vectors: CorrectionVectors

    def current(self) -> CorrectionVectors:
        return self.vectors


def fixed_corrections(
    embedder: SentenceEmbedder, examples: Sequence[tuple[str, str]]
) -> FixedCorrections:
    """Corrections from ``(redacted text, agent)`` pairs, e.g. a file to evaluate with."""
    if not examples:
        return FixedCorrections(NO_CORRECTIONS)
    matrix = np.asarray(embedder.embed([text for text, _ in examples]), dtype=np.float32)
    return FixedCorrections(CorrectionVectors(matrix, tuple(agent for _, agent in examples)))


class StoredCorrections:
    """The store's accepted corrections, reloaded when its version counter moves."""

    def __init__(
        self, records: ToolContext, index: KnowledgeIndex, agents: Collection[str]
    ) -> None:
        self._records = records
        self._index = index
        self._agents = frozenset(agents)
        self._version: int | None = None
        self._vectors = NO_CORRECTIONS
        self._lock = Lock()

    def current(self) -> CorrectionVectors:
        try:
            if corrections_version(self._records) != self._version:
                self._reload()
        except Exception:  # noqa: BLE001 - routing goes on with what it last had
            log.warning("routing corrections could not be read; using the last ones loaded")
        return self._vectors

    def _reload(self) -> None:
        with self._lock:  # one thread embeds; the others wait for its result
            version, rows = accepted_corrections(self._records)
            if version == self._version:
                return
            # A specialist no longer in the catalog cannot be routed to.
            usable = [(str(r.id), r.agent, r.text) for r in rows if r.agent in self._agents]
            vectors = self._index.correction_vectors(usable)
            self._vectors = CorrectionVectors(vectors.matrix, vectors.agents)
            self._version = version
            log.info("routing corrections: %d accepted (version %d)", len(usable), version)
