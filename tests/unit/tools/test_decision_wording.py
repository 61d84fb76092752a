"""A decision request in plain words, for one viewer: who asks, who decides, which patient
(the chart code only where the viewer may see it), what would change, why, by when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.tools.decision_views import (
    ADA,
    CAROLYN,
    DAVID,
    ENTRY,
    FACTS,
    MICHELE,
    NOW,
    OTTO,
    REMOVAL,
    SOUTHY,
    WRITE_OFF,
    actor,
    view,
)
from tools.access import Actor, Assignment, Role
from tools.decision_requests.wording import (
    PatientOnFile,
    WordingFacts,
    day_words,
    deadline_words,
    describe_decision,
    month_words,
)


def test_a_time_entry_in_plain_words_for_its_supervisor():
    words = describe_decision(view(), actor(MICHELE, Role.SUPERVISOR, "North"), FACTS, NOW)
    assert words.title == "Time entry over twice the usual"
    assert words.asker == "Carolyn Jimenez (care coordinator, North team)"
    assert words.deciders == (
        "Michele Holmes (North team supervisor); also Ada Admin (backup or escalation)"
    )
    assert words.patient == "ZK1130"
    assert words.change == (
        "70 min of 'Care Coordination: General' on Fri 4 Dec 2026 would be logged for "
        "ZK1130, as Carolyn Jimenez's time."
    )
    assert words.why == (
        "An entry over twice the task type's usual 15 min is signed off by the "
        "coordinator's team supervisor before it counts (PCC workflow design §7.3)."
    )
    assert words.deadline == "due in 20 h (Sun 6 Dec, 05:33 UTC)" and words.answered == ""
    assert words.summary == (
        "Time entry over twice the usual, asked by Carolyn Jimenez (care coordinator, North "
        "team). To decide: Michele Holmes (North team supervisor); also Ada Admin (backup or "
        f"escalation). {words.change} Why a person decides: {words.why} Due in 20 h "
        "(Sun 6 Dec, 05:33 UTC)."
    )
    for internal in ("coordinator 3", "patient 131", "staff ", "time_entry"):
        assert internal not in words.summary


# Who sees the chart code: exactly those tools.access lets see the patient.
@pytest.mark.parametrize(
    ("viewer", "patient"),
    [
        (actor(CAROLYN, Role.COORDINATOR, "North"), "ZK1130"),  # her own patient
        (actor(DAVID, Role.COORDINATOR, "North"), "a patient on Carolyn Jimenez's panel"),
        (actor(MICHELE, Role.SUPERVISOR, "North"), "ZK1130"),  # her team's patient
        (actor(SOUTHY, Role.SUPERVISOR, "South"), "a patient on Carolyn Jimenez's panel"),
        (actor(ADA, Role.ADMIN), "ZK1130"),
        (actor(OTTO, Role.AUDITOR), "a patient on Carolyn Jimenez's panel"),
        (Actor(MICHELE, "x", Role.SUPERVISOR, None), "a patient on Carolyn Jimenez's panel"),
        (None, "a patient on Carolyn Jimenez's panel"),  # nobody in particular
    ],
)
def test_the_chart_code_only_where_the_viewer_may_see_the_patient(viewer, patient):
    words = describe_decision(view(), viewer, FACTS, NOW)
    assert words.patient == patient
    assert f"logged for {patient}," in words.change
    if patient != "ZK1130":
        assert "ZK1130" not in words.summary


@pytest.mark.parametrize(
    ("fields", "facts", "patient"),
    [
        ({"patient_id": None}, FACTS, ""),  # about no patient
        ({"patient_id": 999}, FACTS, "a patient"),  # gone from the store
        (
            {},
            WordingFacts(patients={131: PatientOnFile(Assignment(131, None, None), "ZK1130")}),
            "a patient with no coordinator",
        ),
    ],
)
def test_a_patient_the_wording_cannot_place(fields, facts, patient):
    viewer = actor(DAVID, Role.COORDINATOR, "North")
    assert describe_decision(view(**fields), viewer, facts, NOW).patient == patient


@pytest.mark.parametrize(
    ("fields", "asker", "deciders"),
    [
        ({}, "Carolyn Jimenez (care coordinator, North team)", "Michele Holmes"),
        ({"requester_id": None}, "a conversation with Baton", "Michele Holmes"),
        ({"requester_id": 99}, "a former staff member", "Michele Holmes"),
        # Escalated: the current owner comes first.
        ({"owner_staff_id": ADA}, "Carolyn", "Ada Admin (North team supervisor); also Michele"),
        ({"owner_role": "CFO", "owner_staff_id": None}, "Carolyn", "the CFO"),
    ],
)
def test_who_asks_and_who_decides(fields, asker, deciders):
    words = describe_decision(view(**fields), actor(ADA, Role.ADMIN), FACTS, NOW)
    assert words.asker.startswith(asker) and words.deciders.startswith(deciders)


def test_an_answer_says_who_decided_and_when_with_the_changes():
    decided = view(
        status="edited",
        decided_by=MICHELE,
        decided_at=datetime(2026, 12, 5, 8, 15, tzinfo=UTC),
        edited_arguments={"minutes": 45, "task_date": "2026-12-03"},
    )
    words = describe_decision(decided, actor(ADA, Role.ADMIN), FACTS, NOW)
    assert words.answered == "Approved with changes by Michele Holmes, 5 Dec 2026, 08:15 UTC"
    assert words.change.startswith("45 min of 'Care Coordination: General' on Thu 3 Dec 2026")
    assert words.deadline == "was due Sun 6 Dec, 05:33 UTC"
    assert words.summary.endswith("Approved with changes by Michele Holmes, 5 Dec 2026, 08:15 UTC.")


@pytest.mark.parametrize(
    ("kind", "arguments", "fields", "title", "change", "why"),
    [
        (
            "billing.write_off",
            WRITE_OFF,
            {"owner_role": "Revenue cycle director"},
            "Write-off",
            "$120.00 of the November 2026 care-management charge of ZK1130 would be written "
            "off (financial hardship (policy on file)).",
            "the CFO above it",
        ),
        (
            "pcp.panel_removal",
            REMOVAL,
            {"owner_role": "Provider services manager", "evidence": "Outreach finds a new PCP."},
            "Removal from a PCP's panel",
            "ZK1130 would leave Dr. Fictional Provider's panel today (",
            "Provider services manager's decision",
        ),
        (
            "billing",
            {},
            {"question": "Write off the <ACCOUNT_NUMBER_1> balance?", "patient_id": None},
            "Final billing decision",
            'The request: "Write off the <ACCOUNT_NUMBER_1> balance?"',
            "never automated: the handoff map gives it to the North team supervisor",
        ),
        (
            "time_entry.over_average",
            {**ENTRY, "task_type": "Not In The Catalog", "task_date": "someday"},
            {},
            "Time entry over twice the usual",
            "70 min of 'Not In The Catalog' on someday would be logged",
            "over twice the task type's average is signed off",
        ),
    ],
)
def test_each_kind_says_what_would_change_and_why(kind, arguments, fields, title, change, why):
    words = describe_decision(view(kind, arguments, **fields), actor(ADA, Role.ADMIN), FACTS, NOW)
    assert words.title == title
    assert words.change.startswith(change) and why in words.why


def test_a_removal_for_someone_outside_the_team_names_the_panel_not_the_patient():
    removal = view("pcp.panel_removal", REMOVAL, owner_role="Provider services manager")
    words = describe_decision(removal, actor(SOUTHY, Role.SUPERVISOR, "South"), FACTS, NOW)
    assert words.change.startswith(
        "A patient on Carolyn Jimenez's panel would leave Dr. Fictional Provider's panel today"
    )


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


@pytest.mark.parametrize(
    ("value", "day", "month"),
    [
        ("2026-12-04", "Fri 4 Dec 2026", "2026-12-04"),
        ("2026-11", "2026-11", "November 2026"),
        ("soon", "soon", "soon"),
        (None, "None", "None"),
    ],
)
def test_dates_as_people_read_them(value, day, month):
    assert (day_words(value), month_words(value)) == (day, month)
