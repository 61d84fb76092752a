"""Decision requests in plain words for a viewer: reads what the wording needs, then words.

The wording itself is pure (``tools.decision_requests.wording``); this reads its facts in
one go for a page of requests: staff names and roles (not patient information), each
request's patient (chart code, coordinator and team), the active deciders of each
role, task types' usual minutes and PCP names.

It writes no audit event, and so may run inside another transaction (the Slack
delivery of the outbox): the requests were read through an audited call
(``get_decision``, ``list_decisions``) or are the ones the tool layer queued for their
recipient (``stored_decision``), and a chart code reaches only a viewer whose access
lets them see that patient.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tools.access import Actor, Assignment
from tools.context import ToolContext
from tools.decision_requests.records import DecisionView
from tools.decision_requests.wording import (
    DecisionWords,
    PatientOnFile,
    StaffMember,
    WordingFacts,
    describe_decision,
)
from tools.owners import active_deciders
from tools.store.models import Patient, Provider, Staff, TaskType


def _ids(values: Iterable[Any]) -> set[int]:
    # bool is an int too; an id never is one.
    return {v for v in values if isinstance(v, int) and not isinstance(v, bool)}


def wording_facts(session: Session, views: Sequence[DecisionView]) -> WordingFacts:
    """What ``describe_decision`` needs for ``views``, read in a few queries."""
    arguments = [v.final_arguments() for v in views]
    patients: dict[int, PatientOnFile] = {}
    patient_ids = _ids(v.patient_id for v in views)
    if patient_ids:
        coordinator = aliased(Staff)
        rows = session.execute(
            select(Patient.id, Patient.chart_code, Patient.coordinator_id, coordinator.team)
            .outerjoin(coordinator, coordinator.id == Patient.coordinator_id)
            .where(Patient.id.in_(patient_ids))
        )
        for pid, chart, coordinator_id, team in rows:
            patients[pid] = PatientOnFile(Assignment(pid, coordinator_id, team), chart)
    deciders = {role: active_deciders(session, role) for role in {v.owner_role for v in views}}
    people = _ids(
        [v.requester_id for v in views]
        + [v.owner_staff_id for v in views]
        + [v.decided_by for v in views]
        + [a.get("coordinator_id") for a in arguments]
        + [p.assignment.coordinator_id for p in patients.values()]
        + [person for chain in deciders.values() for person in chain]
    )
    staff = {
        sid: StaffMember(name, role, team)
        for sid, name, role, team in session.execute(
            select(Staff.id, Staff.name, Staff.role, Staff.team).where(Staff.id.in_(people))
        )
    }
    types = {str(a["task_type"]) for a in arguments if a.get("task_type")}
    averages = dict(
        session.execute(
            select(TaskType.name, TaskType.average_minutes).where(TaskType.name.in_(types))
        ).all()
    )
    provider_ids = _ids(a.get("provider_id") for a in arguments)
    providers = dict(
        session.execute(
            select(Provider.id, Provider.name).where(Provider.id.in_(provider_ids))
        ).all()
    )
    return WordingFacts(staff, patients, deciders, averages, providers)


def describe_decisions(
    ctx: ToolContext, viewer: Actor | None, views: Sequence[DecisionView]
) -> dict[int, DecisionWords]:
    """Each request in plain words for ``viewer`` (None: nobody in particular, so no
    chart code), by request id."""
    if not views:
        return {}
    with ctx.db.reading() as session:
        facts = wording_facts(session, views)
    now = ctx.clock.now()
    return {v.id: describe_decision(v, viewer, facts, now) for v in views}


def describe(ctx: ToolContext, viewer: Actor | None, view: DecisionView) -> DecisionWords:
    return describe_decisions(ctx, viewer, [view])[view.id]
