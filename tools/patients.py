"""Finding patients and scoping queries to what an actor may see."""

from __future__ import annotations

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from tools.access import Actor, Assignment, Role, require_patient
from tools.errors import NotFound
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


def visible_patients(actor: Actor) -> Select[tuple[Patient]]:
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
