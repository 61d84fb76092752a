"""Telling people things: an outbox in the store and the notifiers that deliver it."""

from tools.notify.outbox import (
    DeliveryReport,
    LogNotifier,
    Notifier,
    OutboxMessage,
    deliver_pending,
    queue_notification,
)

__all__ = [
    "DeliveryReport",
    "LogNotifier",
    "Notifier",
    "OutboxMessage",
    "deliver_pending",
    "queue_notification",
]
