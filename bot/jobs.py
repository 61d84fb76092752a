"""Running the due work: once (``baton jobs run-due``) or on a timer inside ``baton serve``.

The tool layer does the nudges, escalations, task sets and notification delivery
(``tools.jobs.run_due``); conversations that waited for a decision answered through a
surface without an engine (the CLI, another worker that stopped) are resumed here.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tools.context import ToolContext
from tools.decision_requests.service import decisions_awaiting_resume
from tools.jobs.run_due import RunDueReport, run_due
from tools.notify import Notifier

log = logging.getLogger("baton.jobs")
DEFAULT_INTERVAL_S = 60.0


@dataclass(frozen=True)
class DueWork:
    report: RunDueReport
    threads_resumed: int


def run_due_once(
    ctx: ToolContext,
    notifier: Notifier,
    engine_factory: Callable[[], Any] | None = None,
    *,
    now: datetime | None = None,
) -> DueWork:
    """Everything due now. The engine (slow to load) is made only if a conversation waits
    for an answered decision."""
    report = run_due(ctx, notifier, now=now)
    resumed = 0
    if engine_factory is not None and decisions_awaiting_resume(ctx, limit=1):
        resumed = engine_factory().resume_answered()
    return DueWork(report, resumed)


class JobTimer:
    """Calls ``work`` every ``interval_s`` seconds on a daemon thread until stopped.

    A failure is logged with an incident id (never its text: it may quote a record) and the
    timer carries on; several workers may run timers at once (the work is safe in parallel).
    """

    def __init__(self, work: Callable[[], object], interval_s: float = DEFAULT_INTERVAL_S):
        if interval_s <= 0:
            raise ValueError("the job interval must be positive")
        self._work = work
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0
        self.failures = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="baton-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._work()
                self.runs += 1
            except Exception:
                self.failures += 1
                incident = uuid.uuid4().hex[:8]
                log.error("run-due failed, incident %s", incident, exc_info=True)
            self._stop.wait(self._interval_s)
