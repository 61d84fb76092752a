"""Fits the decision-meaning model that ``graph.decision_meaning`` loads (see build)."""
