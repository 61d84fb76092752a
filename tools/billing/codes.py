"""Care-management billing codes and their time thresholds, as data.

Source: the CMS Medicare Physician Fee Schedule (PFS) payment policies for chronic care
management (CCM) and principal care management (PCM), CPT codes 99490/99439, 99491/99437,
99487/99489, 99424/99425 and 99426/99427 (CY 2025 PFS final rule; CMS MLN booklet
"Chronic Care Management Services", MLN909188), as summarized in Baton's domain.md §3.

The rules this module encodes:

* The unit of billing is one patient, one billing practitioner, one calendar month. The
  minutes handed in are that patient-month's minutes; nothing is summed across patients
  and nothing carries over from another month.
* Thresholds are floors: a unit is earned only when the full time is reached (19 min is
  not 20; no rounding, no midpoint rule).
* A base code is earned at its threshold; its add-on is earned once per additional *full*
  step of time, up to the add-on's unit cap when it has one (99439: at most 2 a month).
* Complex CCM (99487/99489) is a clinical determination recorded for the patient-month,
  never a consequence of more minutes; under 60 minutes it is not reported as complex.
* Per patient, practitioner and month: not complex and non-complex CCM together; not 99491
  with 99487/99489/99490; not CCM and PCM together. PCM physician (99424) and staff
  (99426) codes are not reported in the same month either (CPT parenthetical).

Nothing here knows amounts: those live in the admin-editable fee schedule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from tools.billing.errors import BillingRuleError


class Program(StrEnum):
    CCM = "CCM"
    PCM = "PCM"


class Track(StrEnum):
    """Whose time the code pays for: clinical staff, or the physician/QHP personally."""

    STAFF = "staff"
    PHYSICIAN = "physician"


class CodeKind(StrEnum):
    BASE = "base"
    ADD_ON = "add-on"


_CPT_CODE = re.compile(r"^\d{4}[0-9A-Z]$")


@dataclass(frozen=True)
class BillingCode:
    """One CPT code and the time it takes to earn it.

    ``threshold_minutes`` is the total monthly time at which the first unit of this code is
    earned (99439: 40, i.e. 20 for 99490 plus one full additional 20). ``step_minutes`` is
    the additional full time for each further add-on unit (None for a base code, which is
    reported once). ``max_units`` caps the units per month (None: no cap in the rules).
    """

    code: str
    program: Program
    track: Track
    complex: bool
    kind: CodeKind
    threshold_minutes: int
    step_minutes: int | None
    max_units: int | None
    add_on_to: str | None = None

    def __post_init__(self) -> None:
        if not _CPT_CODE.match(self.code):
            raise BillingRuleError(f"code {self.code!r}: a CPT code is five characters")
        if self.threshold_minutes <= 0:
            raise BillingRuleError(f"code {self.code}: threshold_minutes must be positive")
        if self.complex and (self.program is not Program.CCM or self.track is not Track.STAFF):
            raise BillingRuleError(f"code {self.code}: only clinical-staff CCM codes are complex")
        if self.kind is CodeKind.BASE:
            if self.step_minutes is not None or self.max_units != 1 or self.add_on_to:
                raise BillingRuleError(
                    f"code {self.code}: a base code has no step, one unit and no base code"
                )
        else:
            if self.step_minutes is None or self.step_minutes <= 0:
                raise BillingRuleError(f"code {self.code}: an add-on needs a positive step")
            if self.max_units is not None and self.max_units < 1:
                raise BillingRuleError(f"code {self.code}: max_units must be 1 or more")
            if not self.add_on_to:
                raise BillingRuleError(f"code {self.code}: an add-on names its base code")

    def units_for(self, minutes: int) -> int:
        """Units of this code earned by ``minutes`` of qualifying time (floors, capped)."""
        if minutes < self.threshold_minutes:
            return 0
        if self.step_minutes is None:
            return 1
        units = 1 + (minutes - self.threshold_minutes) // self.step_minutes
        return units if self.max_units is None else min(units, self.max_units)


_CCM, _PCM = Program.CCM, Program.PCM
_STAFF, _DOC = Track.STAFF, Track.PHYSICIAN
_BASE, _ADD = CodeKind.BASE, CodeKind.ADD_ON

CODES: tuple[BillingCode, ...] = (
    # Non-complex CCM, clinical staff: 99490 first 20 min, +99439 each further full 20 min,
    # at most two add-ons a month.
    BillingCode("99490", _CCM, _STAFF, False, _BASE, 20, None, 1),
    BillingCode("99439", _CCM, _STAFF, False, _ADD, 40, 20, 2, add_on_to="99490"),
    # CCM by the physician/QHP personally: 99491 first 30 min, +99437 each further full 30.
    BillingCode("99491", _CCM, _DOC, False, _BASE, 30, None, 1),
    BillingCode("99437", _CCM, _DOC, False, _ADD, 60, 30, None, add_on_to="99491"),
    # Complex CCM, clinical staff: 99487 first 60 min, +99489 each further full 30 min.
    BillingCode("99487", _CCM, _STAFF, True, _BASE, 60, None, 1),
    BillingCode("99489", _CCM, _STAFF, True, _ADD, 90, 30, None, add_on_to="99487"),
    # PCM by the physician/QHP: 99424 first 30 min, +99425 each further full 30 min.
    BillingCode("99424", _PCM, _DOC, False, _BASE, 30, None, 1),
    BillingCode("99425", _PCM, _DOC, False, _ADD, 60, 30, None, add_on_to="99424"),
    # PCM by clinical staff: 99426 first 30 min, +99427 each further full 30 min.
    BillingCode("99426", _PCM, _STAFF, False, _BASE, 30, None, 1),
    BillingCode("99427", _PCM, _STAFF, False, _ADD, 60, 30, None, add_on_to="99426"),
)

CODE_BY_ID: Mapping[str, BillingCode] = MappingProxyType({c.code: c for c in CODES})


@dataclass(frozen=True)
class CodeFamily:
    """A base code and its add-on: one way of billing a program's time on one track."""

    base: BillingCode
    add_on: BillingCode

    @property
    def codes(self) -> frozenset[str]:
        return frozenset({self.base.code, self.add_on.code})

    @property
    def label(self) -> str:
        kind = "complex " if self.base.complex else ""
        return f"{self.base.track} {kind}{self.base.program}"

    def codes_for(self, minutes: int) -> list[str]:
        """One entry per unit: ``[base, add-on, add-on, ...]``, or ``[]`` below the base."""
        if self.base.units_for(minutes) == 0:
            return []
        return [self.base.code] + [self.add_on.code] * self.add_on.units_for(minutes)


