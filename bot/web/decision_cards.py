"""Decision requests in plain words, for the people who answer them.

Who asks, for which patient (the chart code, when the viewer may see the patient), what
exactly would change, why a person must decide, and by when; the fields an owner may
change with "Approve with changes", each with a proper picker. Pure: the page gathers
names, chart codes and the task-type catalog and hands them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tools.billing.write_offs import REASON_CODES
from tools.cases.definitions import PANEL_REMOVAL_REASONS
from tools.decision_requests.records import DecisionView

TIME_ENTRY = "time_entry.over_average"
WRITE_OFF = "billing.write_off"
PANEL_REMOVAL = "pcp.panel_removal"
TITLES = {
    TIME_ENTRY: "Time entry over twice the usual",
    WRITE_OFF: "Write-off",
    PANEL_REMOVAL: "Removal from a PCP's panel",
}
WHY = {
    TIME_ENTRY: "An entry over twice the task type's average is signed off by the "
    "coordinator's team supervisor before it counts.",
    WRITE_OFF: "Writing off a balance is a billing decision: the Revenue cycle director "
    "decides, the CFO above the director's limit.",
    PANEL_REMOVAL: "Ending a member's attribution to their PCP is the Provider services "
    "manager's decision; nothing changes for the member until it is approved.",
}
ANSWERED = {"approved": "Approved", "rejected": "Rejected", "edited": "Approved with changes"}


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
    patient: str
    change: str
    why: str
    deadline: str
    answered: str = ""
    edits: tuple[EditField, ...] = field(default=())


def _span(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"


def deadline_words(due: datetime, now: datetime) -> str:
    """ "due in 5 h (Sun 6 Dec, 05:33 UTC)" or "overdue by 2 days (…)"."""
    when = due.strftime("%a %-d %b, %H:%M UTC")
    left = (due - now).total_seconds()
    return f"due in {_span(left)} ({when})" if left >= 0 else f"overdue by {_span(left)} ({when})"


def _patient(view: DecisionView, charts: Mapping[int, str]) -> str:
    if view.patient_id is None:
        return ""
    return charts.get(view.patient_id, "a patient outside your panel")


def _change(view: DecisionView, patient: str, names: Mapping[int, str]) -> str:
    a = view.final_arguments()
    if view.kind == TIME_ENTRY:
        who = names.get(int(a.get("coordinator_id") or 0), "the coordinator")
        return (
            f"{a.get('minutes')} min of '{a.get('task_type')}' on {a.get('task_date')} "
            f"would be logged for {patient}, as {who}'s time."
        )
    if view.kind == WRITE_OFF:
        reason = REASON_CODES.get(str(a.get("reason_code")), a.get("reason_code"))
        return (
            f"${a.get('amount_usd')} of {patient}'s {a.get('month')} balance would be "
            f"written off ({reason})."
        )
    if view.kind == PANEL_REMOVAL:
        reason = PANEL_REMOVAL_REASONS.get(str(a.get("reason_code")), a.get("reason_code"))
        return (
            f"{patient} would leave their PCP's panel today ({reason}); {view.evidence}"
        ).strip()
    return view.question


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
    view: DecisionView,
    *,
    names: Mapping[int, str],
    charts: Mapping[int, str],
    task_types: Sequence[str],
    now: datetime,
) -> DecisionCard:
    patient = _patient(view, charts)
    asker = names.get(view.requester_id, "") if view.requester_id else ""
    answered = ""
    if not view.open:
        by = names.get(view.decided_by, "its owner") if view.decided_by else "its owner"
        when = view.decided_at.strftime("%-d %b %Y, %H:%M UTC") if view.decided_at else ""
        answered = f"{ANSWERED.get(view.status, view.status.capitalize())} by {by}, {when}"
    return DecisionCard(
        view=view,
        title=TITLES.get(view.kind, "Decision"),
        asker=asker or "a conversation with Baton",
        patient=patient,
        change=_change(view, patient or "the patient", names),
        why=WHY.get(
            view.kind,
            f"A final decision is never automated: the {view.owner_role} decides.",
        ),
        deadline=deadline_words(view.due_at, now),
        answered=answered,
        edits=_edits(view, task_types) if view.open and "edit" in view.options else (),
    )
