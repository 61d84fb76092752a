"""Tracked workflows end to end: the closed-loop referral and PCP attribution."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tools.cases.assignments import assign_pcp
from tools.cases.service import (
    change_pcp,
    get_case,
    list_cases,
    open_complaint,
    open_referral,
    report_fwa,
)
from tools.errors import AccessDenied, NotFound, ToolError
from tools.handoffs.service import complete_handoff, get_handoff
from tools.jobs.run_due import run_due
from tools.owners import set_owner
from tools.staff import actor_for, add_staff
from tools.store.models import Notification, PcpAssignment, Provider


class Quiet:
    def deliver(self, message) -> None:  # the outbox keeps the messages for the asserts
        pass


@pytest.fixture
def office(ctx, practice):
    referral_lead = add_staff(
        ctx, practice.admin, name="Rae Referrals", role="supervisor", team="North"
    )
    specialty = add_staff(ctx, practice.admin, name="Spe Manager", role="supervisor", team="North")
    for role, person in (
        ("Referral coordinator lead", referral_lead.id),
        ("Specialty practice manager", specialty.id),
        ("Clinic dyad leadership", practice.admin.staff_id),
        ("Practice executive", practice.admin.staff_id),
        ("Member services lead", practice.sue.staff_id),
        ("Grievance and appeals lead", practice.sue.staff_id),
        ("Special investigations lead", practice.admin.staff_id),
    ):
        set_owner(ctx, practice.admin, role, primary=person)
    practice.referrals = actor_for(ctx, referral_lead.id, "test")
    practice.specialty = actor_for(ctx, specialty.id, "test")
    return practice


def current_step(ctx, actor, case_id):
    open_steps = [s for s in get_case(ctx, actor, case_id).steps if s.open]
    assert len(open_steps) == 1
    return open_steps[0]


def test_a_referral_closes_its_loop_step_by_step(ctx, office, clock):
    case = open_referral(ctx, office.ana, patient="ZK1029", specialty="Cardiology")
    assert case.data["specialty"] == "cardiology"
    walk = [
        (office.referrals, "sent", "sent", {}),
        (office.referrals, "receipt", "confirmed", {}),
        (office.specialty, "scheduling", "scheduled", {"appointment_date": "2026-10-20"}),
        (office.specialty, "visit", "completed", {}),
        (office.referrals, "outcome", "received", {}),
    ]
    for actor, step_key, outcome, details in walk:
        step = current_step(ctx, office.ana, case.id)
        assert step.step == step_key
        if step_key == "visit":  # due the day after the appointment, plus a business day
            assert step.due_at == datetime(2026, 10, 22, tzinfo=UTC)
        complete_handoff(ctx, actor, step.id, outcome=outcome, details=details)
    closed = get_case(ctx, office.ana, case.id)
    assert closed.status == "closed" and "loop closed" in closed.outcome
    assert [s.step for s in closed.steps] == ["sent", "receipt", "scheduling", "visit", "outcome"]
    assert list_cases(ctx, office.ana) == []  # open ones only


def test_a_step_names_its_outcomes_and_what_they_need(ctx, office):
    case = open_referral(ctx, office.ana, patient="ZK1029", specialty="cardiology")
    sent = current_step(ctx, office.ana, case.id)
    complete_handoff(ctx, office.referrals, sent.id)  # one outcome: no need to name it
    receipt = current_step(ctx, office.ana, case.id)
    with pytest.raises(ToolError, match="confirmed, declined") as refused:
        complete_handoff(ctx, office.referrals, receipt.id, outcome="lost")
    assert refused.value.field == "outcome"
    complete_handoff(ctx, office.referrals, receipt.id, outcome="confirmed")
    scheduling = current_step(ctx, office.ana, case.id)
    with pytest.raises(ToolError) as missing:
        complete_handoff(ctx, office.specialty, scheduling.id, outcome="scheduled")
    assert missing.value.field == "appointment_date"
    assert get_handoff(ctx, office.specialty, scheduling.id).status == "open"


def test_an_unconfirmed_referral_is_flagged_open_loop_and_its_people_told(ctx, office, clock):
    case = open_referral(
        ctx,
        office.ana,
        patient="ZK1029",
        specialty="dermatology",
        open_loop_after=timedelta(days=3),
    )
    complete_handoff(ctx, office.referrals, current_step(ctx, office.ana, case.id).id)
    receipt = current_step(ctx, office.ana, case.id)
    assert receipt.due_at == clock.now() + timedelta(days=3)
    report = run_due(ctx, Quiet(), now=clock.now() + timedelta(days=3, hours=1))
    assert report.open_loop_flagged == 1
    assert get_case(ctx, office.ana, case.id).flags == ("open_loop",)
    with ctx.db.reading() as session:
        told = session.scalars(
            select(Notification.recipient_staff_id).where(Notification.kind == "case.open_loop")
        ).all()
    assert sorted(told) == sorted([office.ana.staff_id, office.referrals.staff_id])
    again = run_due(ctx, Quiet(), now=clock.now() + timedelta(days=3, hours=2))
    assert again.open_loop_flagged == 0


def test_a_declined_referral_closes_with_the_redirect_noted(ctx, office):
    case = open_referral(ctx, office.ana, patient="ZK1029", specialty="neurology", urgency="urgent")
    assert case.priority == "high" and case.steps[0].priority == "high"
    complete_handoff(ctx, office.referrals, case.steps[0].id)
    receipt = current_step(ctx, office.ana, case.id)
    complete_handoff(ctx, office.referrals, receipt.id, outcome="declined")
    assert "redirect" in get_case(ctx, office.ana, case.id).outcome


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"specialty": ""}, "specialty"),
        ({"specialty": "x" * 80}, "specialty"),
        ({"urgency": "asap"}, "urgency"),
        ({"open_loop_after": timedelta(0)}, "open_loop_after"),
    ],
)
def test_bad_referrals_are_refused_naming_the_field(ctx, office, change, field):
    args = {"patient": "ZK1029", "specialty": "cardiology", **change}
    with pytest.raises(ToolError) as refused:
        open_referral(ctx, office.ana, **args)
    assert refused.value.field == field


def test_a_member_chosen_pcp_change_keeps_the_history_and_the_reason(ctx, office, clock):
    other = Provider(name="Dr. Second Fictional", npi="1234567891")
    with ctx.db.transaction() as session:
        session.add(other)
        session.flush()
        other_id = other.id
        assign_pcp(
            session,
            patient_id=office.patients["ZK1029"],
            provider_id=office.provider_id,
            source="initial",
            today=date(2026, 1, 1),
            now=clock.now(),
            changed_by=None,
        )
    case = change_pcp(ctx, office.ana, patient="ZK1029", provider="1234567891", reason_code="moved")
    with ctx.db.reading() as session:
        history = session.execute(
            select(
                PcpAssignment.provider_id, PcpAssignment.end_date, PcpAssignment.reason_code
            ).order_by(PcpAssignment.id)
        ).all()
    assert history == [(office.provider_id, clock.today(), None), (other_id, None, "moved")]
    [step] = case.steps
    assert step.step == "member_confirmation" and step.holder_staff_id == office.sue.staff_id
    with pytest.raises(ToolError) as same:
        change_pcp(ctx, office.ana, patient="ZK1029", provider=other_id, reason_code="access")
    assert same.value.rule == "same_pcp"
    with pytest.raises(ToolError):
        change_pcp(ctx, office.ana, patient="ZK1029", provider=other_id, reason_code="whim")


def test_a_complaint_can_turn_into_a_fraud_waste_abuse_investigation(ctx, office):
    case = open_complaint(ctx, office.ana, patient="ZK1029", category="attribution_error")
    review = current_step(ctx, office.ana, case.id)
    assert review.owner_role == "Grievance and appeals lead"
    complete_handoff(ctx, office.sue, review.id, outcome="refer_fwa")
    investigation = current_step(ctx, office.ana, case.id)
    assert (investigation.step, investigation.priority) == ("fwa_investigation", "high")
    fwa = report_fwa(ctx, office.sue, category="billing_pattern")
    assert fwa.patient_id is None and fwa.steps[0].holder_staff_id == office.admin.staff_id


def test_strangers_do_not_see_a_case(ctx, office):
    case = open_referral(ctx, office.ana, patient="ZK1029", specialty="cardiology")
    with pytest.raises(NotFound):
        get_case(ctx, office.cara, case.id)
    assert get_case(ctx, office.referrals, case.id).id == case.id  # holds its step
    with pytest.raises(NotFound):
        get_case(ctx, office.auditor, case.id)
    with pytest.raises(AccessDenied):  # auditors read the audit trail, not the work
        list_cases(ctx, office.auditor)
