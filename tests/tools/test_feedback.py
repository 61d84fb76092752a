"""Feedback verdicts and routing corrections in the store: access, review, audit,
all-or-nothing imports, the version counter every worker watches, and the report."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select

from tools.errors import AccessDenied, NotFound, ToolError
from tools.feedback.report import feedback_report
from tools.feedback.service import (
    AnsweredTurn,
    CorrectionsFileError,
    Verdict,
    accepted_corrections,
    add_correction,
    corrections_version,
    import_corrections,
    list_corrections,
    record_feedback,
    review_correction,
)
from tools.store.models import (
    AnswerFeedback,
    AuditEvent,
    RoutingCorrection,
    RoutingCorrectionsVersion,
)

AGENTS = frozenset(
    {
        "clinical-prior-authorization-specialist",
        "revenue-cycle-specialist",
        "payer-relations-specialist",
    }
)
TURN = AnsweredTurn(
    thread_id="s1-abc",
    request="Prior auth for <PERSON_1>'s MRI is stuck with the payer",
    agent="revenue-cycle-specialist",
    workflow="prior-authorization",
)


def _count(ctx, model) -> int:
    with ctx.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _actions(ctx) -> list[str]:
    with ctx.db.reading() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_verdict_is_stored_with_the_redacted_request_role_and_agents(ctx, practice):
    recorded = record_feedback(
        ctx,
        practice.ana,
        TURN,
        Verdict(
            False, "clinical-prior-authorization-specialist", "Call Maria Lopez at 555-201-3344"
        ),
        AGENTS,
    )
    with ctx.db.reading() as session:
        row = session.get(AnswerFeedback, recorded.feedback_id)
        correction = session.get(RoutingCorrection, recorded.correction_id)
    assert row.role == "coordinator" and row.staff_id == practice.ana.staff_id
    assert row.chosen_agent == "revenue-cycle-specialist"
    assert row.corrected_agent == "clinical-prior-authorization-specialist"
    assert row.helpful is False and row.workflow == "prior-authorization"
    assert "Maria" not in row.comment and "555-201-3344" not in row.comment
    assert "<PERSON_1>" in row.request
    assert correction.status == "pending" and correction.text == row.request
    assert correction.from_agent == "revenue-cycle-specialist"
    assert _actions(ctx)[-1] == "feedback.give"
    # A pending correction does not route: the version has not moved.
    assert corrections_version(ctx) == 0
    assert accepted_corrections(ctx)[1] == []


def test_a_helpful_verdict_proposes_no_correction(ctx, practice):
    recorded = record_feedback(ctx, practice.sue, TURN, Verdict(True), AGENTS)
    assert recorded.correction_id is None
    assert _count(ctx, RoutingCorrection) == 0


@pytest.mark.parametrize(
    ("turn", "verdict", "rule"),
    [
        (TURN, Verdict(False, "no-such-agent"), "agent"),
        (TURN, Verdict(False, "revenue-cycle-specialist"), "same_agent"),
        (TURN, Verdict(True, None, "x" * 501), "comment"),
        (TURN, Verdict(True, None, "bad\x00byte"), "comment"),
        (
            AnsweredTurn("s1-x", "log 20 minutes", None, None),
            Verdict(False, "revenue-cycle-specialist"),
            "not_routed",
        ),
    ],
)
def test_bad_verdicts_are_refused_and_nothing_is_written(ctx, practice, turn, verdict, rule):
    with pytest.raises(ToolError) as refused:
        record_feedback(ctx, practice.ana, turn, verdict, AGENTS)
    assert refused.value.rule == rule
    assert _count(ctx, AnswerFeedback) == 0 and _count(ctx, RoutingCorrection) == 0


def test_auditors_give_no_feedback_and_the_refusal_is_audited(ctx, practice):
    with pytest.raises(AccessDenied):
        record_feedback(ctx, practice.auditor, TURN, Verdict(True), AGENTS)
    assert _count(ctx, AnswerFeedback) == 0
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.outcome) == ("feedback.give", "denied")


def _pending(ctx, practice) -> int:
    verdict = Verdict(False, "clinical-prior-authorization-specialist")
    correction = record_feedback(ctx, practice.ana, TURN, verdict, AGENTS).correction_id
    assert correction is not None
    return correction


def test_a_reviewer_accepts_a_pending_correction_and_the_version_moves(ctx, practice):
    correction = _pending(ctx, practice)
    assert [v.id for v in list_corrections(ctx, practice.sue)] == [correction]
    view = review_correction(ctx, practice.sue, correction, accept=True)
    assert view.status == "accepted" and view.reviewed_by == practice.sue.staff_id
    version, accepted = accepted_corrections(ctx)
    assert version == 1 == corrections_version(ctx)
    assert [(c.id, c.agent) for c in accepted] == [
        (correction, "clinical-prior-authorization-specialist")
    ]
    assert list_corrections(ctx, practice.sue) == []
    assert "corrections.accept" in _actions(ctx)


def test_rejecting_an_accepted_correction_stops_it_routing(ctx, practice):
    correction = _pending(ctx, practice)
    review_correction(ctx, practice.admin, correction, accept=True)
    review_correction(ctx, practice.admin, correction, accept=False)
    version, accepted = accepted_corrections(ctx)
    assert (version, accepted) == (2, [])
    with pytest.raises(ToolError) as again:
        review_correction(ctx, practice.admin, correction, accept=True)
    assert again.value.rule == "already_reviewed"


def test_rejecting_a_pending_correction_leaves_routing_alone(ctx, practice):
    correction = _pending(ctx, practice)
    assert review_correction(ctx, practice.sue, correction, accept=False).status == "rejected"
    assert corrections_version(ctx) == 0


@pytest.mark.parametrize("who", ["ana", "ben", "auditor"])
def test_only_supervisors_and_admins_review(ctx, practice, who):
    correction = _pending(ctx, practice)
    with pytest.raises(AccessDenied):
        review_correction(ctx, getattr(practice, who), correction, accept=True)
    with pytest.raises(AccessDenied):
        list_corrections(ctx, getattr(practice, who))
    assert corrections_version(ctx) == 0


def test_a_supervisor_does_not_review_their_own_correction(ctx, practice):
    verdict = Verdict(False, "clinical-prior-authorization-specialist")
    correction = record_feedback(ctx, practice.sue, TURN, verdict, AGENTS).correction_id
    with pytest.raises(AccessDenied) as refused:
        review_correction(ctx, practice.sue, correction, accept=True)
    assert refused.value.rule == "own_correction"
    assert review_correction(ctx, practice.admin, correction, accept=True).status == "accepted"


def test_reviewing_an_unknown_correction_is_not_found(ctx, practice):
    with pytest.raises(NotFound):
        review_correction(ctx, practice.admin, 999, accept=True)


def test_admins_add_accepted_corrections_with_the_text_redacted(ctx, practice):
    view = add_correction(
        ctx,
        practice.admin,
        "Jane Smith's MRI auth was denied, appeal it",
        "clinical-prior-authorization-specialist",
        AGENTS,
    )
    assert view.status == "accepted" and view.source == "cli"
    assert "Jane Smith" not in view.text
    assert corrections_version(ctx) == 1
    with pytest.raises(AccessDenied):
        add_correction(ctx, practice.sue, "appeal the denial", "revenue-cycle-specialist", AGENTS)
    with pytest.raises(ToolError) as unknown:
        add_correction(ctx, practice.admin, "appeal the denial", "nobody", AGENTS)
    assert unknown.value.field == "agent"


def _line(text: object, agent: object) -> str:
    return json.dumps({"text": text, "primary_agent": agent})


def test_an_import_records_every_line_accepted(ctx, practice):
    lines = [
        _line(
            "MRI auth pending nine days with the payer", "clinical-prior-authorization-specialist"
        ),
        "",
        _line("our payer contract renewal terms", "payer-relations-specialist"),
    ]
    assert import_corrections(ctx, practice.admin, lines, AGENTS) == 2
    version, accepted = accepted_corrections(ctx)
    assert version == 1 and len(accepted) == 2


def test_an_import_with_bad_lines_names_each_and_imports_nothing(ctx, practice):
    lines = [
        _line("a fine request", "payer-relations-specialist"),
        "{not json",
        _line("", "payer-relations-specialist"),
        _line("fine text", "nobody"),
        json.dumps(["a", "list"]),
        b"\xff\xfe",
        _line("fine text", 7),
    ]
    with pytest.raises(CorrectionsFileError) as bad:
        import_corrections(ctx, practice.admin, lines, AGENTS)
    assert bad.value.problems == [
        "line 2: not JSON",
        "line 3: text: required",
        "line 4: primary_agent: not one of the 51 specialists",
        'line 5: not an object with "text" and "primary_agent"',
        "line 6: not UTF-8",
        "line 7: primary_agent: required, a string",
    ]
    assert _count(ctx, RoutingCorrection) == 0 and corrections_version(ctx) == 0
    assert "a fine request" not in str(bad.value)


def test_only_admins_import(ctx, practice):
    with pytest.raises(AccessDenied):
        import_corrections(ctx, practice.sue, [_line("x", "payer-relations-specialist")], AGENTS)


def test_the_report_rates_agents_and_workflows_and_names_corrected_routes(ctx, practice):
    record_feedback(ctx, practice.ana, TURN, Verdict(True), AGENTS)
    record_feedback(
        ctx, practice.ben, TURN, Verdict(False, "clinical-prior-authorization-specialist"), AGENTS
    )
    other = AnsweredTurn("s2-x", "renegotiate our contract", "payer-relations-specialist", None)
    record_feedback(ctx, practice.ana, other, Verdict(True), AGENTS)
    report = feedback_report(ctx, practice.sue)
    rates = {r.name: (r.helpful, r.verdicts) for r in report.by_agent}
    assert rates == {"revenue-cycle-specialist": (1, 2), "payer-relations-specialist": (1, 1)}
    workflows = {r.name: (r.helpful, r.verdicts) for r in report.by_workflow}
    assert workflows == {"prior-authorization": (1, 2), "none": (1, 1)}
    assert [(r.from_agent, r.to_agent, r.count) for r in report.most_corrected] == [
        ("revenue-cycle-specialist", "clinical-prior-authorization-specialist", 1)
    ]
    assert report.pending_review == 1 and (report.helpful, report.verdicts) == (2, 3)
    assert feedback_report(ctx, practice.admin, "2026-09").verdicts == 0
    assert feedback_report(ctx, practice.admin, "2026-10").verdicts == 3
    with pytest.raises(AccessDenied):
        feedback_report(ctx, practice.ana)
    with pytest.raises(ToolError):
        feedback_report(ctx, practice.admin, "October")


def test_a_store_missing_its_version_row_gets_one_at_the_next_change(ctx, practice):
    with ctx.db.transaction() as session:
        session.execute(delete(RoutingCorrectionsVersion))
    assert corrections_version(ctx) == 0
    add_correction(ctx, practice.admin, "appeal the denial", "revenue-cycle-specialist", AGENTS)
    assert corrections_version(ctx) == 1
