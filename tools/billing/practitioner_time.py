"""The billing practitioner's own care-management time (the physician/QHP track).

CMS bills the practitioner's personal time under its own codes (CCM 99491/99437, PCM
99424/99425), apart from clinical-staff time, and never both tracks for one patient in
one month (domain.md §3; the month decision picks one and says why). Admins record it
on the practitioner's behalf, from the practitioner's own documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import ToolError
from tools.patients import find_patient
from tools.store.models import PractitionerTime

MAX_MINUTES_PER_ENTRY = 240
MAX_ACTIVITY_CHARS = 200


@dataclass(frozen=True)
class RecordedTime:
    id: int
    chart_code: str
    provider_id: int
    minutes: int
    service_date: date


def check_practitioner_entry(minutes: object, service_date: date, today: date) -> None:
    """The rules of one entry, as a pure function."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ToolError("minutes must be a whole number", rule="minutes_type", field="minutes")
    if not 1 <= minutes <= MAX_MINUTES_PER_ENTRY:
        raise ToolError(
            f"practitioner minutes must be 1 to {MAX_MINUTES_PER_ENTRY} per entry, got {minutes}",
            rule="minutes_range",
            field="minutes",
        )
    if service_date > today:
        raise ToolError(
            f"service date {service_date.isoformat()} is in the future",
            rule="future_date",
            field="date",
        )


def log_practitioner_time(
    ctx: ToolContext,
    actor: Actor,
    *,
    patient: int | str,
    minutes: int,
    service_date: date | None = None,
    activity: str = "care management",
) -> RecordedTime:
    """Record the patient's billing practitioner's personal minutes (admins only)."""
    with ctx.write(actor, "billing.practitioner_time", "practitioner_time") as call:
        require_role(actor, Role.ADMIN, what="recording practitioner time")
        record = find_patient(call.session, patient)
        day = service_date or ctx.clock.today()
        check_practitioner_entry(minutes, day, ctx.clock.today())
        if record.program is None or record.provider_id is None:
            raise ToolError(
                f"patient {record.chart_code} needs CCM or PCM enrolment and a billing "
                "practitioner",
                rule="needs_enrolment",
                field="patient",
            )
        activity = " ".join(str(activity).split())
        if not activity or len(activity) > MAX_ACTIVITY_CHARS:
            raise ToolError(
                f"activity must be 1 to {MAX_ACTIVITY_CHARS} characters",
                rule="activity",
                field="activity",
            )
        # Free text: the PHI guard's placeholders may lengthen it past the column's size.
        activity = call.free_text(activity)[:MAX_ACTIVITY_CHARS]
        duplicate = call.session.scalar(
            select(PractitionerTime.id).where(
                PractitionerTime.patient_id == record.id,
                PractitionerTime.service_date == day,
                PractitionerTime.minutes == minutes,
                PractitionerTime.activity == activity,
                PractitionerTime.deleted_at.is_(None),
            )
        )
        if duplicate is not None:
            raise ToolError(
                f"the same practitioner time is already recorded (entry {duplicate})",
                rule="duplicate",
            )
        entry = PractitionerTime(
            patient_id=record.id,
            provider_id=record.provider_id,
            minutes=minutes,
            service_date=day,
            activity=activity,
            recorded_by=actor.staff_id,
            recorded_at=ctx.clock.now(),
        )
        call.session.add(entry)
        call.session.flush()
        call.audit(object_id=entry.id, patient_id=record.id, detail=f"{minutes} min")
        return RecordedTime(entry.id, record.chart_code, record.provider_id, minutes, day)
