"""Showing people their own words back: placeholders a person typed, revealed to them only.

Everything Baton stores, logs, checkpoints or sends carries placeholders. The person
who typed "Ana Ruiz" may still see "Ana Ruiz" in the answer they get; anyone else
(a supervisor reading the thread, a channel in Slack) sees ``<PERSON_1>``. A tool that
shows a person identifiers they are authorized for (their own patients' chart codes)
records them here for that person in the same way.

The values live in this process's memory only: never persisted, logged or sent
anywhere. They expire after ``idle_seconds`` without use and the oldest threads are
dropped beyond ``max_threads``. After a restart, or once expired, answers show
placeholders: that costs convenience, never privacy.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tools.phi.guard import PLACEHOLDER

DEFAULT_IDLE_SECONDS = 8 * 3600  # one shift
DEFAULT_MAX_THREADS = 1024


@dataclass
class _ThreadValues:
    touched: float
    # placeholder -> author -> the value that author typed
    values: dict[str, dict[str, str]] = field(default_factory=dict)


class OwnTextVault:
    """Per thread: which person typed which value behind each placeholder."""

    def __init__(
        self,
        idle_seconds: float = DEFAULT_IDLE_SECONDS,
        max_threads: int = DEFAULT_MAX_THREADS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if idle_seconds <= 0 or max_threads <= 0:
            raise ValueError("idle_seconds and max_threads must be positive")
        self._idle = idle_seconds
        self._max = max_threads
        self._now = monotonic
        self._threads: OrderedDict[str, _ThreadValues] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._now())
            return len(self._threads)

    def remember(self, thread_id: str, author: str, originals: Mapping[str, str]) -> None:
        """Record what ``author`` typed behind each placeholder of one redacted turn."""
        if not originals:
            return
        now = self._now()
        with self._lock:
            self._expire(now)
            entry = self._threads.pop(thread_id, None) or _ThreadValues(touched=now)
            entry.touched = now
            for placeholder, value in originals.items():
                entry.values.setdefault(placeholder, {})[author] = value
            self._threads[thread_id] = entry
            while len(self._threads) > self._max:
                self._threads.popitem(last=False)

    def reveal(self, thread_id: str, viewer: str, text: str) -> str:
        """``text`` with the placeholders ``viewer`` typed in this thread put back."""
        now = self._now()
        with self._lock:
            self._expire(now)
            entry = self._threads.get(thread_id)
            if entry is None:
                return text
            entry.touched = now
            self._threads.move_to_end(thread_id)
            values = entry.values

            def own(match) -> str:
                return values.get(match.group(0), {}).get(viewer, match.group(0))

            return PLACEHOLDER.sub(own, text)

    def original(self, thread_id: str, viewer: str, placeholder: str) -> str | None:
        """The value ``viewer`` typed (or was shown) behind ``placeholder``, if still held."""
        with self._lock:
            self._expire(self._now())
            entry = self._threads.get(thread_id)
            return None if entry is None else entry.values.get(placeholder, {}).get(viewer)

    def forget(self, thread_id: str) -> None:
        with self._lock:
            self._threads.pop(thread_id, None)

    def _expire(self, now: float) -> None:
        while self._threads:
            oldest_id, oldest = next(iter(self._threads.items()))
            if now - oldest.touched < self._idle:
                break
            del self._threads[oldest_id]
