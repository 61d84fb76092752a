"""Finding patients and scoping queries to what an actor may see."""

from __future__ import annotations

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from tools.access import Actor, Assignment, Role, can_act_for, require_patient
from tools.errors import AccessDenied, NotFound
from tools.store.models import Patient, Staff


def find_patient(session: Session, ref: int | str) -> Patient:
    """A patient by id or chart code (chart codes are matched case-insensitively)."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        patient = session.get(Patient, ref)
    else:
        code = str(ref).strip().upper()
        patient = session.scalar(select(Patient).where(Patient.chart_code == code))
    if patient is None:
        # Never the reference itself: people type names where a chart code belongs.
        raise NotFound(
            f"no patient with that {'id' if isinstance(ref, int) else 'chart code'}",
            field="patient",
        )
    return patient


def assignment_of(patient: Patient) -> Assignment:
    coordinator = patient.coordinator
    return Assignment(
        patient_id=patient.id,
        coordinator_id=patient.coordinator_id,
        coordinator_team=coordinator.team if coordinator else None,
    )


def find_visible_patient(session: Session, actor: Actor, ref: int | str) -> Patient:
    """The patient, if ``actor`` may see them; denied (and later audited) otherwise."""
    patient = find_patient(session, ref)
    require_patient(actor, assignment_of(patient))
    return patient


def visible_patients(actor: Actor) -> Select[Patient]:
    """A query for every patient ``actor`` may see (none for auditors)."""
    query = select(Patient)
    if actor.role is Role.ADMIN:
        return query
    if actor.role is Role.COORDINATOR and actor.staff_id is not None:
        return query.where(Patient.coordinator_id == actor.staff_id)
    if actor.role is Role.SUPERVISOR and actor.team:
        team = select(Staff.id).where(Staff.team == actor.team)
        return query.where(Patient.coordinator_id.in_(team))
    return query.where(false())


def require_coordinator_filter(session: Session, actor: Actor, coordinator_id: int) -> None:
    """Refuse a filter on a coordinator whose work ``actor`` may not see.

    Filtering is not a way around the rules: a coordinator filters to themselves, a
    supervisor to their team, an admin to anyone. Refused rather than answered with an
    empty list, so the attempt is audited like any other refusal (45 CFR 164.312(b)).
    """
    if actor.role is Role.ADMIN:
        return
    # Ids outside the store's integer range name nobody (and would overflow SQLite).
    coordinator = session.get(Staff, coordinator_id) if 0 < coordinator_id < 2**63 else None
    if not can_act_for(actor, coordinator_id, coordinator.team if coordinator else None):
        raise AccessDenied(
            f"{actor.role} {actor.name} may not see the records of coordinator {coordinator_id}",
            rule="other_coordinator",
        )
