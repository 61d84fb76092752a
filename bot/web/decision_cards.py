"""Decision requests as cards on the supervisor's page, with pickers for changes.

The words (who asks, who decides, which patient, what would change, why, by when) are
the tool layer's, the same on every surface (``tools.decision_requests.wording``); a
card adds the fields an owner may change with "Approve with changes", each with a
proper picker. Pure: the page hands in the words and the task-type catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tools.billing.write_offs import REASON_CODES
from tools.decision_requests.records import DecisionView
from tools.decision_requests.wording import TIME_ENTRY, WRITE_OFF, DecisionWords


@dataclass(frozen=True)
class EditField:
    """One argument an owner may change, and how to pick it."""

    name: str
    label: str
    kind: str  # number | date | select | money | text
    value: str
    options: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class DecisionCard:
    view: DecisionView
    title: str
    asker: str
    deciders: str
    patient: str
    change: str
    why: str
    deadline: str
    answered: str = ""
    edits: tuple[EditField, ...] = field(default=())


def _edits(view: DecisionView, task_types: Sequence[str]) -> tuple[EditField, ...]:
    a = view.final_arguments()
    if view.kind == TIME_ENTRY:
        return (
            EditField(
                "minutes", "Minutes", "number", str(a.get("minutes", "")), minimum=5, maximum=120
            ),
            EditField("task_date", "Date", "date", str(a.get("task_date", ""))),
            EditField(
                "task_type",
                "Task type",
                "select",
                str(a.get("task_type", "")),
                options=tuple((name, name) for name in task_types),
            ),
        )
    if view.kind == WRITE_OFF:
        return (
            EditField("amount_usd", "Amount (USD)", "money", str(a.get("amount_usd", ""))),
            EditField(
                "reason_code",
                "Reason",
                "select",
                str(a.get("reason_code", "")),
                options=tuple(REASON_CODES.items()),
            ),
        )
    return ()


def decision_card(
    view: DecisionView, words: DecisionWords, *, task_types: Sequence[str]
) -> DecisionCard:
    return DecisionCard(
        view=view,
        title=words.title,
        asker=words.asker,
        deciders=words.deciders,
        patient=words.patient,
        change=words.change,
        why=words.why,
        deadline=words.deadline,
        answered=words.answered,
        edits=_edits(view, task_types) if view.open and "edit" in view.options else (),
    )
