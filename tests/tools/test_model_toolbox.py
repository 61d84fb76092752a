"""The tools a chat-model specialist may call: typed, authorized by the tool layer,
never writing, and never showing the model an identifier."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from agents.assignment import Assignment, DecisionAsk
from agents.composer import OfflineComposer
from graph.model.tools import TurnPhi, TurnToolbox
from knowledge.catalog import default_catalog
from tools.access import Actor
from tools.handoffs.service import list_handoffs
from tools.owners import set_owner
from tools.store.models import AuditEvent, TaskLogEntry
from tools.tasks.service import log_task

CHART = re.compile(r"ZK\d{4}")


class FakePhi:
    """Stands in for the guard: chart codes become <MRN_n>, the author's values kept."""

    def __init__(self, typed: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = dict(typed or {})

    def show(self, value: str, kind: str) -> str:
        for placeholder, known in self.values.items():
            if known == value:
                return placeholder
        placeholder = f"<{kind}_{len(self.values) + 1}>"
        self.values[placeholder] = value
        return placeholder

    def redact(self, text: str) -> str:
        return CHART.sub(lambda m: self.show(m.group(0), "MRN"), text)

    def turn(self) -> TurnPhi:
        return TurnPhi(self.redact, self.show, self.values.get)


def _toolbox(ctx, actor, phi: FakePhi, decision: DecisionAsk | None = None) -> TurnToolbox:
    assignment = Assignment(
        primary_agent="clinical-care-management-specialist",
        workflow=None,
        human_owners=["Case management director", "Attending physician"],
        decision=decision,
    )
    return TurnToolbox(default_catalog(), assignment, phi.turn(), records=ctx, actor=actor)


def _call(box: TurnToolbox, name: str, **args: object) -> str:
    return str(box.run({"name": name, "args": args, "id": "call_1", "type": "tool_call"}).content)


def test_the_panel_shows_placeholders_never_chart_codes_or_names(ctx, practice):
    phi = FakePhi()
    out = _call(_toolbox(ctx, practice.ana, phi), "patient_panel")
    assert out.startswith("3 patients")  # Ana's own three patients
    assert "ZK10" not in out and "TESTPATIENT" not in out
    assert "<MRN_1>" in out and phi.values["<MRN_1>"].startswith("ZK10")


def test_a_coordinator_is_refused_billing_codes_and_the_refusal_is_audited(ctx, practice):
    box = _toolbox(ctx, practice.ana, FakePhi())
    out = _call(box, "billing_codes", program="ccm", minutes=65)
    assert out.startswith("refused (billing_hidden)")
    assert "99490" not in out
    with ctx.db.reading() as session:
        denied = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "billing.codes")
        ).all()
    assert [(e.actor_id, e.outcome) for e in denied] == [(practice.ana.staff_id, "denied")]
    admin = _call(
        _toolbox(ctx, practice.admin, FakePhi()), "billing_codes", program="ccm", minutes=65
    )
    assert admin == "CCM 65 min: 99490 + 99439 ×2"


def test_checking_a_time_entry_writes_nothing(ctx, practice):
    phi = FakePhi({"<MRN_1>": "ZK1029"})
    box = _toolbox(ctx, practice.ana, phi)
    out = _call(
        box, "check_time_entry", patient="<MRN_1>", task_type="care plan review", minutes=25
    )
    assert "passes every rule" in out and "Not saved" in out and "<MRN_1>" in out
    refused = _call(
        box, "check_time_entry", patient="<MRN_1>", task_type="care plan review", minutes=3
    )
    assert refused.startswith("refused (minutes_min)")
    unknown = _call(box, "check_time_entry", patient="ZK1029", task_type="phone call", minutes=10)
    assert unknown.startswith("refused (patient)")  # only placeholders the author typed
    with ctx.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(TaskLogEntry)) == 0


