"""Sign-offs: a tool action waits for its named owner and runs with the approval."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tools.billing.write_offs import request_write_off, write_offs_for_month
from tools.cases.assignments import assign_pcp
from tools.cases.service import get_case, request_panel_removal
from tools.decision_requests.service import answer_decision, get_decision
from tools.errors import AccessDenied, ToolError
from tools.handoffs.service import list_handoffs
from tools.owners import set_owner
from tools.staff import actor_for, add_staff
from tools.store.models import Notification, PcpAssignment, TaskLogEntry
from tools.tasks.service import log_task
from tools.tasks.signoff import request_time_entry_signoff

REVIEW = "CCM: Care Plan Monthly REVIEW/CLOSE"  # average 30


def entries(ctx) -> list[tuple[int, int]]:
    with ctx.db.reading() as session:
        return session.execute(select(TaskLogEntry.id, TaskLogEntry.minutes)).all()


def ask_for_90(ctx, practice, **extra):
    return request_time_entry_signoff(
        ctx,
        practice.ana,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type=REVIEW,
        minutes=90,
        notes="family meeting",
        **extra,
    )


def test_a_long_entry_waits_for_the_team_supervisor_and_is_logged_on_approval(ctx, practice):
    asked = ask_for_90(ctx, practice, thread_id="t-log")
    assert (asked.owner_role, asked.owner_staff_id) == (
        "North team supervisor",
        practice.sue.staff_id,
    )
    assert asked.thread_id == "t-log" and entries(ctx) == []
    approved = answer_decision(ctx, practice.sue, asked.id, "approve")
    [(entry_id, minutes)] = entries(ctx)
    assert minutes == 90 and approved.result == {"task_log_id": entry_id, "minutes": 90}
    with ctx.db.reading() as session:
        told = session.scalars(
            select(Notification.kind).where(
                Notification.recipient_staff_id == practice.ana.staff_id
            )
        ).all()
    assert told == ["decision.answered"]


def test_an_edit_logs_the_changed_entry_and_only_editable_fields_change(ctx, practice):
    asked = ask_for_90(ctx, practice)
    with pytest.raises(ToolError) as frozen:
        answer_decision(ctx, practice.sue, asked.id, "edit", edited={"patient_id": 5})
    assert frozen.value.rule == "edit_unknown"
    edited = answer_decision(ctx, practice.sue, asked.id, "edit", edited={"minutes": "55"})
    assert edited.status == "edited" and [m for _, m in entries(ctx)] == [55]


def test_an_edit_that_breaks_a_rule_is_refused_and_nothing_is_decided(ctx, practice):
    asked = ask_for_90(ctx, practice)
    with pytest.raises(ToolError) as refused:
        answer_decision(ctx, practice.sue, asked.id, "edit", edited={"minutes": "200"})
    assert refused.value.rule == "minutes_max"
    assert get_decision(ctx, practice.sue, asked.id).status == "pending" and entries(ctx) == []


def test_a_rejection_logs_nothing_and_the_coordinator_cannot_approve_her_own(ctx, practice):
    asked = ask_for_90(ctx, practice)
    with pytest.raises(AccessDenied):
        answer_decision(ctx, practice.ana, asked.id, "approve")
    with pytest.raises(AccessDenied):
        answer_decision(ctx, practice.ben, asked.id, "approve")  # same team, not a supervisor
    rejected = answer_decision(ctx, practice.sue, asked.id, "reject", comment="call was 40 min")
    assert rejected.status == "rejected" and entries(ctx) == []


def test_an_entry_that_needs_no_signoff_is_refused_as_a_request(ctx, practice):
    with pytest.raises(ToolError) as refused:
        request_time_entry_signoff(
            ctx,
            practice.ana,
            coordinator_id=practice.ana.staff_id,
            patient="ZK1029",
            task_type=REVIEW,
            minutes=40,
        )
    assert refused.value.rule == "not_above_average"


def test_a_team_without_a_supervisor_is_reported_not_skipped(ctx, practice):
    with pytest.raises(ToolError) as refused:
        request_time_entry_signoff(
            ctx,
            practice.cara,
            coordinator_id=practice.cara.staff_id,
            patient="ZK1032",
            task_type=REVIEW,
            minutes=90,
        )
    assert refused.value.rule == "owner_unfilled" and "South team supervisor" in str(refused.value)


@pytest.fixture
def billed(ctx, practice):
    """ZK1029 billed 99490 for 2026-10 (25 staff minutes); a director and a CFO named."""
    log_task(
        ctx,
        practice.ana,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type=REVIEW,
        minutes=25,
        task_date=date(2026, 10, 5),
    )
    cfo = add_staff(ctx, practice.admin, name="Cy Finance", role="admin")
    set_owner(ctx, practice.admin, "Revenue cycle director", primary=practice.admin.staff_id)
    set_owner(ctx, practice.admin, "CFO", primary=cfo.id)
    practice.cfo = cfo.id
    return practice


def test_a_write_off_is_recorded_only_when_the_director_approves(ctx, billed):
    asked = request_write_off(
        ctx,
        billed.sue,
        patient="ZK1029",
        month="2026-10",
        amount_usd="20.00",
        reason_code="small_balance",
    )
    assert asked.owner_role == "Revenue cycle director"
    assert write_offs_for_month(ctx, billed.admin, "2026-10") == []
    approved = answer_decision(ctx, billed.admin, asked.id, "approve")
    [recorded] = write_offs_for_month(ctx, billed.admin, "2026-10")
    assert recorded.amount_usd == Decimal("20.00") and recorded.decision_id == asked.id
    assert approved.result["billing_adjustment_id"] == recorded.id
    with pytest.raises(ToolError) as too_much:  # the 2025 fee for 99490 is $60.49
        request_write_off(
            ctx,
            billed.sue,
            patient="ZK1029",
            month="2026-10",
            amount_usd="41.00",
            reason_code="small_balance",
        )
    assert too_much.value.rule == "write_off_too_large"


@pytest.mark.parametrize(
    ("amount", "reason", "rule"),
    [
        ("abc", "small_balance", "write_off_invalid"),
        ("-5", "small_balance", "write_off_invalid"),
        ("1.005", "small_balance", "write_off_invalid"),
        ("10", "because", "write_off_invalid"),
    ],
)
def test_bad_write_off_requests_name_the_field(ctx, billed, amount, reason, rule):
    with pytest.raises(ToolError) as refused:
        request_write_off(
            ctx,
            billed.sue,
            patient="ZK1029",
            month="2026-10",
            amount_usd=amount,
            reason_code=reason,
        )
    assert refused.value.rule == rule and refused.value.field in ("amount_usd", "reason_code")


def test_coordinators_cannot_ask_for_write_offs_and_unbilled_months_are_refused(ctx, billed):
    with pytest.raises(AccessDenied):
        request_write_off(
            ctx,
            billed.ana,
            patient="ZK1029",
            month="2026-10",
            amount_usd="5",
            reason_code="hardship",
        )
    with pytest.raises(ToolError) as refused:
        request_write_off(
            ctx,
            billed.sue,
            patient="ZK1029",
            month="2026-09",
            amount_usd="5",
            reason_code="hardship",
        )
    assert refused.value.rule == "not_billed"


def test_above_the_directors_limit_the_cfo_decides(ctx, billed):
    ctx.write_off_director_limit = Decimal("10.00")
    asked = request_write_off(
        ctx,
        billed.sue,
        patient="ZK1029",
        month="2026-10",
        amount_usd="20",
        reason_code="timely_filing",
    )
    assert (asked.owner_role, asked.owner_staff_id) == ("CFO", billed.cfo)


@pytest.fixture
def panel(ctx, practice, clock):
    manager = add_staff(
        ctx, practice.admin, name="Pia Provider-Services", role="supervisor", team="South"
    )
    outreach = add_staff(ctx, practice.admin, name="Oli Outreach", role="supervisor", team="South")
    complex_cm = add_staff(ctx, practice.admin, name="Cam Complex", role="supervisor", team="South")
    set_owner(ctx, practice.admin, "Provider services manager", primary=manager.id)
    set_owner(ctx, practice.admin, "Special outreach lead", primary=outreach.id)
    set_owner(ctx, practice.admin, "Complex case management lead", primary=complex_cm.id)
    with ctx.db.transaction() as session:
        for code in ("ZK1033", "ZK1029"):
            assign_pcp(
                session,
                patient_id=practice.patients[code],
                provider_id=practice.provider_id,
                source="initial",
                today=date(2026, 1, 1),
                now=clock.now(),
                changed_by=None,
            )
    practice.manager, practice.outreach, practice.complex_cm = manager, outreach, complex_cm
    return practice


def open_assignments(ctx, patient_id) -> int:
    with ctx.db.reading() as session:
        return session.scalar(
            select(func.count())
            .select_from(PcpAssignment)
            .where(PcpAssignment.patient_id == patient_id, PcpAssignment.end_date.is_(None))
        )


def test_an_approved_panel_removal_ends_attribution_and_hands_the_member_to_outreach(ctx, panel):
    manager = actor_for(ctx, panel.manager.id, "test")
    asked = request_panel_removal(ctx, panel.ana, patient="ZK1033", reason_code="disruptive")
    assert asked.owner_role == "Provider services manager"
    assert open_assignments(ctx, panel.patients["ZK1033"]) == 1  # nothing before approval
    answer_decision(ctx, manager, asked.id, "approve")
    assert open_assignments(ctx, panel.patients["ZK1033"]) == 0
    case = get_case(ctx, panel.ana, asked.case_id)
    [step] = case.steps
    assert (step.step, step.holder_staff_id, step.priority) == (
        "special_outreach",
        panel.outreach.id,
        "normal",
    )


def test_a_high_risk_member_goes_to_complex_case_management_as_high_priority(ctx, panel):
    asked = request_panel_removal(ctx, panel.ana, patient="ZK1029", reason_code="non_adherence")
    answer_decision(ctx, actor_for(ctx, panel.manager.id, "test"), asked.id, "approve")
    [step] = list_handoffs(ctx, panel.admin, case_id=asked.case_id)
    assert (step.step, step.priority) == ("complex_case_management", "high")
    assert step.holder_staff_id == panel.complex_cm.id


def test_a_rejected_panel_removal_keeps_the_member_and_closes_the_case(ctx, panel):
    asked = request_panel_removal(ctx, panel.ana, patient="ZK1033", reason_code="disruptive")
    answer_decision(
        ctx,
        actor_for(ctx, panel.manager.id, "test"),
        asked.id,
        "reject",
        comment="no documented pattern; talk to the member first",
    )
    case = get_case(ctx, panel.ana, asked.case_id)
    assert (case.status, case.steps) == ("closed", ())
    assert open_assignments(ctx, panel.patients["ZK1033"]) == 1
