"""A token bucket per Slack user, per process.

Each worker process keeps its own buckets (nothing shared), so with N workers behind a
load balancer a user gets at most N times the configured rate: a guard against a stuck
client or a runaway script, not an exact quota.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED_USERS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class UserRateLimiter:
    def __init__(
        self,
        per_minute: float,
        burst: int,
        monotonic: Callable[[], float] = time.monotonic,
        max_users: int = MAX_TRACKED_USERS,
    ) -> None:
        if per_minute <= 0 or burst < 1 or max_users < 1:
            raise ValueError("per_minute and burst must be positive")
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._now = monotonic
        self._max_users = max_users
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, user_id: str) -> bool:
        """Take one token for ``user_id``; False when their bucket is empty."""
        now = self._now()
        with self._lock:
            bucket = self._buckets.pop(user_id, None) or _Bucket(self._burst, now)
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            self._buckets[user_id] = bucket
            while len(self._buckets) > self._max_users:
                self._buckets.popitem(last=False)  # the longest idle: it would be full anyway
            if bucket.tokens < 1.0:
                return False
            bucket.tokens -= 1.0
            return True

    def retry_after(self, user_id: str) -> float:
        """Seconds until ``user_id`` has a token again (0 when they have one)."""
        with self._lock:
            bucket = self._buckets.get(user_id)
            if bucket is None:
                return 0.0
            missing = 1.0 - (bucket.tokens + (self._now() - bucket.updated) * self._rate)
            return max(0.0, missing / self._rate)