def _families() -> Mapping[tuple[Program, Track, bool], CodeFamily]:
    families: dict[tuple[Program, Track, bool], CodeFamily] = {}
    for add_on in (c for c in CODES if c.kind is CodeKind.ADD_ON):
        base = CODE_BY_ID[add_on.add_on_to or ""]
        same = (base.program, base.track, base.complex) == (
            add_on.program,
            add_on.track,
            add_on.complex,
        )
        if not same or base.kind is not CodeKind.BASE:
            raise BillingRuleError(f"code {add_on.code}: its base code belongs elsewhere")
        families[(base.program, base.track, base.complex)] = CodeFamily(base, add_on)
    return MappingProxyType(families)


FAMILIES: Mapping[tuple[Program, Track, bool], CodeFamily] = _families()


def code_family(
    program: Program | str, *, complex: bool = False, physician: bool = False
) -> CodeFamily:
    """The base/add-on pair for a program, a track and complexity; refuses impossible asks."""
    try:
        program = Program(program)
    except ValueError:
        raise BillingRuleError(f"program {program!r}: expected CCM or PCM") from None
    track = Track.PHYSICIAN if physician else Track.STAFF
    if complex and program is Program.PCM:
        raise BillingRuleError("complex applies to CCM only (99487/99489); PCM has no complex code")
    if complex and physician:
        raise BillingRuleError(
            "complex CCM (99487/99489) is billed on clinical-staff time; "
            "the physician's own CCM time is billed as 99491/99437"
        )
    return FAMILIES[(program, track, complex)]


