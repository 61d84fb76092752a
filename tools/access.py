"""Who may see and do what, enforced in the tool layer so every surface gets the same rules.

PCC workflow design §7.1 and the issue's roles: coordinators see and log only their
assigned patients and never see billing codes or amounts; supervisors see their team;
admins see everything; auditors read the audit trail (45 CFR 164.312(b): logs are
protected from readers without the auditor role) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tools.errors import AccessDenied


class Role(StrEnum):
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"


NO_ROLE = "none"  # the audit trail's role for a failed sign-in


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the store knows them, and through which channel."""

    staff_id: int | None
    name: str
    role: Role
    team: str | None = None
    channel: str = "cli"
    # False only for whoever failed to sign in: the audit trail records them with no
    # role ("none"), and every rule here refuses them.
    authenticated: bool = True

    @property
    def audited_role(self) -> str:
        """The role the audit trail records: none for someone who never signed in."""
        return str(self.role) if self.authenticated else NO_ROLE

    @classmethod
    def system(cls, channel: str = "job") -> Actor:
        """Baton itself (scheduled jobs, imports run by the operator of the server)."""
        return cls(staff_id=None, name="system", role=Role.ADMIN, channel=channel)


@dataclass(frozen=True)
class Assignment:
    """The part of a patient record access decisions need."""

    patient_id: int
    coordinator_id: int | None
    coordinator_team: str | None


def can_view_patient(actor: Actor, patient: Assignment) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.COORDINATOR:
        return patient.coordinator_id is not None and patient.coordinator_id == actor.staff_id
    if actor.role is Role.SUPERVISOR:
        return actor.team is not None and patient.coordinator_team == actor.team
    return False


def require_patient(actor: Actor, patient: Assignment) -> None:
    if not can_view_patient(actor, patient):
        raise AccessDenied(
            f"{actor.role} {actor.name} may not access patient {patient.patient_id}",
            rule="patient_not_assigned",
            patient_id=patient.patient_id,
        )


def can_act_for(actor: Actor, coordinator_id: int, coordinator_team: str | None) -> bool:
    """May ``actor`` log or change time entries on behalf of this coordinator?"""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.COORDINATOR:
        return actor.staff_id == coordinator_id
    if actor.role is Role.SUPERVISOR:
        return actor.team is not None and actor.team == coordinator_team
    return False


def can_see_billing(actor: Actor) -> bool:
    return actor.role in (Role.ADMIN, Role.SUPERVISOR)


def require_billing(actor: Actor) -> None:
    if not can_see_billing(actor):
        raise AccessDenied(
            f"{actor.role} {actor.name} may not see billing codes or amounts",
            rule="billing_hidden",
        )


def can_request_decisions(actor: Actor) -> bool:
    """Auditors read the trail and take no part in the work it records, so they ask
    nobody for a decision (a sign-off, a write-off, a plan's final decision)."""
    return actor.authenticated and actor.role in (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)


def require_decision_requests(actor: Actor) -> None:
    if not can_request_decisions(actor):
        raise AccessDenied(
            f"your role ({actor.role}) cannot send requests for decisions",
            rule="role",
        )


def require_role(actor: Actor, *roles: Role, what: str) -> None:
    if not actor.authenticated or actor.role not in roles:
        allowed = " or ".join(str(role) for role in roles)
        raise AccessDenied(
            f"{what} needs the {allowed} role; {actor.name} is {actor.role}", rule="role"
        )
