"""What every Slack listener needs, built once per app and passed to ``register``."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.slack.ratelimit import UserRateLimiter
from bot.slack.store import SlackStore
from bot.slack.workers import BackgroundPool
from graph.engine import BatonEngine
from tools.context import ToolContext


@dataclass
class SlackDeps:
    engine: BatonEngine
    records: ToolContext
    store: SlackStore
    client: WebClient
    work: BackgroundPool  # turns and anything else slow, after the ack
    ack_pool: BackgroundPool  # bolt's listener executor: quick listener bodies only
    limiter: UserRateLimiter
    verifies_signatures: bool = False  # a signing secret is set: HTTP mode may serve
    closed: bool = field(default=False)

    def event_seen(self, event_id: str | None) -> bool:
        """True if another delivery of this event was already taken (a Slack retry)."""
        return bool(event_id) and not self.store.claim_event(str(event_id))

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every listener body and every job they queued has finished."""
        for _ in range(3):  # a listener may queue work as the first pool drains
            if not (self.ack_pool.wait_idle(timeout) and self.work.wait_idle(timeout)):
                return False
            if self.ack_pool.pending == 0 and self.work.pending == 0:
                return True
        return self.ack_pool.pending == 0 and self.work.pending == 0

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.ack_pool.shutdown(wait=True)
            self.work.shutdown(wait=True)
