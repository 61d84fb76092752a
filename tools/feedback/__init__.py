"""Feedback on Baton's answers, and the routing corrections staff propose and review."""
