"""Suggested prompts in the assistant side panel, by role."""

from __future__ import annotations

from tools.access import Role

MAX_PROMPTS = 4  # Slack shows up to four

_COORDINATOR = (
    ("What's left today?", "what's left on my panel today?"),
    ("This week's tasks", "what's left on my panel this week?"),
    (
        "Pending prior auth",
        "Prior auth for an MRI has been pending with the payer for nine days; who owns "
        "the next step?",
    ),
    ("Discharge handoff", "Plan the handoff for a discharge to home health next week"),
)
_SUPERVISOR = (
    (
        "Capacity plan",
        "Our ED boarding hours doubled this quarter; we need a capacity plan",
    ),
    (
        "Denial escalations",
        "Design the escalation path for denied prior authorizations",
    ),
    ("Write-off sign-off", "Who signs off on a bad-debt write-off and what do they need?"),
    ("Month-end CCM review", "Plan the monthly CCM time review with the coordinators"),
)


def suggested_prompts(role: Role | None) -> list[dict[str, str]]:
    """Prompts for coordinators, and for supervisors and everyone else."""
    chosen = _COORDINATOR if role is Role.COORDINATOR else _SUPERVISOR
    return [{"title": title, "message": message} for title, message in chosen[:MAX_PROMPTS]]
