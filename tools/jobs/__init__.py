"""Scheduled work: nudges, escalations, task generation and notification delivery."""
