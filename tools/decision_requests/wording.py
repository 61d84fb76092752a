"""A decision request in plain words, for one viewer: the one wording every surface shows.

Who asks, who decides, for which patient, what exactly would change, why a person must
decide, and by when. The stored question carries no PHI (tools/decision_requests/
records.py); the chart code and the date of service are put in here, at read time, and
the chart code only for a viewer whose access (``tools.access.can_view_patient``) lets
them see that patient. Anyone else reads "a patient on <coordinator>'s panel".

Pure: ``tools.decision_requests.described`` reads the names, chart codes, averages and
deciders and hands them in, so the wording is table-tested without a store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tools.access import Actor, Assignment, can_view_patient
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
ANSWERED = {"approved": "Approved", "rejected": "Rejected", "edited": "Approved with changes"}
# A staff member's role as people say it (tools.store.models.ROLES).
ROLE_WORDS = {
    "coordinator": "care coordinator",
    "supervisor": "supervisor",
    "admin": "admin",
    "auditor": "auditor",
}
FROM_A_CONVERSATION = "a conversation with Baton"


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: str  # coordinator | supervisor | admin | auditor
    team: str | None = None

    def with_role(self) -> str:
        """ "Ana Coord (care coordinator, North team)"."""
        role = ROLE_WORDS.get(self.role, self.role)
        return f"{self.name} ({role}{f', {self.team} team' if self.team else ''})"


@dataclass(frozen=True)
class PatientOnFile:
    """What the wording knows of a request's patient. The chart code is shown only to a
    viewer who may see the patient; the coordinator's name is not patient information."""

    assignment: Assignment
    chart_code: str


@dataclass(frozen=True)
class WordingFacts:
    """Everything the wording reads, by id: gathered once for a page of requests."""

    staff: Mapping[int, StaffMember] = field(default_factory=dict)
    patients: Mapping[int, PatientOnFile] = field(default_factory=dict)
    # Active deciders of each owner role, in the order they are asked.
    deciders: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    averages: Mapping[str, int] = field(default_factory=dict)  # task type name -> minutes
    providers: Mapping[int, str] = field(default_factory=dict)  # provider id -> name


@dataclass(frozen=True)
class DecisionWords:
    """The parts of a request in plain words; ``summary`` puts them in one paragraph."""

    title: str
    asker: str
    deciders: str
    patient: str  # "" when the request is about no patient
    change: str
    why: str
    deadline: str
    answered: str = ""

    @property
    def headline(self) -> str:
        """One line for a list: what it is and what would change."""
        return f"{self.title}: {self.change}"

    @property
    def summary(self) -> str:
        """One paragraph with every part, for a text surface (the API, a notification)."""
        ending = self.answered or self.deadline
        return (
            f"{self.title}, asked by {self.asker}. To decide: {self.deciders}. {self.change} "
            f"Why a person decides: {self.why} {ending[0].upper()}{ending[1:]}."
        )


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


