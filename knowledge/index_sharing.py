"""Several processes on one Chroma directory: a file lock and a generation stamp.

Chroma's ``PersistentClient`` keeps what it loaded of an index in memory and does not
notice another process writing the same directory: after ``baton knowledge add`` ran
beside ``baton serve``, every search in the server failed ("Error creating hnsw segment
reader: Nothing found on disk") until it restarted, and a server that had loaded the
index before saw stale passages. So every process that opens the directory follows one
protocol:

- a writer holds the directory's lock exclusively while it writes, then stamps a new
  generation (whatever it wrote, or half wrote before failing);
- a reader holds the lock shared while it reads, and first compares the stamp with the
  one its client was opened at; when they differ it reopens its client (under the
  exclusive lock, so no reader of its own process is using the old client and no writer
  is half-way), and so sees the new documents.

This was chosen over ingesting through the server's API because the index directory
is shared by processes the server does not own (every ``baton`` command that loads the
engine, each worker of ``baton serve --workers N``); a lock on the directory covers them
all, and a running server needs nothing but the file system. ``flock`` locks belong to
an open file, so threads of one process exclude each other as processes do. With a
Chroma server (``BATON_CHROMA_URL``) none of this is needed: the server serializes its
clients.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

LOCK_FILE = ".baton-index.lock"
GENERATION_FILE = ".baton-index.generation"


class SharedIndexDirectory:
    """The lock and the generation stamp of one index directory."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = directory / LOCK_FILE
        self._stamp = directory / GENERATION_FILE

    @contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        descriptor = os.open(self._lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, mode)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    def shared(self) -> AbstractContextManager[None]:
        """Held while reading: no writer writes meanwhile."""
        return self._locked(fcntl.LOCK_SH)

    def exclusive(self) -> AbstractContextManager[None]:
        """Held while writing or reopening: nobody else reads or writes meanwhile."""
        return self._locked(fcntl.LOCK_EX)

    def generation(self) -> str:
        """The stamp of the last write ("" before any)."""
        try:
            return self._stamp.read_text(encoding="ascii")
        except FileNotFoundError:
            return ""

    def stamp(self) -> str:
        """A new generation, written atomically (call it holding ``exclusive``)."""
        generation = uuid.uuid4().hex
        partial = self._stamp.with_name(f"{GENERATION_FILE}.{os.getpid()}.tmp")
        partial.write_text(generation, encoding="ascii")
        partial.replace(self._stamp)
        return generation
