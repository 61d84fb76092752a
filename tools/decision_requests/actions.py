"""What an approved sign-off carries out, by kind of decision request.

A decision request that guards a tool action (a time entry, a write-off, a panel
removal) names its kind; when its owner approves (or edits) it, the action runs as the
deciding person inside the same transaction as the answer, so the answer is never
recorded without its effect, nor the effect without the answer. Requests without an
action (a plan's final decision) just record the answer for the asker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tools.billing import write_offs
from tools.cases import service as cases
from tools.context import Call
from tools.tasks import signoff

Applier = Callable[[Call, dict[str, Any], int], dict[str, Any]]
Rejecter = Callable[[Call, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class SignOffAction:
    kind: str
    editable: frozenset[str]  # the arguments the owner may change with "edit"
    apply: Applier
    on_reject: Rejecter | None = None
    # Editable arguments that are free text (a time entry's notes): they pass the PHI
    # guard before the edit is stored. The others are typed, and ``apply`` validates them.
    free_text: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.free_text <= self.editable:
            raise ValueError(f"{self.kind}: free-text arguments must be editable ones")


ACTIONS: Mapping[str, SignOffAction] = {
    action.kind: action
    for action in (
        SignOffAction(
            kind=signoff.KIND,
            editable=signoff.EDITABLE,
            apply=lambda call, arguments, _id: signoff.apply_time_entry(call, arguments),
            free_text=signoff.FREE_TEXT,
        ),
        SignOffAction(
            kind=write_offs.KIND,
            editable=write_offs.EDITABLE,
            apply=write_offs.apply_write_off,
        ),
        SignOffAction(
            kind=cases.PANEL_REMOVAL_KIND,
            editable=frozenset(),
            apply=lambda call, arguments, _id: cases.apply_panel_removal(call, arguments),
            on_reject=cases.reject_panel_removal,
        ),
    )
}


def action_for(kind: str) -> SignOffAction | None:
    return ACTIONS.get(kind)
