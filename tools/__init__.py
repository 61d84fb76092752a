"""Deterministic tools: domain rules, store, access control, audit trail and the PHI guard."""
