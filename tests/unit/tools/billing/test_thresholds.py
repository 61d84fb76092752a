"""Minutes to the next billing threshold, by program (domain.md §3, staff time)."""

from __future__ import annotations

import pytest

from tools.billing.thresholds import next_threshold, staff_thresholds


def test_thresholds_come_from_the_codes():
    assert staff_thresholds("CCM") == (20, 40, 60)  # 99439 at most twice
    assert staff_thresholds("PCM", limit=150) == (30, 60, 90, 120, 150)
    assert staff_thresholds(None) == staff_thresholds("XYZ") == ()


@pytest.mark.parametrize(
    ("program", "minutes", "expected"),
    [
        ("CCM", 0, (20, 20, False)),
        ("CCM", 15, (20, 5, True)),  # five short: close
        ("CCM", 14, (20, 6, False)),
        ("CCM", 19, (20, 1, True)),
        ("CCM", 20, (40, 20, False)),  # a floor: 20 reached, next is 40
        ("CCM", 38, (40, 2, True)),
        ("CCM", 59, (60, 1, True)),
        ("CCM", 60, None),  # 99490 + 99439 ×2: nothing more to earn
        ("CCM", 95, None),
        ("PCM", 29, (30, 1, True)),
        ("PCM", 30, (60, 30, False)),
        ("PCM", 88, (90, 2, True)),
        (None, 10, None),
    ],
)
def test_next_threshold(program, minutes, expected):
    found = next_threshold(program, minutes)
    assert (None if found is None else (found.minutes, found.short_by, found.near)) == expected
