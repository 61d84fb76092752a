"""How long something took, as people write it: "25 min", "1h 10", "half an hour",
"an hour and a quarter", "forty-five minutes", "1.5 hrs".

Pure and offline: the time-entry parser finds the duration first, then reads the task,
patient and day from what is left around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.numbers import NUMBER_WORD, number_value

_FRACTIONS = {"half": 0.5, "quarter": 0.25, "three quarters": 0.75}

_WORD = NUMBER_WORD
_NUMBER = rf"(?:\d{{1,3}}(?:\.\d+)?|{_WORD})"
_HOURS = r"(?:h|hr|hrs|hours?)"
_MINUTES = r"(?:m|min|mins|minutes?)"
_FRACTION = r"(?:three\s+quarters|half|quarter)"

# Tried in order; the first that matches anywhere wins.
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "an hour and a half", "2 hours and a quarter", "one and a half hours"
        rf"\b(?P<h>{_NUMBER})\s+and\s+an?\s+(?P<f>{_FRACTION})\s+{_HOURS}\b",
        rf"\b(?P<h>{_NUMBER})\s*{_HOURS}\s+and\s+an?\s+(?P<f>{_FRACTION})\b",
        # "half an hour", "a quarter of an hour", "three quarters of an hour", "half hour"
        rf"(?:\ba\s+)?\b(?P<f>{_FRACTION})\s+(?:of\s+)?(?:an?\s+)?hour\b",
        # "1h 10 min", "1 hr 10", "2 hours and 5 minutes", "1.5 hrs", "an hour"
        rf"(?<![\w<])(?P<h>{_NUMBER})\s*{_HOURS}\b(?:\s*(?:and\s+)?(?:(?P<m>\d{{1,3}}(?!\d))"
        rf"(?:\s*{_MINUTES}\b)?|(?P<w>{_WORD})\s*{_MINUTES}\b))?",
        # "25 min", "twenty-five minutes", "45m"
        rf"(?<![\w<])(?P<m>{_NUMBER})\s*-?\s*{_MINUTES}\b",
    )
)


@dataclass(frozen=True)
class Duration:
    minutes: int
    start: int  # where the words stand in the text, so the caller can cut them out
    end: int


def find_duration(text: str) -> Duration | None:
    """The first duration written in ``text``, in whole minutes, or None."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        hours = number_value(groups["h"]) if groups.get("h") else 0.0
        fraction = " ".join((groups.get("f") or "").lower().split())
        hours += _FRACTIONS.get(fraction, 0.0)
        written = groups.get("m") or groups.get("w")
        minutes = number_value(written) if written else 0.0
        return Duration(round(hours * 60 + minutes), match.start(), match.end())
    return None
