"""Importing the onboarding roster and the provider service log (CSV), all or nothing.

Roster columns (the onboarding export): ``chart_code, patient_name, status, assigned_cm,
assigned_provider, facility, program, chronic_conditions, consent_date,
visit_interval_months``. ``assigned_cm`` is a coordinator's staff id or exact name;
``assigned_provider`` a billing practitioner's name (added when new). Rows are matched
on chart code: a new code adds a patient, a known one updates it.

Service-log columns: ``chart_code, visit_date``; each patient's last visit becomes the
latest date seen.

Every row is checked first and every problem reported by line and column; if any row
is wrong nothing is written. Reports never repeat a cell's value (it may be a name).
Cells are checked by the rules every surface shares (``tools.fields``): a chart code the
roster accepts is one the API can address, numbers are ASCII digits within the store's
range, names hold no control characters, and dates are not in the future.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.fields import (
    MAX_ID,
    chart_code_problem,
    date_problem,
    is_ascii_digits,
    text_problem,
    whole_number,
    whole_number_problem,
)
from tools.store.models import PATIENT_STATUSES, Patient, Provider, Staff

ROSTER_COLUMNS = (
    "chart_code",
    "patient_name",
    "status",
    "assigned_cm",
    "assigned_provider",
    "facility",
    "program",
    "chronic_conditions",
    "consent_date",
    "visit_interval_months",
)
SERVICE_LOG_COLUMNS = ("chart_code", "visit_date")
MAX_ROWS = 200_000
# The store's column widths (tools.store.models.Patient, Provider).
MAX_NAME_CHARS = 200
MAX_FACILITY_CHARS = 100
# No patient has more chronic conditions than there are CMS chronic condition categories
# (about 20); 99 leaves room for a practice's own finer lists.
MAX_CHRONIC_CONDITIONS = 99


class ImportRejected(ValueError):
    """The file has row errors; nothing was imported. ``errors`` lists them all."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:50]
        more = f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"nothing imported; {len(errors)} problem(s):\n" + "\n".join(shown) + more)
        self.errors = errors


@dataclass
class ImportResult:
    rows: int = 0
    added: int = 0
    updated: int = 0
    notes: list[str] = field(default_factory=list)


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRejected([f"{path}: file not found"]) from None
    except UnicodeDecodeError:
        raise ImportRejected([f"{Path(path).name}: not a UTF-8 CSV file"]) from None
    reader = csv.DictReader(io.StringIO(text))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ImportRejected([f"line 1: missing column(s) {', '.join(missing)}"])
        reader.fieldnames = header
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ImportRejected([f"more than {MAX_ROWS} rows; split the file"])
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    except csv.Error:
        # e.g. a cell over the csv module's field limit; its message may quote the cell.
        # line_num counts the lines of the records read whole, so the bad one is next.
        raise ImportRejected(
            [f"line {reader.line_num + 1}: not readable as CSV (a cell too long or badly quoted)"]
        ) from None
    return rows


def _date(value: str, where: str, errors: list[str], today: date) -> date | None:
    if not value:
        return None
    # fromisoformat also takes "20260105" and week dates; a roster date is YYYY-MM-DD.
    shape_ok = len(value) == 10 and value[4] == value[7] == "-"
    digits_ok = is_ascii_digits(value[:4] + value[5:7] + value[8:])
    try:
        day = date.fromisoformat(value) if shape_ok and digits_ok else None
    except ValueError:
        day = None
    if day is None:
        errors.append(f"{where}: not a date (use YYYY-MM-DD)")
        return None
    problem = date_problem(day, today=today)
    if problem:
        errors.append(f"{where}: {problem}")
        return None
    return day


