"""Decision requests and the facts about them, as the wording tests and the card tests
use them (a fictional practice: everyone in it invented)."""

from __future__ import annotations

from datetime import UTC, datetime

from tools.access import Actor, Assignment, Role
from tools.decision_requests.records import DecisionView
from tools.decision_requests.wording import PatientOnFile, StaffMember, WordingFacts

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
CAROLYN, DAVID, MICHELE, ADA, OTTO, SOUTHY = 3, 4, 5, 6, 7, 8
FACTS = WordingFacts(
    staff={
        CAROLYN: StaffMember("Carolyn Jimenez", "coordinator", "North"),
        DAVID: StaffMember("David Okafor", "coordinator", "North"),
        MICHELE: StaffMember("Michele Holmes", "supervisor", "North"),
        ADA: StaffMember("Ada Admin", "admin"),
        OTTO: StaffMember("Otto Audit", "auditor"),
        SOUTHY: StaffMember("Sam South", "supervisor", "South"),
    },
    patients={131: PatientOnFile(Assignment(131, CAROLYN, "North"), "ZK1130")},
    deciders={"North team supervisor": (MICHELE, ADA), "Revenue cycle director": (ADA,)},
    averages={"Care Coordination: General": 15},
    providers={9: "Dr. Fictional Provider"},
)
ENTRY = {
    "coordinator_id": CAROLYN,
    "patient_id": 131,
    "task_type": "Care Coordination: General",
    "minutes": 70,
    "task_date": "2026-12-04",
    "notes": "",
}


def view(kind: str = "time_entry.over_average", arguments: dict | None = None, **fields):
    base = dict(
        id=3,
        thread_id=None,
        kind=kind,
        question="Approve 70 min of 'Care Coordination: General' logged by Carolyn Jimenez?",
        options=("approve", "reject", "edit"),
        evidence="",
        arguments=ENTRY if arguments is None else arguments,
        owner_role="North team supervisor",
        owner_staff_id=MICHELE,
        requester_id=CAROLYN,
        patient_id=131,
        case_id=None,
        status="pending",
        urgency="pending",
        due_at=datetime(2026, 12, 6, 5, 33, tzinfo=UTC),
        created_at=NOW,
        decided_by=None,
        decided_at=None,
        comment="",
        edited_arguments=None,
        result=None,
        escalation_level=0,
    )
    return DecisionView(**{**base, **fields})


def actor(staff_id: int | None, role: Role, team: str | None = None) -> Actor:
    return Actor(staff_id, "viewer", role, team)


WRITE_OFF = {
    "patient_id": 131,
    "month": "2026-11",
    "amount_usd": "120.00",
    "reason_code": "hardship",
}
REMOVAL = {"case_id": 2, "patient_id": 131, "provider_id": 9, "reason_code": "disruptive"}
