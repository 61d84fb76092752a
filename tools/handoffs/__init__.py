"""Tracked handoffs: work with an owner, a clock and an escalation path."""
