"""What the PHI-at-rest tables share: the fictional identifiers, where they must not land,
and the practice they run against.

The identifiers belong to a patient's relative and are in no record of the practice (the
roster holds ``TESTPATIENT, ZK…`` names only), so finding one at rest means Baton stored
what somebody typed. The scan reads every file under a folder as bytes and looks for
each value case-insensitively, and for phone and SSN also as bare digits (a normalised
copy is still the identifier).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.owner_roles import all_owner_roles
from knowledge.catalog import default_catalog
from tests.api.conftest import build_practice
from tools.access import Actor
from tools.cases.definitions import PANEL_REMOVAL_OWNER
from tools.context import ToolContext
from tools.owners import set_owner

NAME = "Theodora Vanderkamp"
PHONE = "614-555-0143"
SSN = "537-41-2966"
ADDRESS = "4417 Calloway Ct"
DOB = "03/14/1952"
# One free text with all of them, as a coordinator would type it.
TEXT = f"Daughter {NAME} (phone {PHONE}, SSN {SSN}) says he moved to {ADDRESS}; DOB {DOB}."
# A code-shaped value (lower case and underscores) that is still a name.
CODE_SHAPED_NAME = "theodora_vanderkamp"
NEEDLES = (
    "theodora",
    "vanderkamp",
    PHONE,
    PHONE.replace("-", ""),
    SSN,
    SSN.replace("-", ""),
    ADDRESS.lower(),
    "calloway",
    DOB,
)
# Staff ids of tests.api.conftest's practice, in the order it adds them.
ANA, BEN, CARA, SUE, ADA, OTTO = 1, 2, 3, 4, 5, 6


def raw_phi_in(*folders: Path) -> Counter[str]:
    """How often each identifier occurs in the files under ``folders``, by "file: value"."""
    hits: Counter[str] = Counter()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes().lower()
            for needle in NEEDLES:
                if count := data.count(needle.lower().encode()):
                    hits[f"{path.relative_to(folder)}: {needle}"] += count
    return hits


def practice_with_owners(records: ToolContext) -> tuple[dict[str, int], dict[str, int]]:
    """The fictional practice, with Sue (backup: the admin) filling every owner role, so
    that decisions, plan handoffs and case steps open and nothing is refused for want of
    an owner."""
    staff, patients = build_practice(records)
    system = Actor.system("test")
    for role in sorted(all_owner_roles(default_catalog()) | {PANEL_REMOVAL_OWNER}):
        set_owner(records, system, role, primary=staff["sue"], backup=staff["ada"])
    return staff, patients
