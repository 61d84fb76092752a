"""Which PCP a member is attributed to: the open assignment, changing it, ending it.

Members are first attributed by claims history or geography; they may choose another
PCP, and a PCP may remove a member from the panel (PCP attribution operations design).
One open assignment per member (a unique index on PostgreSQL and SQLite); a change
closes the open one and starts the next, so the history stays.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.errors import NotFound, ToolError
from tools.store.models import PcpAssignment, Provider

SOURCES = ("initial", "member_choice", "reassignment")


def is_high_risk(chronic_conditions: int, program: str | None, disability: bool) -> bool:
    """High-risk members (chronic conditions or disabilities) go to complex case
    management instead of routine outreach: two or more chronic conditions, enrolment in
    CCM or PCM, or a disability the requester flagged."""
    return disability or chronic_conditions >= 2 or program in ("CCM", "PCM")


def current_pcp(session: Session, patient_id: int) -> PcpAssignment | None:
    return session.scalar(
        select(PcpAssignment).where(
            PcpAssignment.patient_id == patient_id, PcpAssignment.end_date.is_(None)
        )
    )


def find_provider(session: Session, ref: int | str) -> Provider:
    if isinstance(ref, int) and not isinstance(ref, bool):
        provider = session.get(Provider, ref)
    else:
        text = str(ref).strip()
        provider = session.scalar(
            select(Provider).where((Provider.npi == text) | (Provider.name == text))
        )
    if provider is None:
        # Not the reference itself: a member's name typed here would be echoed and audited.
        raise NotFound("no such provider (give an id, NPI or exact name)", field="provider")
    return provider


def assign_pcp(
    session: Session,
    *,
    patient_id: int,
    provider_id: int,
    source: str,
    today: date,
    now: datetime,
    changed_by: int | None,
    reason_code: str | None = None,
    case_id: int | None = None,
) -> PcpAssignment:
    """Attribute the member to ``provider_id`` from today, closing the open assignment."""
    if source not in SOURCES:
        raise ValueError(f"assignment source must be one of {SOURCES}")
    open_now = current_pcp(session, patient_id)
    if open_now is not None:
        if open_now.provider_id == provider_id:
            raise ToolError(
                f"patient {patient_id} is already attributed to provider {provider_id}",
                rule="same_pcp",
                field="provider",
            )
        open_now.end_date = today
        session.flush()  # the unique open-assignment index sees the old one closed first
    row = PcpAssignment(
        patient_id=patient_id,
        provider_id=provider_id,
        start_date=today,
        source=source,
        reason_code=reason_code,
        case_id=case_id,
        changed_by=changed_by,
        changed_at=now,
    )
    session.add(row)
    session.flush()
    return row