def day_words(value: Any) -> str:
    """A date as people read it ("Fri 4 Dec 2026"); anything else as it is."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return day.strftime("%a %-d %b %Y")


def month_words(value: Any) -> str:
    """ "2026-11" as "November 2026"; anything else as it is."""
    try:
        return datetime.strptime(str(value), "%Y-%m").strftime("%B %Y")
    except ValueError:
        return str(value)


def _name(facts: WordingFacts, staff_id: Any, fallback: str) -> str:
    person = facts.staff.get(staff_id) if isinstance(staff_id, int) else None
    return person.name if person else fallback


def patient_words(view: DecisionView, viewer: Actor | None, facts: WordingFacts) -> str:
    """The chart code when ``viewer`` may see the patient; otherwise whose panel it is on.
    ``viewer`` None is nobody in particular (a shared thread): never the chart code."""
    if view.patient_id is None:
        return ""
    found = facts.patients.get(view.patient_id)
    if found is None:
        return "a patient"
    if viewer is not None and can_view_patient(viewer, found.assignment):
        return found.chart_code
    coordinator = _name(facts, found.assignment.coordinator_id, "")
    return f"a patient on {coordinator}'s panel" if coordinator else "a patient with no coordinator"


def _change(view: DecisionView, patient: str, facts: WordingFacts) -> str:
    a = view.final_arguments()
    if view.kind == TIME_ENTRY:
        who = _name(facts, a.get("coordinator_id"), "the coordinator")
        return (
            f"{a.get('minutes')} min of '{a.get('task_type')}' on {day_words(a.get('task_date'))} "
            f"would be logged for {patient}, as {who}'s time."
        )
    if view.kind == WRITE_OFF:
        reason = REASON_CODES.get(str(a.get("reason_code")), a.get("reason_code"))
        return (
            f"${a.get('amount_usd')} of the {month_words(a.get('month'))} care-management "
            f"charge of {patient} would be written off ({reason})."
        )
    if view.kind == PANEL_REMOVAL:
        reason = PANEL_REMOVAL_REASONS.get(str(a.get("reason_code")), a.get("reason_code"))
        provider = a.get("provider_id")
        pcp = facts.providers.get(provider) if isinstance(provider, int) else None
        panel = f"{pcp}'s panel" if pcp else "their PCP's panel"
        subject = patient[0].upper() + patient[1:]
        return f"{subject} would leave {panel} today ({reason}). {view.evidence}".strip()
    return f'The request: "{view.question}"'


def _why(view: DecisionView, facts: WordingFacts) -> str:
    a = view.final_arguments()
    if view.kind == TIME_ENTRY:
        average = facts.averages.get(str(a.get("task_type")))
        over = f"the task type's usual {average} min" if average else "the task type's average"
        return (
            f"An entry over twice {over} is signed off by the coordinator's team supervisor "
            "before it counts (PCC workflow design §7.3)."
        )
    if view.kind == WRITE_OFF:
        return (
            "Writing off a balance is a billing decision: the Revenue cycle director decides "
            "within the director's approval limit, the CFO above it."
        )
    if view.kind == PANEL_REMOVAL:
        return (
            "Ending a member's attribution to their PCP is the Provider services manager's "
            "decision; nothing changes for the member until it is approved."
        )
    return (
        f"A final {view.kind} decision is never automated: the handoff map gives it to the "
        f"{view.owner_role}."
    )


def _deciders(view: DecisionView, facts: WordingFacts) -> str:
    """The current owner first, then the others who may decide, with the role."""
    people = list(facts.deciders.get(view.owner_role, ()))
    if view.owner_staff_id is not None:
        people = [view.owner_staff_id] + [p for p in people if p != view.owner_staff_id]
    names = [facts.staff[p].name for p in people if p in facts.staff]
    if not names:
        return f"the {view.owner_role}"
    also = f"; also {', '.join(names[1:])} (backup or escalation)" if names[1:] else ""
    return f"{names[0]} ({view.owner_role}){also}"


def _answered(view: DecisionView, facts: WordingFacts) -> str:
    if view.open:
        return ""
    by = _name(facts, view.decided_by, "its owner")
    when = view.decided_at.strftime("%-d %b %Y, %H:%M UTC") if view.decided_at else ""
    said = ANSWERED.get(view.status, view.status.capitalize())
    return f"{said} by {by}" + (f", {when}" if when else "")


def describe_decision(
    view: DecisionView, viewer: Actor | None, facts: WordingFacts, now: datetime
) -> DecisionWords:
    """``view`` in plain words for ``viewer`` (see the module's docstring)."""
    patient = patient_words(view, viewer, facts)
    asker = facts.staff.get(view.requester_id) if view.requester_id is not None else None
    if view.requester_id is None:
        asked_by = FROM_A_CONVERSATION
    else:
        asked_by = asker.with_role() if asker else "a former staff member"
    due = view.due_at.strftime("%a %-d %b, %H:%M UTC")
    return DecisionWords(
        title=TITLES.get(view.kind, f"Final {view.kind} decision"),
        asker=asked_by,
        deciders=_deciders(view, facts),
        patient=patient,
        change=_change(view, patient or "the patient", facts),
        why=_why(view, facts),
        deadline=deadline_words(view.due_at, now) if view.open else f"was due {due}",
        answered=_answered(view, facts),
    )
