"""Owner directory and decision requests on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tools.audit.trail import verify_chain
from tools.decision_requests.service import answer_decision, list_decisions, open_decision
from tools.errors import AccessDenied, NotFound, ToolError
from tools.owners import owner_directory, set_owner, unfilled_roles
from tools.store.models import AuditEvent, DecisionRequest

ROLE = "Revenue cycle director"


@pytest.fixture
def directory(ctx, practice):
    # Sue (supervisor) owns the role; the admin is her backup; nobody else.
    set_owner(
        ctx, practice.admin, ROLE, primary=practice.sue.staff_id, backup=practice.admin.staff_id
    )
    return practice


def _write_off(ctx, requester):
    return open_decision(
        ctx,
        requester,
        kind="billing",
        question="Write off the <ACCOUNT_NUMBER_1> balance of $120?",
        owner_role="revenue cycle director",  # matched regardless of case and spacing
        due_in=timedelta(hours=24),
        evidence="Denied twice for timely filing; appeal window closed.",
        arguments={"amount_usd": "120.00"},
        thread_id="t-1",
    )


def test_only_admins_edit_the_directory_and_everyone_reads_it(ctx, practice) -> None:
    with pytest.raises(AccessDenied):
        set_owner(ctx, practice.sue, ROLE, primary=practice.sue.staff_id)
    set_owner(
        ctx, practice.admin, ROLE, primary=practice.sue.staff_id, chain=[practice.admin.staff_id]
    )
    entries = owner_directory(ctx, practice.ana)
    assert [(e.role, e.primary, e.chain) for e in entries] == [
        (ROLE, practice.sue.staff_id, (practice.admin.staff_id,))
    ]


def test_unknown_people_and_a_self_backup_are_refused(ctx, practice) -> None:
    with pytest.raises(NotFound):
        set_owner(ctx, practice.admin, ROLE, primary=9999)
    with pytest.raises(ToolError) as refused:
        set_owner(
            ctx, practice.admin, ROLE, primary=practice.sue.staff_id, backup=practice.sue.staff_id
        )
    assert refused.value.rule == "backup"
    assert owner_directory(ctx, practice.admin) == []


def test_roles_with_nobody_behind_them_are_reported(ctx, directory) -> None:
    missing = unfilled_roles(ctx, directory.admin, [ROLE, "Privacy officer", "CFO"])
    assert missing == ["CFO", "Privacy officer"]


def test_a_request_for_an_unfilled_role_is_refused_not_skipped(ctx, directory) -> None:
    with pytest.raises(ToolError) as refused:
        open_decision(
            ctx,
            directory.ana,
            kind="privacy",
            question="Notify?",
            owner_role="Privacy officer",
            due_in=timedelta(hours=4),
        )
    assert refused.value.rule == "owner_unfilled"
    with ctx.db.reading() as session:
        assert session.scalars(select(DecisionRequest)).all() == []


def test_an_auditor_opens_no_decision_request_and_the_refusal_is_audited(ctx, directory) -> None:
    with pytest.raises(AccessDenied) as refused:
        _write_off(ctx, directory.auditor)
    assert refused.value.rule == "role"
    assert "cannot send requests for decisions" in str(refused.value)
    with ctx.db.reading() as session:
        assert session.scalars(select(DecisionRequest)).all() == []
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None
    assert (last.action, last.outcome, last.role, last.detail) == (
        "decision.open",
        "denied",
        "auditor",
        "role",
    )


def test_the_owner_decides_and_the_trail_records_it(ctx, directory) -> None:
    request = _write_off(ctx, directory.ana)
    assert request.status == "pending" and request.owner_staff_id == directory.sue.staff_id
    assert [d.id for d in list_decisions(ctx, directory.sue)] == [request.id]
    assert [d.id for d in list_decisions(ctx, directory.ana)] == [request.id]  # requester
    assert list_decisions(ctx, directory.ben) == []
    decided = answer_decision(
        ctx, directory.sue, request.id, "edit", edited={"amount_usd": "90.00"}
    )
    assert decided.status == "edited" and decided.decided_by == directory.sue.staff_id
    assert decided.final_arguments() == {"amount_usd": "90.00"}
    assert list_decisions(ctx, directory.sue) == []
    with pytest.raises(ToolError) as twice:
        answer_decision(ctx, directory.admin, request.id, "approve")
    assert twice.value.rule == "already_decided"
    with ctx.db.reading() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        assert verify_chain(session).intact
    assert "decision.open" in actions and "decision.edit" in actions


def test_anyone_else_is_refused_and_audited(ctx, directory) -> None:
    request = _write_off(ctx, directory.ana)
    with pytest.raises(AccessDenied) as denied:
        answer_decision(ctx, directory.ben, request.id, "approve")
    assert denied.value.rule == "not_owner"
    with ctx.db.reading() as session:
        refused = session.scalars(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
        assert [e.action for e in refused] == ["decision.approve"]
        assert session.get(DecisionRequest, request.id).status == "pending"


def test_the_requester_does_not_decide_their_own_request(ctx, directory) -> None:
    request = _write_off(ctx, directory.sue)
    with pytest.raises(AccessDenied) as denied:
        answer_decision(ctx, directory.sue, request.id, "approve")
    assert denied.value.rule == "own_request"
    # The backup can.
    assert answer_decision(ctx, directory.admin, request.id, "approve").status == "approved"


def test_a_response_keeps_the_request_open_and_a_rejection_needs_a_reason(ctx, directory) -> None:
    request = _write_off(ctx, directory.ana)
    responded = answer_decision(
        ctx, directory.sue, request.id, "respond", comment="Attach the payer's letter."
    )
    assert responded.open and responded.status == "responded"
    with pytest.raises(ToolError) as refused:
        answer_decision(ctx, directory.sue, request.id, "reject")
    assert refused.value.rule == "comment_required"
    rejected = answer_decision(
        ctx, directory.sue, request.id, "reject", comment="Appeal is still possible."
    )
    assert rejected.status == "rejected" and not rejected.open
