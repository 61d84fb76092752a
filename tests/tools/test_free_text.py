"""The tool layer redacts every free text it stores, whichever surface called it.

Each row of ``CALLS`` is one tool call that takes free text, driven with identifiers of
a caller's relative (none of them in the practice's records); afterwards no table of
the store holds any of them, and no refusal quotes them. A new tool that stores text
is one more row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from tools.billing.month import BillingMonth
from tools.billing.practitioner_time import log_practitioner_time
from tools.cases.service import change_pcp, open_referral
from tools.context import ToolContext
from tools.decision_requests.service import answer_decision, get_decision, open_decision
from tools.errors import ToolError
from tools.free_text import PhiTextGuard, redact_values
from tools.handoffs.records import HandoffSpec
from tools.handoffs.service import cancel_handoff, complete_handoff, open_handoff
from tools.owners import set_owner
from tools.schedules.service import complete_scheduled, generate_month, list_scheduled
from tools.staff import add_staff
from tools.store.models import AuditEvent, Base, TaskLogEntry
from tools.tasks.service import edit_task, log_task
from tools.tasks.signoff import request_time_entry_signoff
from tools.tokens import issue_token

NAME = "Rosalind Achterberg"
PHI = f"Daughter {NAME} called from 614-555-0187 about moving him to 4417 Calloway Ct"
RAW = ("rosalind", "achterberg", "614-555-0187", "4417 calloway")
REVIEW = "CCM: Care Plan Monthly REVIEW/CLOSE"  # average 30 minutes
DIRECTOR = "Revenue cycle director"


@pytest.fixture
def owners(ctx, practice):
    set_owner(ctx, practice.admin, DIRECTOR, primary=practice.sue.staff_id)
    set_owner(ctx, practice.admin, "Billing supervisor", primary=practice.sue.staff_id)
    return practice


def stored(ctx: ToolContext) -> str:
    """Every row of every table, as one lower-case text."""
    with ctx.db.reading() as session:
        rows = [
            repr(tuple(row))
            for table in Base.metadata.sorted_tables
            for row in session.execute(select(table))
        ]
    return "\n".join(rows).casefold()


def log(ctx, p, **changes):
    entry = dict(
        coordinator_id=p.ana.staff_id, patient="ZK1029", task_type=REVIEW, minutes=20, notes=""
    )
    return log_task(ctx, p.ana, **{**entry, **changes})


def signoff(ctx, p, notes: str = PHI):
    return request_time_entry_signoff(
        ctx,
        p.ana,
        coordinator_id=p.ana.staff_id,
        patient="ZK1029",
        task_type=REVIEW,
        minutes=90,
        notes=notes,
    )


def plan_decision(ctx, p):
    return open_decision(
        ctx,
        p.ana,
        kind="billing",
        question=f"Write off the balance? {PHI}",
        owner_role=DIRECTOR,
        due_in=timedelta(hours=24),
        evidence=PHI,
        arguments={"note": PHI, "contacts": [PHI], "amount_usd": "120.00"},
    )


def handoff(ctx, p):
    spec = HandoffSpec(
        title=f"Call back {PHI}",
        owner_role="Billing supervisor",
        due_in=timedelta(hours=24),
        escalate_after=timedelta(hours=24),
        entry_conditions=(PHI,),
        waiting_on=PHI,
        outcome_target=PHI,
    )
    return open_handoff(ctx, p.ana, spec, patient="ZK1029")


def _complete_scheduled(ctx, p) -> None:
    generate_month(ctx, p.admin, BillingMonth(2026, 10))
    task = next(t for t in list_scheduled(ctx, p.ana) if t.chart_code == "ZK1029")
    complete_scheduled(ctx, p.ana, task.id, minutes=20, notes=PHI)


def _owner_edits_and_comments(ctx, p) -> None:
    asked = signoff(ctx, p)
    edits = {"notes": PHI}
    answer_decision(ctx, p.sue, asked.id, "edit", comment=PHI, edited=edits)


def _decision_answered(ctx, p) -> None:
    asked = plan_decision(ctx, p)
    answer_decision(ctx, p.sue, asked.id, "respond", comment=PHI)
    answer_decision(ctx, p.sue, asked.id, "edit", edited={"note": PHI, "contacts": [PHI]})


def _handoff_done(ctx, p) -> None:
    complete_handoff(ctx, p.sue, handoff(ctx, p).id, result=PHI)


def _handoff_cancelled(ctx, p) -> None:
    cancel_handoff(ctx, p.ana, handoff(ctx, p).id, PHI)


def _unknown_edit_name(ctx, p) -> None:
    answer_decision(ctx, p.sue, signoff(ctx, p, notes="").id, "edit", edited={NAME: "1"})


CALLS: dict[str, Callable[..., object]] = {
    "task notes, logged": lambda ctx, p: log(ctx, p, notes=PHI),
    "task notes, edited": lambda ctx, p: edit_task(ctx, p.ana, log(ctx, p).id, notes=PHI),
    "scheduled task completed with notes": _complete_scheduled,
    "sign-off request's notes": signoff,
    "sign-off edited and commented by its owner": _owner_edits_and_comments,
    "decision request's question, evidence and arguments": plan_decision,
    "decision answered with comments and edits": _decision_answered,
    "practitioner time's activity": lambda ctx, p: log_practitioner_time(
        ctx, p.admin, patient="ZK1029", minutes=30, activity=PHI
    ),
    "handoff opened": handoff,
    "handoff done with a result": _handoff_done,
    "handoff cancelled with a reason": _handoff_cancelled,
    "API token label": lambda ctx, p: issue_token(ctx, p.admin, p.ana.staff_id, label=PHI[:100]),
    # Refused calls: the refusal is audited, and neither it nor its message quotes the text.
    "patient looked up by a name": lambda ctx, p: log(ctx, p, patient=NAME),
    "task type typed as a sentence": lambda ctx, p: log(ctx, p, task_type=PHI),
    "referral to a name instead of a specialty": lambda ctx, p: open_referral(
        ctx, p.ana, patient="ZK1029", specialty=NAME
    ),
    "provider looked up by a name": lambda ctx, p: change_pcp(
        ctx, p.ana, patient="ZK1029", provider=NAME, reason_code="moved"
    ),
    "edit of an argument the request does not have": _unknown_edit_name,
    "Slack id that is a phone number": lambda ctx, p: add_staff(
        ctx, p.admin, name="New Coord", role="coordinator", team="North", slack_user_id=PHI
    ),
    "task type edit to a sentence": lambda ctx, p: edit_task(
        ctx, p.ana, log(ctx, p).id, task_type=PHI
    ),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_no_free_text_is_stored_or_quoted_as_typed(ctx, owners, call) -> None:
    message = ""
    try:
        call(ctx, owners)
    except ToolError as refused:
        message = str(refused).casefold()
    everything = stored(ctx)
    assert "<person_1>" in everything or message  # the text arrived, redacted, or was refused
    for raw in RAW:
        assert raw not in everything, raw
        assert raw not in message, raw


def test_a_refusal_is_audited_by_its_rule_and_field_only(ctx, practice) -> None:
    with pytest.raises(ToolError):
        log(ctx, practice, patient=NAME)
    with ctx.db.reading() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.outcome, event.detail) == ("failed", "not_found: patient")


def test_typed_values_are_validated_never_redacted(ctx, practice) -> None:
    # A date, a task type and minutes in an owner's edit stay what they are; the notes
    # next to them are redacted. The guard would take "2026-10-13" for a date of birth.
    asked = signoff(ctx, practice)
    edits = {"notes": PHI, "task_date": "2026-10-13", "task_type": REVIEW, "minutes": "75"}
    answered = answer_decision(ctx, practice.sue, asked.id, "edit", edited=edits)
    assert answered.edited_arguments is not None
    assert answered.edited_arguments["task_date"] == "2026-10-13"
    assert answered.edited_arguments["task_type"] == REVIEW
    assert answered.edited_arguments["notes"].startswith("Daughter <PERSON_1> called from")
    with ctx.db.reading() as session:
        entry = session.scalars(select(TaskLogEntry)).one()
    assert (str(entry.task_date), entry.minutes) == ("2026-10-13", 75)
    assert entry.notes == answered.edited_arguments["notes"]
    view = get_decision(ctx, practice.sue, asked.id)
    assert json.dumps(view.arguments).count("<PERSON_1>") == 1  # the request's notes


def test_text_the_graph_redacted_in_its_thread_passes_unchanged(ctx, practice) -> None:
    # The graph numbers placeholders per conversation; the store keeps its numbering.
    notes = "left a message for <PERSON_2> at <PHONE_1>; call back on <DATE_1>"
    assert log(ctx, practice, notes=notes).notes == notes


def test_a_context_cannot_be_built_without_a_guard(ctx, shared_guard) -> None:
    with pytest.raises(TypeError):
        ToolContext(ctx.db)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="FreeTextGuard"):
        ToolContext(ctx.db, guard=shared_guard)  # the guard itself returns a Redaction
    with pytest.raises(ValueError):
        PhiTextGuard()


def test_the_guard_loads_only_for_text_and_schema_less_values_are_walked(shared_guard) -> None:
    loads: list[int] = []

    def load():
        loads.append(1)
        return shared_guard

    guard = PhiTextGuard(load=load)
    assert guard.redact_text("  ") == "  " and loads == []
    walked = redact_values(guard, {"who": NAME, "calls": [PHI, 3], "minutes": 20})
    assert walked == {
        "who": "<PERSON_1>",
        "calls": [shared_guard.redact(PHI).text, 3],
        "minutes": 20,
    }
    assert loads == [1]
