"""Which patient-months the billing page lists: the questions an admin asks of a month."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tools.billing.reason_groups import ORDER, reason_group
from tools.billing.thresholds import next_threshold

SHOW = {
    "": "All patient-months",
    "bills": "Bills",
    "not_billing": "Doesn't bill",
    "near": "5 min or less from the next threshold",
}


def billing_lines(
    lines: Iterable[Mapping[str, Any]], show: str = "", group: str = ""
) -> list[Mapping[str, Any]]:
    """``lines`` (a month's patient lines) that answer ``show`` and, when given, whose
    reason falls in ``group`` (``tools.billing.reason_groups``)."""
    kept = []
    for line in lines:
        billed = bool(line["billed"])
        if show == "bills" and not billed or show == "not_billing" and billed:
            continue
        if show == "near":
            found = next_threshold(line.get("program"), int(line["staff_minutes"]))
            if found is None or not found.near:
                continue
        if group in ORDER and reason_group(billed, str(line["reason"])) != group:
            continue
        kept.append(line)
    return kept