def billing_codes(
    program: Program | str, minutes: int, *, complex: bool = False, physician: bool = False
) -> list[str]:
    """Codes for one patient-month's qualifying minutes on one track, one entry per unit.

    Staff CCM 65 min gives ``["99490", "99439", "99439"]``; complex CCM under 60 min gives
    ``[]`` (it is not reported as complex; the month decision says why).
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise BillingRuleError(f"minutes must be a whole number of 0 or more, got {minutes!r}")
    return list(_codes_for(program, minutes, complex, physician))


@lru_cache(maxsize=4096)  # pure; a month run asks the same few hundred questions
def _codes_for(
    program: Program | str, minutes: int, complex: bool, physician: bool
) -> tuple[str, ...]:
    return tuple(code_family(program, complex=complex, physician=physician).codes_for(minutes))


@dataclass(frozen=True)
class _Exclusion:
    left: frozenset[str]
    right: frozenset[str]
    rule: str


def _family_codes(*keys: tuple[Program, Track, bool]) -> frozenset[str]:
    return frozenset().union(*(FAMILIES[key].codes for key in keys))


_NON_COMPLEX_STAFF_CCM = _family_codes((_CCM, _STAFF, False))
_COMPLEX_CCM = _family_codes((_CCM, _STAFF, True))
_PHYSICIAN_CCM = _family_codes((_CCM, _DOC, False))
_ALL_CCM = _NON_COMPLEX_STAFF_CCM | _COMPLEX_CCM | _PHYSICIAN_CCM
_ALL_PCM = _family_codes((_PCM, _STAFF, False), (_PCM, _DOC, False))

# Pairs of code sets that one practitioner does not bill for one patient in one month.
EXCLUSIONS: tuple[_Exclusion, ...] = (
    _Exclusion(
        _NON_COMPLEX_STAFF_CCM, _COMPLEX_CCM, "complex and non-complex CCM are not billed together"
    ),
    _Exclusion(
        _PHYSICIAN_CCM,
        _NON_COMPLEX_STAFF_CCM | _COMPLEX_CCM,
        "99491 is not billed with 99487/99489/99490",
    ),
    _Exclusion(_ALL_CCM, _ALL_PCM, "CCM and PCM are not billed together"),
    _Exclusion(
        _family_codes((_PCM, _DOC, False)),
        _family_codes((_PCM, _STAFF, False)),
        "physician PCM (99424/99425) and staff PCM (99426/99427) are not billed together",
    ),
)


def check_code_combination(codes: Sequence[str] | Iterable[str]) -> None:
    """Refuse a patient-month's code list that breaks a unit or combination rule.

    Checks: every code is known; a base code at most once; an add-on only with its base and
    within its unit cap; none of the ``EXCLUSIONS``.
    """
    _check_combination(tuple(codes))


@lru_cache(maxsize=1024)  # pure; errors are raised, not cached
def _check_combination(codes: tuple[str, ...]) -> None:
    counts = Counter(codes)
    for code, count in counts.items():
        spec = CODE_BY_ID.get(code)
        if spec is None:
            raise BillingRuleError(f"code {code!r} is not a care-management code")
        if spec.kind is CodeKind.BASE and count > 1:
            raise BillingRuleError(f"code {code} is reported once a month, not {count} times")
        if spec.kind is CodeKind.ADD_ON:
            if counts[spec.add_on_to or ""] == 0:
                raise BillingRuleError(f"add-on {code} needs its base code {spec.add_on_to}")
            if spec.max_units is not None and count > spec.max_units:
                raise BillingRuleError(
                    f"add-on {code} is capped at {spec.max_units} a month, not {count}"
                )
    present = frozenset(counts)
    for exclusion in EXCLUSIONS:
        if present & exclusion.left and present & exclusion.right:
            raise BillingRuleError(exclusion.rule)


def describe_codes(codes: Sequence[str]) -> str:
    """``["99490", "99439", "99439"]`` → ``"99490 + 99439 ×2"``; ``[]`` → ``"no codes"``."""
    if not codes:
        return "no codes"
    counts = Counter(codes)
    parts = [code if n == 1 else f"{code} ×{n}" for code, n in counts.items()]
    return " + ".join(parts)
