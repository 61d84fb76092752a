"""The tamper-evident audit trail: append-only events, each hash-chained to the last."""
