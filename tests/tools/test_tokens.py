"""API tokens in the store (SQLite and PostgreSQL): issued once, hashed, revocable, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tools.access import Role, can_request_decisions, require_role
from tools.errors import AccessDenied, NotFound, ToolError
from tools.store.models import ApiToken, AuditEvent, Staff
from tools.tokens import authenticate, issue_token, list_tokens, revoke_token, unauthenticated


def test_an_issued_token_authenticates_as_its_holder(ctx, practice):
    issued = issue_token(ctx, practice.admin, practice.ana.staff_id, label="laptop")
    assert issued.secret.startswith("baton_") and len(issued.secret) > 40
    actor = authenticate(ctx, issued.secret, channel="api")
    assert (actor.staff_id, actor.role, actor.team, actor.channel) == (
        practice.ana.staff_id,
        Role.COORDINATOR,
        "North",
        "api",
    )
    with ctx.db.reading() as session:
        row = session.scalars(select(ApiToken)).one()
    assert row.token_hash != issued.secret and issued.secret.startswith(row.prefix)


@pytest.mark.parametrize(
    ("secret", "rule"),
    [
        (None, "token_missing"),
        ("", "token_missing"),
        ("nope", "token_malformed"),
        ("baton_" + "x" * 300, "token_malformed"),
        ("baton_unknown", "token_unknown"),
    ],
)
def test_bad_secrets_are_refused_and_audited(ctx, practice, secret, rule):
    with pytest.raises(AccessDenied) as refused:
        authenticate(ctx, secret)
    assert refused.value.rule == rule and refused.value.audited
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.token")).one()
    assert event.outcome == "denied" and event.detail.startswith(rule)
    assert (event.role, event.actor_id) == ("none", None)  # nobody signed in: no role
    assert "baton_" not in event.detail  # never the secret


def test_the_placeholder_actor_of_a_failed_sign_in_passes_no_rule(ctx, practice):
    nobody = unauthenticated("api")
    with pytest.raises(AccessDenied):
        require_role(nobody, Role.AUDITOR, what="reading the audit trail")
    assert not can_request_decisions(nobody)


def test_a_holder_lists_their_own_tokens_and_filtering_to_anothers_is_refused(ctx, practice):
    issue_token(ctx, practice.admin, practice.ben.staff_id)
    with pytest.raises(AccessDenied) as refused:
        list_tokens(ctx, practice.ana, staff_id=practice.ben.staff_id)
    assert refused.value.rule == "other_staff" and refused.value.audited
    assert len(list_tokens(ctx, practice.admin, staff_id=practice.ben.staff_id)) == 1


def test_revoked_tokens_and_inactive_staff_stop_working(ctx, practice):
    first = issue_token(ctx, practice.admin, practice.ben.staff_id)
    second = issue_token(ctx, practice.admin, practice.ben.staff_id)
    revoke_token(ctx, practice.ben, first.token.id)  # a holder may revoke their own
    with pytest.raises(AccessDenied, match="not valid") as refused:
        authenticate(ctx, first.secret)
    assert refused.value.rule == "token_revoked"
    assert authenticate(ctx, second.secret).staff_id == practice.ben.staff_id
    with ctx.db.transaction() as session:
        session.get(Staff, practice.ben.staff_id).active = False
    with pytest.raises(AccessDenied) as refused:
        authenticate(ctx, second.secret)
    assert refused.value.rule == "staff_inactive"


def test_only_admins_issue_and_others_revoke_only_their_own(ctx, practice):
    with pytest.raises(AccessDenied):
        issue_token(ctx, practice.sue, practice.ana.staff_id)
    issued = issue_token(ctx, practice.admin, practice.ana.staff_id)
    with pytest.raises(AccessDenied) as refused:
        revoke_token(ctx, practice.ben, issued.token.id)
    assert refused.value.rule == "not_token_holder"
    with pytest.raises(NotFound):
        issue_token(ctx, practice.admin, 99999)
    with pytest.raises(NotFound):
        revoke_token(ctx, practice.admin, 99999)
    with pytest.raises(ToolError, match="at most 100"):
        issue_token(ctx, practice.admin, practice.ana.staff_id, label="x" * 101)
    assert [t.id for t in list_tokens(ctx, practice.ana)] == [issued.token.id]
    assert list_tokens(ctx, practice.ben) == []
    assert len(list_tokens(ctx, practice.admin)) == 1
    with ctx.db.reading() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("token.issue") == 3 and actions.count("token.revoke") == 2
