"""Prometheus metrics of the service, on prometheus-client's default registry.

Counters other layers define on the default registry appear on ``/metrics`` too. With
several worker processes each worker reports its own counters (scrape each, or put
them behind a multiprocess collector); the decisions gauge reads the shared store, so
every worker reports the same figure.
"""

from __future__ import annotations

import logging

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from tools.context import ToolContext
from tools.decision_requests.metrics import open_decision_counts

log = logging.getLogger("bot.api")

HTTP_REQUESTS = Counter(
    "baton_http_requests",
    "HTTP requests answered, by method, route template and status code",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "baton_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TURNS = Counter(
    "baton_turns",
    "Chat turns answered, by primary agent (or 'command'/'none') and answer kind",
    ["agent", "kind"],
)


class DecisionsPendingCollector(Collector):
    """``baton_decisions_pending{urgency}``: open decision requests, read at scrape time."""

    def __init__(self) -> None:
        self.records: ToolContext | None = None

    def collect(self):
        family = GaugeMetricFamily(
            "baton_decisions_pending",
            "Open decision requests waiting for their human owner, by urgency",
            labels=["urgency"],
        )
        if self.records is not None:
            try:
                counts = open_decision_counts(self.records)
            except Exception:  # noqa: BLE001 - a scrape must not fail the service
                log.warning("decisions gauge: the store could not be read")
                counts = {}
            for urgency, count in sorted(counts.items()):
                family.add_metric([urgency], count)
        yield family


DECISIONS_PENDING = DecisionsPendingCollector()
REGISTRY.register(DECISIONS_PENDING)
