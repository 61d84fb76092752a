"""Thread pools that run Slack work after the acknowledgement.

Slack wants an answer to every request within 3 seconds, while a turn can take longer
(a chat model, a slow database). Listeners acknowledge first and hand the work to a
bounded pool; ``wait_idle`` lets tests and the benchmark wait until everything queued
has run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger("bot.slack.workers")


class BackgroundPool(ThreadPoolExecutor):
    """A thread pool that refuses work beyond ``max_pending`` and can be waited on."""

    def __init__(self, max_workers: int, max_pending: int, name: str) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.max_pending = max_pending
        self._pending = 0
        self._idle = threading.Condition()

    @property
    def pending(self) -> int:
        with self._idle:
            return self._pending

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(self._run, fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        return future

    def try_submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> bool:
        """Queue ``fn`` unless ``max_pending`` jobs already wait or run; False if full."""
        with self._idle:
            if self._pending >= self.max_pending:
                return False
        self.submit(fn, *args, **kwargs)
        return True

    def _run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception:
            log.exception("background job failed")
            return None
        finally:
            self._done()

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True
