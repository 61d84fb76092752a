"""Refusals in chat say what was wrong in plain words and how to fix it.

The tool layer's messages are written for every caller (API, CLI, logs) and may name
internal ids ("may not access patient 51"); in a conversation the author gets a sentence
about their own work and the next thing to try. Keyed by the rule the tool named.
"""

from __future__ import annotations

# Replaces the tool's message: it names internal ids or the staff member's own name.
PLAIN: dict[str, str] = {
    "patient_not_assigned": "That patient is not on your panel.",
    "other_coordinator": "Those records belong to another coordinator's panel.",
    "billing_hidden": "Billing codes and amounts are shown to supervisors and admins only.",
}

HOW_TO_FIX: dict[str, str] = {
    "patient_not_assigned": "Check the chart code; if the patient should be yours, ask your "
    "supervisor to assign them to you.",
    "other_coordinator": "Ask about your own panel, or ask your supervisor.",
    "not_found": "Check the chart code or number and send it again.",
    "billing_hidden": "Ask your supervisor for the billing figures; your minutes and tasks "
    "are yours to see.",
    "daily_max": "Log only the time of that day, or correct an earlier entry on the Daily "
    "tasks page.",
    "minutes_min": "Add the time to a longer entry of the same day.",
    "minutes_max": "Split it into entries of at most 120 minutes.",
    "future_date": "Use today or an earlier day.",
    "duplicate": "Change the existing entry on the Daily tasks page instead.",
    "task_type_unclear": "Name the task as on the Daily tasks page, e.g. 'care plan review', "
    "'med rec' or 'phone call'.",
    "program_mismatch": "Pick the task type of the patient's program (CCM or PCM).",
    "role": "Ask someone whose role does this (a coordinator, supervisor or admin).",
}


def plain_refusal(rule: str | None, message: str) -> str:
    """The refusal as its author reads it: what is wrong, then how to fix it."""
    text = PLAIN.get(rule or "", message.rstrip("."))
    text = text[:1].upper() + text[1:]
    fix = HOW_TO_FIX.get(rule or "")
    if not text.endswith("."):
        text += "."
    return f"{text} {fix}" if fix else text
