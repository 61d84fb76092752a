"""Sign-offs: a tool action waits for its named owner and runs with the approval."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from tools.billing.write_offs import request_write_off, write_offs_for_month
from tools.cases.assignments import assign_pcp
from tools.cases.service import get_case, request_panel_removal
from tools.decision_requests.described import describe_decisions
from tools.decision_requests.service import answer_decision, get_decision
from tools.errors import AccessDenied, ToolError
from tools.handoffs.service import list_handoffs
from tools.owners import set_owner
from tools.staff import actor_for, add_staff
from tools.store.models import DecisionRequest, Notification, PcpAssignment, TaskLogEntry
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


def _stored_question(ctx, decision_id: int) -> str:
    with ctx.db.reading() as session:
        return session.get(DecisionRequest, decision_id).question


def test_a_sign_off_stores_its_question_without_phi_and_words_it_for_each_viewer(ctx, practice):
    asked = ask_for_90(ctx, practice, task_date=date(2026, 10, 13))
    stored = _stored_question(ctx, asked.id)
    assert stored == (
        f"Approve 90 min of '{REVIEW}' logged by Ana Coord (care coordinator)? "
        "That is over twice the task's usual 30 min."
    )
    for phi in ("ZK1029", "2026-10-13", "10/13", "Oct", str(practice.patients["ZK1029"])):
        assert phi not in stored
    words = describe_decisions(ctx, practice.sue, [asked])[asked.id]
    assert words.patient == "ZK1029" and "on Tue 13 Oct 2026" in words.change
    assert words.asker == "Ana Coord (care coordinator, North team)"
    assert words.deciders.startswith("Sue Super (North team supervisor)")
    assert "usual 30 min" in words.why
    other_team = describe_decisions(ctx, practice.cara, [asked])[asked.id]
    assert other_team.patient == "a patient on Ana Coord's panel"
    assert "ZK1029" not in other_team.summary


def test_a_write_off_stores_no_chart_code_or_month(ctx, billed):
    asked = request_write_off(
        ctx,
        billed.sue,
        patient="ZK1029",
        month="2026-10",
        amount_usd="20.00",
        reason_code="hardship",
    )
    stored = _stored_question(ctx, asked.id)
    assert stored == (
        "Write off $20.00 of the care-management charge of a patient on Ana Coord's panel "
        "(financial hardship (policy on file))?"
    )
    words = describe_decisions(ctx, billed.admin, [asked])[asked.id]
    assert words.change == (
        "$20.00 of the October 2026 care-management charge of ZK1029 would be written off "
        "(financial hardship (policy on file))."
    )


def test_a_panel_removal_stores_no_chart_code(ctx, panel):
    asked = request_panel_removal(ctx, panel.ana, patient="ZK1033", reason_code="disruptive")
    stored = _stored_question(ctx, asked.id)
    assert stored.startswith("Remove a member from Dr. Fictional Provider's panel (")
    assert "ZK1033" not in stored and str(panel.patients["ZK1033"]) not in stored
    manager = actor_for(ctx, panel.manager.id, "test")  # a supervisor of another team
    words = describe_decisions(ctx, manager, [asked])[asked.id]
    assert words.change.startswith(
        "A patient on Ana Coord's panel would leave Dr. Fictional Provider's panel today"
    )
    assert describe_decisions(ctx, panel.ana, [asked])[asked.id].patient == "ZK1033"


def test_questions_stored_before_with_phi_are_worded_again_without_it(tmp_path):
    from alembic import command
    from alembic.config import Config

    from tools.store.database import MIGRATIONS, Database
    from tools.store.models import Patient, Provider, Staff
    from tools.tasks.catalog import ensure_catalog

    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")
    now = datetime(2026, 10, 14, 15, 0, tzinfo=UTC)
    old = {
        "time_entry.over_average": (
            "Approve 90 min of 'CCM: Care Plan Monthly REVIEW/CLOSE' on 2026-10-13 by "
            "coordinator 1 for patient 1? The task's average is 30 min.",
            {"coordinator_id": 1, "patient_id": 1, "task_type": REVIEW, "minutes": 90},
        ),
        "billing.write_off": (
            "Write off $20.00 of patient 1's care-management charge for 2026-10 "
            "(financial hardship (policy on file))?",
            {"patient_id": 1, "month": "2026-10", "amount_usd": "20.00", "reason_code": "hardship"},
        ),
        "pcp.panel_removal": (
            "Remove patient 1 from provider 1's panel (disruptive or abusive behaviour)? "
            "The member is high-risk.",
            {"patient_id": 1, "provider_id": 1, "reason_code": "disruptive", "case_id": 1},
        ),
        "billing": ("Write off the <ACCOUNT_NUMBER_1> balance?", {}),
    }
    with db.transaction() as session:
        ensure_catalog(session)  # as every store's preparation does
        session.add(Staff(name="Ana Coord", role="coordinator", team="North", created_at=now))
        session.add(Provider(name="Dr. Fictional Provider"))
        session.flush()
        session.add(Patient(chart_code="ZK1029", name="TESTPATIENT, ONE", coordinator_id=1))
        session.flush()
        for kind, (question, arguments) in old.items():
            # Only the columns the schema had at 0011 (the model has grown since).
            decision_id = session.execute(
                insert(DecisionRequest).values(
                    kind=kind,
                    question=question,
                    options='["approve", "reject"]',
                    evidence="",
                    arguments=json.dumps(arguments),
                    requester_id=1,
                    owner_role="North team supervisor",
                    patient_id=1 if arguments else None,
                    status="pending",
                    comment="",
                    escalation_level=0,
                    due_at=now,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            session.add(
                Notification(
                    recipient_staff_id=1,
                    kind="decision.requested",
                    subject_type="decision",
                    subject_id=decision_id,
                    text=f"Decision request #{decision_id} for the North team supervisor: "
                    f"{question} (due 2026-10-15 15:00 UTC)",
                    created_at=now,
                )
            )
    db.migrate()
    with db.reading() as session:
        rows = session.execute(select(DecisionRequest.kind, DecisionRequest.question)).all()
        questions = {kind: question for kind, question in rows}
        notices = list(session.scalars(select(Notification.text).order_by(Notification.id)))
    db.dispose()
    assert questions == {
        "time_entry.over_average": f"Approve 90 min of '{REVIEW}' logged by Ana Coord (care "
        "coordinator)? That is over twice the task's usual 30 min.",
        "billing.write_off": "Write off $20.00 of the care-management charge of a patient on "
        "Ana Coord's panel (financial hardship (policy on file))?",
        "pcp.panel_removal": "Remove a member from Dr. Fictional Provider's panel (disruptive "
        "or abusive behaviour)? The member is high-risk.",
        "billing": "Write off the <ACCOUNT_NUMBER_1> balance?",  # a plan's: as it was
    }
    for text in notices[:3]:
        assert "patient 1" not in text and "2026-10-13" not in text and "for 2026-10" not in text
    assert notices[0].endswith("usual 30 min. (due 2026-10-15 15:00 UTC)")
