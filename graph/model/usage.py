"""Cost and latency of the chat model, per turn and role; counts only, never text.

Each model-using step of a turn (router, specialist) measures its calls with a
``UsageMeter`` and hands the result to the process's ``UsageLedger``, which

- adds it to Prometheus counters and a histogram in the default registry (served at
  ``/metrics`` by the HTTP API),
- keeps running totals in memory (``baton eval routing --model`` prints them),
- and stores one row through the tool layer when the system of record is open.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from prometheus_client import Counter, Histogram

from tools.access import Actor
from tools.context import ToolContext
from tools.errors import ToolError
from tools.model_usage import UsageRow, record_model_usage

log = logging.getLogger("baton.model.usage")

MODEL_TURNS = Counter(
    "baton_model_turns",
    "Turn steps that used the chat model, by role and outcome (ok or the fallback reason)",
    ["role", "model", "outcome"],
)
MODEL_CALLS = Counter("baton_model_calls", "Requests sent to the chat model", ["role", "model"])
MODEL_TOKENS = Counter(
    "baton_model_tokens", "Tokens used by the chat model", ["role", "model", "direction"]
)
MODEL_LATENCY = Histogram(
    "baton_model_latency_seconds",
    "Time spent waiting for the chat model in one turn step",
    ["role", "model"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64),
)


@dataclass
class UsageMeter:
    """Adds up one turn step's model calls: tokens from each response, wall time."""

    role: str
    model: str
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    _started: float | None = None

    def start(self) -> None:
        self._started = time.perf_counter()

    def stop(self, message: Any = None) -> None:
        """One call ended; ``message`` is the AIMessage it returned (None if it failed)."""
        if self._started is not None:
            self.latency_s += time.perf_counter() - self._started
            self._started = None
        self.calls += 1
        usage = getattr(message, "usage_metadata", None) or {}
        self.tokens_in += int(usage.get("input_tokens") or 0)
        self.tokens_out += int(usage.get("output_tokens") or 0)

    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out

    def row(self, outcome: str, thread_id: str | None = None) -> UsageRow:
        return UsageRow(
            role=self.role,
            model=self.model,
            calls=self.calls,
            tokens_in=self.tokens_in,
            tokens_out=self.tokens_out,
            latency_ms=round(self.latency_s * 1000),
            outcome=outcome,
            thread_id=thread_id,
        )


@dataclass
class RoleTotals:
    steps: int = 0
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: int = 0
    fallbacks: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


class UsageLedger:
    """Where every turn step's usage goes: Prometheus, totals in memory, the store."""

    def __init__(self, records: ToolContext | None = None) -> None:
        self.records = records
        self._totals: dict[str, RoleTotals] = {}
        self._lock = Lock()

    def record(self, row: UsageRow) -> None:
        MODEL_TURNS.labels(row.role, row.model, row.outcome).inc()
        MODEL_CALLS.labels(row.role, row.model).inc(row.calls)
        MODEL_TOKENS.labels(row.role, row.model, "in").inc(row.tokens_in)
        MODEL_TOKENS.labels(row.role, row.model, "out").inc(row.tokens_out)
        MODEL_LATENCY.labels(row.role, row.model).observe(row.latency_ms / 1000)
        with self._lock:
            totals = self._totals.setdefault(row.role, RoleTotals())
            totals.steps += 1
            totals.calls += row.calls
            totals.tokens_in += row.tokens_in
            totals.tokens_out += row.tokens_out
            totals.latency_ms += row.latency_ms
            totals.fallbacks += row.outcome != "ok"
            totals.outcomes[row.outcome] = totals.outcomes.get(row.outcome, 0) + 1
        if self.records is not None:
            try:
                record_model_usage(self.records, Actor.system("model"), row)
            except ToolError as error:
                log.warning("model usage not stored: %s", error.rule)
            except Exception as error:  # noqa: BLE001 - accounting never breaks a turn
                log.warning("model usage not stored: %s", type(error).__name__)

    def totals(self, role: str) -> RoleTotals:
        with self._lock:
            found = self._totals.get(role, RoleTotals())
            return RoleTotals(**{**found.__dict__, "outcomes": dict(found.outcomes)})