def import_roster(ctx: ToolContext, actor: Actor, path: Path) -> ImportResult:
    with ctx.write(actor, "import.roster", "patient") as call:
        require_role(actor, Role.ADMIN, what="importing the roster")
        rows = _read(path, ROSTER_COLUMNS)
        session = call.session
        coordinators = {
            s.id: s
            for s in session.scalars(
                select(Staff).where(Staff.role == "coordinator", Staff.active.is_(True))
            )
        }
        by_name = {s.name.casefold(): s for s in coordinators.values()}
        providers = {p.name.casefold(): p for p in session.scalars(select(Provider))}
        existing = {p.chart_code: p for p in session.scalars(select(Patient))}
        errors: list[str] = []
        parsed = []
        seen: dict[str, int] = {}
        today = ctx.clock.today()
        for line, row in rows:
            where = f"line {line}"
            code = row["chart_code"].upper()
            problem = chart_code_problem(code)
            if problem:
                errors.append(f"{where}, chart_code: {problem}")
            elif code in seen:
                errors.append(f"{where}, chart_code: repeats line {seen[code]}")
            seen.setdefault(code, line)
            for column, limit, required in (
                ("patient_name", MAX_NAME_CHARS, True),
                ("assigned_provider", MAX_NAME_CHARS, False),
                ("facility", MAX_FACILITY_CHARS, False),
            ):
                problem = text_problem(row[column], limit, required=required)
                if problem:
                    errors.append(f"{where}, {column}: {problem}")
            status = (row["status"] or "active").lower()
            if status not in PATIENT_STATUSES:
                errors.append(f"{where}, status: one of {', '.join(PATIENT_STATUSES)}")
            cm = row["assigned_cm"]
            coordinator = None
            if cm:
                if is_ascii_digits(cm):
                    staff_id = whole_number(cm, 1, MAX_ID)
                    coordinator = coordinators.get(staff_id) if staff_id else None
                else:
                    coordinator = by_name.get(cm.casefold())
                if coordinator is None:
                    errors.append(f"{where}, assigned_cm: no active coordinator by that id/name")
            program = row["program"].upper() or None
            if program not in (None, "CCM", "PCM"):
                errors.append(f"{where}, program: CCM, PCM or empty")
            conditions = row["chronic_conditions"] or "0"
            problem = whole_number_problem(conditions, 0, MAX_CHRONIC_CONDITIONS)
            if problem:
                errors.append(f"{where}, chronic_conditions: {problem}")
            interval = row["visit_interval_months"] or "6"
            problem = whole_number_problem(interval, 1, 24)
            if problem:
                errors.append(f"{where}, visit_interval_months: {problem}")
            consent = _date(row["consent_date"], f"{where}, consent_date", errors, today)
            parsed.append((code, row, status, coordinator, program, conditions, interval, consent))
        if errors:
            raise ImportRejected(errors)
        result = ImportResult(rows=len(parsed))
        for code, row, status, coordinator, program, conditions, interval, consent in parsed:
            provider = None
            if row["assigned_provider"]:
                provider = providers.get(row["assigned_provider"].casefold())
                if provider is None:
                    provider = Provider(name=row["assigned_provider"])
                    session.add(provider)
                    providers[provider.name.casefold()] = provider
            patient = existing.get(code)
            if patient is None:
                patient = Patient(chart_code=code)
                session.add(patient)
                result.added += 1
            else:
                result.updated += 1
            patient.name = row["patient_name"]
            patient.status = status
            patient.coordinator = coordinator
            patient.provider = provider
            patient.facility = row["facility"] or None
            patient.program = program
            patient.chronic_conditions = int(conditions)
            patient.consent_date = consent
            patient.visit_interval_months = int(interval)
        session.flush()
        call.audit(detail=f"{result.added} added, {result.updated} updated")
        return result


def import_service_log(ctx: ToolContext, actor: Actor, path: Path) -> ImportResult:
    with ctx.write(actor, "import.service_log", "patient") as call:
        require_role(actor, Role.ADMIN, what="importing the service log")
        rows = _read(path, SERVICE_LOG_COLUMNS)
        patients = {p.chart_code: p for p in call.session.scalars(select(Patient))}
        errors: list[str] = []
        latest: dict[str, date] = {}
        today = ctx.clock.today()
        for line, row in rows:
            where = f"line {line}"
            code = row["chart_code"].upper()
            problem = chart_code_problem(code)
            if problem:
                errors.append(f"{where}, chart_code: {problem}")
            elif code not in patients:
                errors.append(f"{where}, chart_code: no patient with that chart code")
            visit = _date(row["visit_date"], f"{where}, visit_date", errors, today)
            if row["visit_date"] == "":
                errors.append(f"{where}, visit_date: required")
            if visit and code in patients and (code not in latest or visit > latest[code]):
                latest[code] = visit
        if errors:
            raise ImportRejected(errors)
        result = ImportResult(rows=len(rows))
        for code, visit in latest.items():
            patient = patients[code]
            if patient.last_visit is None or visit > patient.last_visit:
                patient.last_visit = visit
                result.updated += 1
        call.audit(detail=f"{result.updated} last visits updated")
        return result
