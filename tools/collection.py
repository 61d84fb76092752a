"""Automatic garbage collection held off while a call builds many objects it returns.

CPython's collector runs when enough new objects are still alive; each run promotes the
survivors, and once enough have been promoted a full collection walks every object the
process holds. A billing month builds two objects per patient that live until the call
returns, so in a process holding large models (the PHI guard's pipelines) full
collections set off by one month run took a third to a half of it
(bench/bench_records.py). With collection held off, the month's objects are examined
once when it is turned back on and are freed by reference counting when the caller lets
the summary go, without ever reaching the oldest generation.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # calls inside collection_held_off, on any thread
_was_enabled = False  # whether collection was on when the first of them started


@contextmanager
def collection_held_off() -> Iterator[None]:
    """No automatic collection until the last overlapping caller leaves; then it is on
    again if it was on before the first one came in (a process that turned it off keeps
    it off)."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
