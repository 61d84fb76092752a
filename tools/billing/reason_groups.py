"""Why a patient-month does not bill, in a few groups an admin can act on.

``tools.billing.month`` writes each reason for a person ("15 min, below 20", "last visit
2025-11-02 is over a year before 2026-12; an initiating visit is needed"); a chart needs
them grouped. The groups follow month.py's gates, in its order.
"""

from __future__ import annotations

BILLS = "Bills"
# (group, words that only that gate's reason contains), checked in order.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Not enrolled in CCM or PCM", ("not enrolled",)),
    ("Conditions not on file", ("chronic conditions", "high-risk chronic")),
    ("No consent", ("consent",)),
    ("No billing practitioner", ("billing practitioner",)),
    ("No visit in the past year", ("initiating visit",)),
    ("Below the time threshold", ("below",)),
)
OTHER = "Other"
ORDER = (BILLS, *(group for group, _ in GROUPS), OTHER)


def reason_group(billed: bool, reason: str) -> str:
    """The group of a patient-month's billing reason."""
    if billed:
        return BILLS
    text = reason.casefold()
    for group, words in GROUPS:
        if any(word in text for word in words):
            return group
    return OTHER
