"""Baton's knowledge: the handoff map, agent profiles, organization playbooks, the index."""
