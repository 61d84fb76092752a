"""The coordinator task-type catalog, as data.

Types and categories are the coordinator task codes of the PCC workflow design (Tab 2,
section 2.2). ``billable`` follows domain.md §3: only clinical-staff time on
care-management work counts toward CCM/PCM minutes, so breaks, shift notes and
statistics-only entries do not. ``average_minutes`` is the typical time an entry takes;
an entry over twice the average asks the coordinator to confirm (seed §2.5). Where the
seed gives an estimate (its automated tasks) that number is used; the others are our
defaults, and admins can change any of them in the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.store.models import TaskType


@dataclass(frozen=True)
class TaskTypeSpec:
    name: str
    category: str
    billable: bool
    average_minutes: int
    program: str | None = None  # a CCM- or PCM-only type


def _group(category: str, billable: bool, *entries: tuple[str, int], program: str | None = None):
    return [TaskTypeSpec(name, category, billable, avg, program) for name, avg in entries]


CATALOG: tuple[TaskTypeSpec, ...] = tuple(
    _group(
        "Care Coordination",
        True,
        ("Care Coordination: General", 15),
        ("Care Coordination: Hospital", 20),
        ("Care Coordination: Imaging", 10),
        ("Care Coordination: Lab", 10),
        ("Care Coordination: Medical Records Request", 10),
        ("Care Coordination: Office Visit", 15),
        ("Care Coordination: Other", 15),
        ("Care Coordination: PCP Visit", 15),
        ("Care Coordination: Pharmacy", 10),
        ("Care Coordination: Specialist Appts", 15),
        ("Care Coordination: Tele Visit", 15),
        ("Care Coordination: HHC", 15),
        ("Patient Insurance Verification", 15),
    )
    + _group(
        "Chronic Care Management",
        True,
        ("CCM: Care Plan Monthly OPEN", 20),
        ("CCM: Care Plan Monthly REVIEW/CLOSE", 30),
        ("CCM: Care Plan NEW PATIENT", 45),
        ("CCM: CareGap Review/Coordination", 20),
        ("CCM: Chart Review/Quality Measures", 20),
        ("Chart Review Initial CCM", 25),
        ("Chart Review Final CCM", 20),
        program="CCM",
    )
    + _group(
        "Principal Care Management",
        True,
        ("PCM: Care Plan Monthly OPEN", 20),
        ("PCM: Care Plan Monthly REVIEW/CLOSE", 35),
        ("PCM: Care Plan NEW PATIENT/CONSENTS", 45),
        ("PCM: CareGap Review/Coordination", 20),
        ("PCM: Chart Review/Quality Measures", 20),
        program="PCM",
    )
    + _group(
        "Communication",
        True,
        ("Communication: Email", 10),
        ("Communication: Phone", 10),
        ("Communication: Provider to Staff (Internal)", 10),
        ("Communication: Staff to Provider (Internal)", 10),
    )
    + _group(
        "Data Entry",
        True,
        ("Data Entry: Imaging", 10),
        ("Data Entry: Labs", 10),
        ("Data Entry: Other", 10),
        ("Data Entry: Pharmacy", 10),
        ("Data Entry: Specialists Notes", 10),
    )
    + _group(
        "Review",
        True,
        ("Review: Imaging/pt call/chart updated/follow up plan", 15),
        ("Review: Labs/pt call/chart updated/follow up plan", 15),
        ("Review: Other/pt call/chart updated/follow up planned", 15),
        ("Review: Specialists Notes/pt call/chart updated/follow up plan", 15),
        ("Facility Records - Hospital/ER Review", 15),
        ("Facility Records - SNF/Rehab Review", 15),
    )
    + _group(
        "Medication Management",
        True,
        ("Medication Management: Prior authorization", 20),
        ("Medication Management: Reconciliation", 20),
        ("Medication Management: Refill", 10),
    )
    + _group(
        "Statistical Tracking",
        False,
        ("Stat: Last ER/HOSP (yymm)", 5),
        ("Stat: Last OFFICE VISIT (yymm)", 5),
        ("Stat: NO SHOW NP/MD + Phone call (yymmdd)", 10),
        ("Stat: NO SHOW Therapy + Phone call (yymmdd)", 10),
    )
    + _group(
        "Administrative",
        False,
        ("Staff Notes: Break", 15),
        ("Staff Notes: Start Shift", 5),
        ("Staff Notes: Lunch Break", 30),
        ("Staff Notes: Notes: Start Shift", 5),
    )
)


def ensure_catalog(session: Session) -> int:
    """Add catalog types the store lacks; never overwrite what an admin changed.

    Returns the number of types added.
    """
    present = set(session.scalars(select(TaskType.name)))
    missing = [spec for spec in CATALOG if spec.name not in present]
    session.add_all(
        TaskType(
            name=spec.name,
            category=spec.category,
            billable=spec.billable,
            average_minutes=spec.average_minutes,
            program=spec.program,
        )
        for spec in missing
    )
    session.flush()
    return len(missing)


_WORD = re.compile(r"[a-z0-9]+")
# Everyday words for catalog words: "med rec" is "Medication ... Reconciliation".
_SYNONYMS = {
    "call": "phone",
    "calls": "phone",
    "phoned": "phone",
    "emailed": "email",
    "meds": "medication",
    "med": "medication",
    "rec": "reconciliation",
    "recon": "reconciliation",
    "pa": "prior",
    "auth": "authorization",
    "reviewed": "review",
    "labs": "lab",
    "specialist": "specialists",
    "records": "record",
}
# Words that say nothing about which type is meant.
_FILLER = frozenset({"a", "an", "the", "of", "for", "on", "and", "with", "to", "min", "mins"})


def _words(text: str) -> set[str]:
    words = {_SYNONYMS.get(w, w) for w in _WORD.findall(text.casefold())}
    return {w.rstrip("s") if len(w) > 4 else w for w in words} - _FILLER


def _ranked(phrase: str, names: Sequence[str], program: str | None) -> list[tuple]:
    wanted = _words(phrase)
    scored = []
    for name in names if wanted else ():
        have = _words(name)
        hits = len(wanted & have)
        if hits == 0 or hits * 2 < len(wanted):
            continue
        prefix = name.split(":", 1)[0].strip().upper()
        other_program = prefix in ("CCM", "PCM") and program is not None and prefix != program
        scored.append((hits, not other_program, -len(have - wanted), name))
    return sorted(scored, reverse=True)


def match_task_type(phrase: str, names: Sequence[str], program: str | None = None) -> str | None:
    """The catalog type a coordinator's phrase means ("CCM care plan review"), or None.

    Scores each name by the phrase's words it contains; ties go to the type of the
    patient's program (a "care plan review" for a PCM patient is the PCM one), then to
    the name with fewest extra words. None when no name shares at least half the
    phrase's words, or when two names remain equally good (the caller asks instead).
    """
    ranked = _ranked(phrase, names, program)
    if not ranked or (len(ranked) > 1 and ranked[0][:3] == ranked[1][:3]):
        return None
    return ranked[0][3]


def close_task_types(
    phrase: str, names: Sequence[str], program: str | None = None, limit: int = 4
) -> list[str]:
    """The best few names for ``phrase``, best first (for "did you mean ...?")."""
    return [entry[3] for entry in _ranked(phrase, names, program)[:limit]]