def test_the_task_log_counts_the_actors_own_entries(ctx, practice):
    log_task(
        ctx,
        practice.ana,
        coordinator_id=practice.ana.staff_id,
        patient="ZK1029",
        task_type="CCM: Care Plan Monthly REVIEW/CLOSE",
        minutes=25,
    )
    out = _call(_toolbox(ctx, practice.ana, FakePhi()), "task_log", period="week")
    assert out.startswith("1 entries, 25 min") and "ZK1029" not in out
    other = _call(_toolbox(ctx, practice.cara, FakePhi()), "task_log", period="week")
    assert other.startswith("0 entries")  # another team's coordinator sees none


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("billing_codes", {"program": "xyz", "minutes": 20}, "error: invalid arguments (program"),
        ("billing_codes", {"program": "ccm"}, "error: invalid arguments (minutes"),
        ("patient_panel", {"visit": "someday"}, "error: invalid arguments (visit"),
        ("request_decision", {"kind": "vibes", "question": "Approve it?"}, "error: invalid"),
        ("delete_everything", {}, "error: no tool named 'delete_everything'"),
    ],
)
def test_bad_tool_calls_come_back_as_errors_naming_the_field(ctx, practice, name, args, expected):
    out = _call(_toolbox(ctx, practice.admin, FakePhi()), name, **args)
    assert out.startswith(expected), out


def test_a_decision_goes_to_the_maps_owner_and_is_never_made(ctx, practice):
    box = _toolbox(ctx, practice.admin, FakePhi())
    out = _call(box, "request_decision", kind="clinical", question="Discharge <PERSON_1> today?")
    # Outside the map's workflows the agent profile's owners decide, the first one first.
    assert "Case management director" in out and "does not decide" in out
    assert box.decision is not None and box.decision.owner == "Case management director"
    again = _call(box, "request_decision", kind="clinical", question="And the other one?")
    assert again.startswith("already going to the Case management director")
    with ctx.db.reading() as session:  # nothing opened yet: the graph's decision flow does
        actions = set(session.scalars(select(AuditEvent.action)))
    assert "decision.open" not in actions


def test_without_a_linked_account_only_the_decision_tool_is_offered(ctx):
    box = TurnToolbox(
        default_catalog(),
        Assignment(primary_agent="revenue-cycle-specialist", human_owners=["CFO"]),
        FakePhi().turn(),
    )
    assert [tool.name for tool in box.tools()] == ["request_decision"]


def test_a_handoff_is_opened_on_the_plans_own_owner_and_clock(ctx, practice):
    catalog = default_catalog()
    assignment = Assignment(
        primary_agent="revenue-cycle-specialist",
        workflow="clean-claim-denial-recovery",
        human_owners=["Revenue cycle director", "CFO", "Compliance/legal"],
    )
    plan = OfflineComposer(catalog).compose("CO-197 denials", assignment, phi_detected=False)
    first = plan.boundaries[0]
    set_owner(ctx, Actor.system("test"), first.owner, primary=practice.sue.staff_id)
    box = TurnToolbox(
        catalog,
        assignment,
        FakePhi().turn(),
        records=ctx,
        actor=practice.ana,
        boundaries=list(plan.boundaries),
        thread_id="thread-7",
    )
    out = _call(box, "open_handoff", boundary=1, waiting_on="the coding query for ZK1029")
    assert out.startswith("opened handoff #") and f"for the {first.owner}" in out
    (opened,) = list_handoffs(ctx, practice.admin, open_only=True)
    assert opened.owner_role == first.owner and opened.holder_staff_id == practice.sue.staff_id
    assert opened.thread_id == "thread-7" and opened.outcome_target == first.outcome
    assert (opened.due_at - opened.opened_at).total_seconds() == first.time_frame_hours * 3600
    assert "ZK1029" not in opened.waiting_on and "<MRN_1>" in opened.waiting_on
    too_far = _call(box, "open_handoff", boundary=len(plan.boundaries) + 1)
    assert too_far.startswith("refused (boundary)")
    other = next(n for n, b in enumerate(plan.boundaries, 1) if b.owner != first.owner)
    unfilled = _call(box, "open_handoff", boundary=other)  # nobody fills that role here
    assert unfilled.startswith("refused (owner_unfilled)")
    auditor = TurnToolbox(
        catalog, assignment, FakePhi().turn(), ctx, practice.auditor, list(plan.boundaries)
    )
    assert _call(auditor, "open_handoff", boundary=1).startswith("refused (role)")
