"""How far a patient-month's clinical-staff minutes are from the next billing threshold.

Derived from the codes table (``tools.billing.codes.CODES``), never restated: the staff,
non-complex track of the patient's program (CCM 20, 40, 60 minutes, where 99439 stops
at two units; PCM 30, 60, 90 … with no cap). A count of minutes only, with no code or
amount, so coordinators may see it: it tells them how much more time makes the month
count.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.billing.codes import CODES, Program, Track

NEAR_MINUTES = 5  # "close to a threshold": at most this many minutes short of it


@dataclass(frozen=True)
class NextThreshold:
    minutes: int  # the threshold, e.g. 40
    short_by: int  # minutes still to log this month to reach it

    @property
    def near(self) -> bool:
        return self.short_by <= NEAR_MINUTES


def staff_thresholds(program: str | None, limit: int = 240) -> tuple[int, ...]:
    """Every monthly total (up to ``limit``) at which a staff code unit is earned."""
    try:
        wanted = Program(program) if program else None
    except ValueError:
        return ()
    if wanted is None:
        return ()
    points: set[int] = set()
    for code in CODES:
        if code.program is not wanted or code.track is not Track.STAFF or code.complex:
            continue
        units = code.max_units if code.max_units is not None else limit
        for unit in range(units):
            at = code.threshold_minutes + unit * (code.step_minutes or 0)
            if at > limit:
                break
            points.add(at)
    return tuple(sorted(points))


def next_threshold(program: str | None, minutes: int) -> NextThreshold | None:
    """The next threshold above ``minutes`` this month, or ``None`` (not enrolled, or
    every unit of the program already earned)."""
    for at in staff_thresholds(program):
        if minutes < at:
            return NextThreshold(at, at - minutes)
    return None
