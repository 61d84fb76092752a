"""Tracked handoffs: opening, accepting, finishing, cancelling and who may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tools.errors import AccessDenied, NotFound, ToolError
from tools.handoffs.records import HandoffSpec
from tools.handoffs.service import (
    accept_handoff,
    cancel_handoff,
    complete_handoff,
    get_handoff,
    list_handoffs,
    open_handoff,
)
from tools.owners import set_owner
from tools.store.models import AuditEvent, Handoff, Notification

SPEC = HandoffSpec(
    title="Coded account released to billing for <PERSON_1>",
    owner_role="Billing supervisor",
    escalate_to_role="Revenue cycle director",
    due_in=timedelta(hours=96),
    escalate_after=timedelta(hours=48),
    entry_conditions=("account final-coded", "charges reconciled"),
    waiting_on="HIM to release the coded account",
    outcome_target="off the DNFB list within 4 days",
)


@pytest.fixture
def roles(ctx, practice):
    # Sue holds billing hand-offs with Ben as backup; the admin is the director above.
    set_owner(
        ctx,
        practice.admin,
        "Billing supervisor",
        primary=practice.sue.staff_id,
        backup=practice.ben.staff_id,
    )
    set_owner(ctx, practice.admin, "Revenue cycle director", primary=practice.admin.staff_id)
    return practice


def notifications(ctx, kind=None):
    with ctx.db.reading() as session:
        query = select(Notification.recipient_staff_id, Notification.kind, Notification.text)
        if kind:
            query = query.where(Notification.kind == kind)
        return session.execute(query.order_by(Notification.id)).all()


def test_an_opened_handoff_goes_to_the_roles_owner_with_its_clock(ctx, roles, clock):
    opened = open_handoff(ctx, roles.ana, SPEC, patient="ZK1029", thread_id="t-9")
    assert opened.status == "open" and opened.holder_staff_id == roles.sue.staff_id
    assert opened.due_at == clock.now() + timedelta(hours=96)
    assert opened.entry_conditions == ("account final-coded", "charges reconciled")
    assert opened.patient_id == roles.patients["ZK1029"] and opened.thread_id == "t-9"
    assert "Sue Super (Billing supervisor) has it since 2026-10-14 15:00 UTC, due in 4 days" in (
        opened.status_line(clock.now())
    )
    [(who, kind, text)] = notifications(ctx)
    assert (who, kind) == (roles.sue.staff_id, "handoff.assigned")
    assert f"Handoff #{opened.id}" in text and "ZK1029" not in text


def test_a_role_nobody_fills_is_refused_and_nothing_is_written(ctx, practice):
    with pytest.raises(ToolError) as refused:
        open_handoff(ctx, practice.ana, SPEC)
    assert refused.value.rule == "owner_unfilled"
    with ctx.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Handoff)) == 0
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"due_in": timedelta(0)}, "due_in"),
        ({"escalate_after": timedelta(days=400)}, "escalate_after"),
        ({"priority": "urgent"}, "priority"),
    ],
)
def test_a_handoff_nobody_could_act_on_is_refused(ctx, roles, change, field):
    spec = HandoffSpec(**{**SPEC.__dict__, **change})
    with pytest.raises(ToolError) as refused:
        open_handoff(ctx, roles.ana, spec)
    assert refused.value.field == field


def test_accept_then_done_is_the_happy_path_and_each_step_is_recorded(ctx, roles):
    opened = open_handoff(ctx, roles.ana, SPEC)
    accepted = accept_handoff(ctx, roles.ben, opened.id)  # the backup takes it over
    assert (accepted.status, accepted.holder_staff_id) == ("accepted", roles.ben.staff_id)
    done = complete_handoff(ctx, roles.ben, opened.id, result="released on day 3")
    assert done.status == "done" and done.result == "released on day 3"
    history = get_handoff(ctx, roles.ana, opened.id).history
    assert [(t.from_status, t.to_status) for t in history] == [
        (None, "open"),
        ("open", "accepted"),
        ("accepted", "done"),
    ]
    kinds = [kind for _, kind, _ in notifications(ctx)]
    assert kinds == ["handoff.assigned", "handoff.accepted", "handoff.done"]
    with pytest.raises(ToolError) as again:
        complete_handoff(ctx, roles.ben, opened.id)
    assert again.value.rule == "handoff_closed"


def test_someone_off_the_ladder_is_refused_and_the_refusal_is_audited(ctx, roles):
    opened = open_handoff(ctx, roles.ana, SPEC)
    with pytest.raises(AccessDenied) as denied:
        accept_handoff(ctx, roles.cara, opened.id)
    assert denied.value.rule == "not_holder"
    with ctx.db.reading() as session:
        outcome = session.scalar(
            select(AuditEvent.outcome).where(AuditEvent.action == "handoff.accept")
        )
    assert outcome == "denied"
    assert get_handoff(ctx, roles.sue, opened.id).status == "open"


def test_only_the_opener_or_an_admin_cancels_and_a_reason_is_required(ctx, roles):
    opened = open_handoff(ctx, roles.ana, SPEC)
    with pytest.raises(AccessDenied):
        cancel_handoff(ctx, roles.sue, opened.id, "not ours")
    with pytest.raises(ToolError):
        cancel_handoff(ctx, roles.ana, opened.id, " ")
    cancelled = cancel_handoff(ctx, roles.ana, opened.id, "opened twice")
    assert cancelled.status == "cancelled" and cancelled.result == "opened twice"


def test_parties_see_a_handoff_and_strangers_do_not(ctx, roles):
    opened = open_handoff(ctx, roles.ana, SPEC, patient="ZK1029")
    assert get_handoff(ctx, roles.sue, opened.id).id == opened.id  # holder
    assert get_handoff(ctx, roles.admin, opened.id).id == opened.id
    with pytest.raises(NotFound):
        get_handoff(ctx, roles.cara, opened.id)  # other team, not on the ladder
    with pytest.raises(NotFound):
        get_handoff(ctx, roles.auditor, opened.id)
    assert [h.id for h in list_handoffs(ctx, roles.cara)] == []
    assert [h.id for h in list_handoffs(ctx, roles.sue, mine=True)] == [opened.id]
    assert [h.id for h in list_handoffs(ctx, roles.ana, mine=True)] == [opened.id]


def test_a_patient_the_opener_may_not_see_is_refused(ctx, roles):
    with pytest.raises(AccessDenied):
        open_handoff(ctx, roles.ana, SPEC, patient="ZK1032")  # Cara's patient
    with pytest.raises(AccessDenied):
        open_handoff(ctx, roles.auditor, SPEC)
