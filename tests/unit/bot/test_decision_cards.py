"""Decision requests in plain words: who, which patient, what changes, why, by when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.web.decision_cards import deadline_words, decision_card
from tools.decision_requests.records import DecisionView

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
NAMES = {3: "Carolyn Jimenez", 5: "Michele Holmes"}
CHARTS = {131: "ZK1130"}
TYPES = ["Care Coordination: General", "Communication: Phone"]


def view(kind: str, arguments: dict, **fields) -> DecisionView:
    base = dict(
        id=3,
        thread_id=None,
        kind=kind,
        question="Approve 70 min … by coordinator 3 for patient 131?",
        options=("approve", "reject", "edit"),
        evidence="",
        arguments=arguments,
        owner_role="North team supervisor",
        owner_staff_id=5,
        requester_id=3,
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


ENTRY = {
    "coordinator_id": 3,
    "patient_id": 131,
    "task_type": "Care Coordination: General",
    "minutes": 70,
    "task_date": "2026-12-04",
    "notes": "",
}


def card(v: DecisionView, charts=CHARTS):
    return decision_card(v, names=NAMES, charts=charts, task_types=TYPES, now=NOW)


def test_a_time_entry_reads_as_who_which_patient_what_and_why():
    c = card(view("time_entry.over_average", ENTRY))
    assert (c.title, c.asker, c.patient) == (
        "Time entry over twice the usual",
        "Carolyn Jimenez",
        "ZK1130",
    )
    assert c.change == (
        "70 min of 'Care Coordination: General' on 2026-12-04 would be logged for ZK1130, "
        "as Carolyn Jimenez's time."
    )
    assert "team supervisor" in c.why and c.deadline == "due in 20 h (Sun 6 Dec, 05:33 UTC)"
    assert [(f.name, f.kind, f.value) for f in c.edits] == [
        ("minutes", "number", "70"),
        ("task_date", "date", "2026-12-04"),
        ("task_type", "select", "Care Coordination: General"),
    ]
    assert [value for value, _ in c.edits[2].options] == TYPES  # the catalog, not free text
    assert "coordinator 3" not in c.change and "patient 131" not in c.change


def test_a_patient_the_viewer_may_not_see_is_not_named():
    c = card(view("time_entry.over_average", ENTRY), charts={})
    assert c.patient == "a patient outside your panel" and "ZK1130" not in c.change


def test_an_answer_says_who_decided_and_when_and_offers_no_edits():
    decided = view(
        "time_entry.over_average",
        ENTRY,
        status="edited",
        decided_by=5,
        decided_at=datetime(2026, 12, 5, 8, 15, tzinfo=UTC),
        edited_arguments={"minutes": 45},
    )
    c = card(decided)
    assert c.answered == "Approved with changes by Michele Holmes, 5 Dec 2026, 08:15 UTC"
    assert c.change.startswith("45 min of") and c.edits == ()


def test_a_write_off_and_a_plan_decision():
    write_off = card(
        view(
            "billing.write_off",
            {
                "patient_id": 131,
                "month": "2026-11",
                "amount_usd": "120.00",
                "reason_code": "hardship",
            },
            owner_role="Revenue cycle director",
        )
    )
    assert write_off.change == (
        "$120.00 of ZK1130's 2026-11 balance would be written off "
        "(financial hardship (policy on file))."
    )
    assert [f.name for f in write_off.edits] == ["amount_usd", "reason_code"]
    plan = card(
        view("plan.billing", {}, requester_id=None, patient_id=None, options=("approve", "reject"))
    )
    assert plan.asker == "a conversation with Baton" and plan.patient == ""
    assert plan.change == plan.view.question and plan.edits == ()
    assert "never automated" in plan.why


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (datetime(2026, 12, 5, 9, 40, tzinfo=UTC), "due in 40 min (Sat 5 Dec, 09:40 UTC)"),
        (datetime(2026, 12, 8, 9, 0, tzinfo=UTC), "due in 3 days (Tue 8 Dec, 09:00 UTC)"),
        (datetime(2026, 12, 5, 7, 0, tzinfo=UTC), "overdue by 2 h (Sat 5 Dec, 07:00 UTC)"),
    ],
)
def test_deadline_words(due, expected):
    assert deadline_words(due, NOW) == expected
