"""Numbers as people write them in requests: digits or English words ("nine", "twenty-five")."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}

# One number in words: "nine", "twenty-five", "forty five", "an".
NUMBER_WORD = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[\s-](?:" + "|".join(k for k in UNITS if len(k) > 2)
    + r"))?|" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
)  # fmt: skip


def number_value(word: str) -> float:
    """``word``: digits (``"1.5"``) or an English number word (``"twenty-five"``, ``"an"``)."""
    word = word.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    parts = re.split(r"[\s-]+", word)
    if parts[0] in TENS:
        return TENS[parts[0]] + (UNITS[parts[1]] if len(parts) > 1 else 0)
    return UNITS[word]
