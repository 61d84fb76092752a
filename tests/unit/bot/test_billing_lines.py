"""The billing page's filters: bills, doesn't bill, close to a threshold, by reason."""

from __future__ import annotations

import pytest

from bot.web.billing_lines import billing_lines

KEYS = ("chart_code", "program", "staff_minutes", "billed", "reason")
LINES = [
    dict(zip(KEYS, row, strict=True))
    for row in [
        ("A", "CCM", 25, True, "25 min staff CCM"),
        ("B", "CCM", 16, False, "16 min, below 20"),
        ("C", "PCM", 10, False, "10 min, below 30"),
        ("D", "CCM", 37, True, "37 min staff CCM"),
        ("E", None, 18, False, "not enrolled in CCM or PCM"),
        ("F", "CCM", 0, False, "no consent on file"),
    ]
]


@pytest.mark.parametrize(
    ("show", "group", "charts"),
    [
        ("", "", "ABCDEF"),
        ("bills", "", "AD"),
        ("not_billing", "", "BCEF"),
        ("near", "", "BD"),  # 16 of 20 and 37 of 40; E is not enrolled: no threshold
        ("not_billing", "Below the time threshold", "BC"),
        ("", "No consent", "F"),
        ("bills", "No consent", ""),
        ("unknown", "not a group", "ABCDEF"),  # unknown choices filter nothing
    ],
)
def test_billing_lines(show, group, charts):
    assert "".join(line["chart_code"] for line in billing_lines(LINES, show, group)) == charts
