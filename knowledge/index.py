"""The Chroma index: agent profiles for routing, organization documents for citations.

Two collections live side by side, in a local directory by default
(``PersistentClient``) or on a Chroma server (``HttpClient``) when several
workers share one index. Every call passes our own embedding function: Chroma's
default one would try to download a model, which these machines cannot do.

A local directory may be open in several processes at once (``baton serve`` and
``baton knowledge add``, several workers): ``open_index`` gives the index the
directory's lock and generation stamp (``knowledge.index_sharing``), so every read sees
the last write and no read meets a half-done one.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.config import Settings

from knowledge.catalog import Catalog
from knowledge.embedder import EMBEDDING_DIM, MODEL_NAME, SentenceEmbedder
from knowledge.index_sharing import SharedIndexDirectory
from knowledge.onnx_embedder import OnnxMiniLMEmbedder

PROFILES_COLLECTION = "baton_agent_profiles"
DOCUMENTS_COLLECTION = "baton_documents"
CORRECTIONS_COLLECTION = "baton_routing_corrections"


class BatonEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapts the local MiniLM encoder to Chroma's embedding-function protocol."""

    def __init__(self, embedder: SentenceEmbedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return [row for row in self._embedder.embed(list(input))]

    @staticmethod
    def name() -> str:
        return "baton-minilm-l6"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> BatonEmbeddingFunction:
        return BatonEmbeddingFunction(OnnxMiniLMEmbedder())

    def default_space(self) -> Space:
        return "cosine"


def open_chroma(path: Path | None = None, url: str | None = None) -> ClientAPI:
    """A Chroma server when ``url`` is given, else a directory on this machine."""
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        if not parsed.hostname:
            raise ValueError(f"BATON_CHROMA_URL {url!r} has no host")
        return chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    if path is None:
        raise ValueError("either a Chroma directory or a Chroma server URL is needed")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


@dataclass(frozen=True)
class ProfileVectors:
    """Every profile passage as one row of a matrix, for fast in-process routing."""

    matrix: np.ndarray  # (n, 384) unit vectors
    agents: tuple[str, ...]  # agent slug of each row
    kinds: tuple[str, ...]  # summary | primary_for | example


@dataclass(frozen=True)
class Passage:
    """A cited piece of an organization document."""

    source: str
    section: str
    text: str
    score: float


@dataclass(frozen=True)
class DocumentChunk:
    section: str
    text: str


@dataclass(frozen=True)
class IngestResult:
    source: str
    chunks: int
    status: str  # added | replaced | unchanged


def _profile_passages(catalog: Catalog) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for slug, profile in sorted(catalog.agents.items()):
        rows.append((slug, "summary", f"{profile.display_name}: {profile.summary}"))
        rows.extend((slug, "primary_for", item) for item in profile.primary_for)
        rows.extend((slug, "example", item) for item in profile.typical_requests)
        rows.extend((slug, "example", item) for item in catalog.examples.get(slug, ()))
    return rows


def catalog_fingerprint(catalog: Catalog) -> str:
    payload = json.dumps(_profile_passages(catalog), sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:16]


def open_index(
    embedder: SentenceEmbedder,
    *,
    path: Path | None = None,
    url: str | None = None,
    vector_cache: Path | None = None,
) -> KnowledgeIndex:
    """The index on a Chroma server (``url``), or in a directory shared with the other
    processes that open it (see ``knowledge.index_sharing``)."""
    if url:
        return KnowledgeIndex(open_chroma(url=url), embedder, vector_cache)
    if path is None:
        raise ValueError("either a Chroma directory or a Chroma server URL is needed")
    shared = SharedIndexDirectory(path)
    with shared.exclusive():  # opening migrates a new directory: a write
        client = open_chroma(path=path)
    return KnowledgeIndex(
        client, embedder, vector_cache, reopen=lambda: open_chroma(path=path), shared=shared
    )


class KnowledgeIndex:
    def __init__(
        self,
        client: ClientAPI,
        embedder: SentenceEmbedder,
        vector_cache: Path | None = None,
        *,
        reopen: Callable[[], ClientAPI] | None = None,
        shared: SharedIndexDirectory | None = None,
    ) -> None:
        self._client = client
        self._embedder = embedder
        self._function = BatonEmbeddingFunction(embedder)
        # Profile vectors depend only on the catalog and the model: computed once per
        # machine, not once per data directory (a fresh index would take minutes to embed).
        self._vector_cache = vector_cache
        self._reopen = reopen
        self._shared = shared
        self._generation = shared.generation() if shared else ""
        self._documents_collection: Any = None
        # Concurrent first requests would each pay the lookup; one does, the rest wait.
        self._documents_lock = threading.Lock()

    # -- one directory, several processes ---------------------------------

    def _refresh(self) -> None:
        """Reopen the client when another process wrote since it was opened (call with
        the directory's exclusive lock held: nobody uses the old client meanwhile)."""
        assert self._shared is not None and self._reopen is not None
        generation = self._shared.generation()
        if generation != self._generation:
            close = getattr(self._client, "close", None)
            if close is not None:
                close()  # drops Chroma's cached state for the directory
            self._client = self._reopen()
            self._documents_collection = None  # a handle of the closed client
            self._generation = generation

    @contextmanager
    def _reading(self) -> Iterator[None]:
        if self._shared is None:
            yield
            return
        with self._shared.shared():
            current = self._shared.generation() == self._generation
            if current:
                yield
        if current:
            return
        with self._shared.exclusive():
            self._refresh()
        with self._shared.shared():
            yield  # a write landing between the two locks is seen by the next read

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._shared is None:
            yield
            return
        with self._shared.exclusive():
            self._refresh()
            try:
                yield
            finally:  # also after a failed write: what is on disk may have changed
                self._generation = self._shared.stamp()

    def _collection(self, name: str, metadata: dict[str, Any] | None = None) -> Any:
        return self._client.get_or_create_collection(
            name=name,
            # Chroma asks for a function over documents or images; ours embeds documents only.
            embedding_function=self._function,  # type: ignore[arg-type]
            metadata={"hnsw:space": "cosine", **(metadata or {})},
        )

    def _documents(self) -> Any:
        """The documents collection, looked up once: Chroma's get-or-create costs a few
        hundred milliseconds, more than the search a turn makes in it. Nothing deletes
        this collection, so the handle stays valid; its contents are read at each call."""
        collection = self._documents_collection
        if collection is None:
            with self._documents_lock:
                if self._documents_collection is None:
                    self._documents_collection = self._collection(DOCUMENTS_COLLECTION)
                collection = self._documents_collection
        return collection

    # -- agent profiles -------------------------------------------------

    def sync_profiles(self, catalog: Catalog) -> bool:
        """Re-embed the profiles when the catalog changed (and create the documents'
        collection, so readers never have to); returns True when it did."""
        fingerprint = catalog_fingerprint(catalog)
        with self._reading():
            if self._profiles_current(fingerprint):
                return False
        with self._writing():
            if self._profiles_current(fingerprint):  # another process did it meanwhile
                return False
            self._sync_profiles(catalog, fingerprint)
        return True

    def _profiles_current(self, fingerprint: str) -> bool:
        names = {getattr(c, "name", c) for c in self._client.list_collections()}
        if not {PROFILES_COLLECTION, DOCUMENTS_COLLECTION} <= names:
            return False
        collection = self._collection(PROFILES_COLLECTION)
        return (collection.metadata or {}).get("fingerprint") == fingerprint and bool(
            collection.count()
        )

    def _sync_profiles(self, catalog: Catalog, fingerprint: str) -> None:
        self._collection(DOCUMENTS_COLLECTION)
        self._collection(PROFILES_COLLECTION)
        self._client.delete_collection(PROFILES_COLLECTION)
        collection = self._collection(PROFILES_COLLECTION, {"fingerprint": fingerprint})
        rows = _profile_passages(catalog)
        texts = [text for _, _, text in rows]
        collection.add(
            ids=[f"{slug}:{kind}:{i}" for i, (slug, kind, _) in enumerate(rows)],
            documents=texts,
            embeddings=self._profile_embeddings(fingerprint, texts),
            metadatas=[{"agent": slug, "kind": kind} for slug, kind, _ in rows],
        )

    def _profile_embeddings(self, fingerprint: str, texts: list[str]) -> np.ndarray:
        if self._vector_cache is None:
            return self._embedder.embed(texts)
        path = self._vector_cache / f"profiles-{fingerprint}-{self._embedder.fingerprint}.npy"
        if path.is_file():
            try:
                cached = np.load(path, allow_pickle=False)
            except (OSError, ValueError):
                cached = None
            if cached is not None and cached.shape == (len(texts), EMBEDDING_DIM):
                return cached
        vectors = self._embedder.embed(texts)
        try:  # a cache: failing to write it costs time next start, nothing else
            self._vector_cache.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("wb") as out:
                np.save(out, vectors, allow_pickle=False)
            partial.replace(path)
        except OSError:
            pass
        return vectors

    def profile_vectors(self) -> ProfileVectors:
        with self._reading():
            collection = self._collection(PROFILES_COLLECTION)
            got = collection.get(include=["embeddings", "metadatas"])
        metadatas = got["metadatas"] or []
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        return ProfileVectors(
            matrix=matrix,
            agents=tuple(str(m["agent"]) for m in metadatas),
            kinds=tuple(str(m["kind"]) for m in metadatas),
        )

    # -- accepted routing corrections ---------------------------------------

    def correction_vectors(self, examples: Sequence[tuple[str, str, str]]) -> ProfileVectors:
        """Vectors of labelled examples ``(id, agent, redacted text)``, in that order.

        Embedded once and kept in Chroma next to the profiles, so a restarted worker (or
        every worker sharing a Chroma server) embeds only what it has not seen; examples
        no longer given are dropped.
        """
        metadata = {"embedder": self._embedder.fingerprint}
        collection = self._collection(CORRECTIONS_COLLECTION)
        if (collection.metadata or {}).get("embedder") != self._embedder.fingerprint:
            self._client.delete_collection(CORRECTIONS_COLLECTION)
            collection = self._collection(CORRECTIONS_COLLECTION, metadata)
        wanted = {ident for ident, _, _ in examples}
        stored = collection.get(include=["embeddings"])
        found = stored["embeddings"] if stored["embeddings"] is not None else []
        vectors = {
            ident: np.asarray(vector, dtype=np.float32)
            for ident, vector in zip(stored["ids"], found, strict=True)
        }
        missing = [(i, a, t) for i, a, t in examples if i not in vectors]
        if missing:
            embedded = self._embedder.embed([text for _, _, text in missing])
            collection.upsert(
                ids=[ident for ident, _, _ in missing],
                embeddings=embedded,
                metadatas=[{"agent": agent, "kind": "correction"} for _, agent, _ in missing],
            )
            vectors.update(
                {ident: row for (ident, _, _), row in zip(missing, embedded, strict=True)}
            )
        stale = [ident for ident in vectors if ident not in wanted]
        if stale:
            collection.delete(ids=stale)
        matrix = (
            np.stack([vectors[ident] for ident, _, _ in examples]).astype(np.float32)
            if examples
            else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        )
        return ProfileVectors(
            matrix=matrix,
            agents=tuple(agent for _, agent, _ in examples),
            kinds=tuple("correction" for _ in examples),
        )

    # -- organization documents ------------------------------------------

    def replace_document(
        self, source: str, content_hash: str, chunks: Sequence[DocumentChunk]
    ) -> IngestResult:
        """Store a document's chunks, replacing whatever an earlier version left."""
        with self._writing():
            return self._replace_document(source, content_hash, chunks)

    def _replace_document(
        self, source: str, content_hash: str, chunks: Sequence[DocumentChunk]
    ) -> IngestResult:
        collection = self._documents()
        existing = collection.get(where={"source": source}, include=["metadatas"])
        old_ids = existing["ids"]
        old_hashes = {str(m.get("content_hash")) for m in existing["metadatas"] or []}
        if old_ids and old_hashes == {content_hash}:
            return IngestResult(source=source, chunks=len(old_ids), status="unchanged")
        texts = [f"{chunk.section}\n{chunk.text}" for chunk in chunks]
        embeddings = self._embedder.embed(texts)
        # Chroma has no multi-statement transaction; write the new version under new
        # ids first and only then drop the old ones, so a failure leaves the old intact.
        new_ids = [f"{content_hash}:{i}:{source}" for i in range(len(chunks))]
        if chunks:
            collection.upsert(
                ids=new_ids,
                documents=[chunk.text for chunk in chunks],
                embeddings=embeddings,
                metadatas=[
                    {"source": source, "section": chunk.section, "content_hash": content_hash}
                    for chunk in chunks
                ],
            )
        stale = [i for i in old_ids if i not in set(new_ids)]
        if stale:
            collection.delete(ids=stale)
        return IngestResult(
            source=source, chunks=len(chunks), status="replaced" if old_ids else "added"
        )

    def remove_document(self, source: str) -> int:
        with self._writing():
            collection = self._documents()
            ids = collection.get(where={"source": source})["ids"]
            if ids:
                collection.delete(ids=ids)
        return len(ids)

    def documents(self) -> dict[str, int]:
        """Each stored source with its number of chunks."""
        with self._reading():
            collection = self._documents()
            metadatas = collection.get(include=["metadatas"])["metadatas"] or []
        counts: dict[str, int] = {}
        for metadata in metadatas:
            source = str(metadata["source"])
            counts[source] = counts.get(source, 0) + 1
        return counts

    def search_documents(
        self, query_vector: np.ndarray, limit: int = 3, min_score: float = 0.3
    ) -> list[Passage]:
        with self._reading():
            collection = self._documents()
            count = collection.count()
            if count == 0:
                return []
            found = collection.query(
                query_embeddings=[query_vector],
                n_results=min(limit, count),
                include=["documents", "metadatas", "distances"],
            )
        passages: list[Passage] = []
        for text, metadata, distance in zip(
            found["documents"][0], found["metadatas"][0], found["distances"][0], strict=True
        ):
            score = 1.0 - float(distance)
            if score >= min_score:
                passages.append(
                    Passage(
                        source=str(metadata["source"]),
                        section=str(metadata["section"]),
                        text=text,
                        score=round(score, 3),
                    )
                )
        return passages

    def healthy(self) -> bool:
        """Whether a search would work: a query that loads each collection's vectors, as a
        chat turn's search does (a heartbeat answered while every search failed)."""
        probe: np.ndarray = np.zeros(EMBEDDING_DIM, dtype=np.float32)
        probe[0] = 1.0
        try:
            with self._reading():
                for name in (PROFILES_COLLECTION, DOCUMENTS_COLLECTION):
                    collection = self._client.get_collection(
                        name,
                        embedding_function=self._function,  # type: ignore[arg-type]
                    )
                    if collection.count():
                        collection.query(
                            query_embeddings=[probe], n_results=1, include=["distances"]
                        )
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False
        return True
