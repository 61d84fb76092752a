"""Coordinator commands parsed from redacted chat text, without a chat model."""

from __future__ import annotations

from datetime import date

import pytest

from graph.actions import answer_is_yes
from graph.commands import (
    LogTime,
    WhatIsLeft,
    parse_command,
    parse_date,
    period_end,
    resolve_day,
)

WEDNESDAY = date(2026, 10, 14)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "log 25 min CCM care plan review for chart <MRN_1>",
            LogTime(25, "CCM care plan review", "<MRN_1>", None),
        ),
        (
            "log 25 min CCM care plan review for chart ZK1029",
            LogTime(25, "CCM care plan review", "ZK1029", None),
        ),
        (
            "Log 1h 10 min med rec for pt <MRN_2> yesterday notes: called pharmacy",
            LogTime(70, "med rec", "<MRN_2>", "yesterday", "called pharmacy"),
        ),
        (
            "log 15 min phone call for <MRN_1> on <DATE_1>",
            LogTime(15, "phone call", "<MRN_1>", "<DATE_1>"),
        ),
        (
            "please record 30 minutes of lab review on monday for <MRN_1>",
            LogTime(30, "lab review", "<MRN_1>", "monday"),
        ),
        (
            "log 20 min care plan review - note: discussed BP log for <MRN_1>",
            LogTime(20, "care plan review", "<MRN_1>", None, "discussed BP log"),
        ),
        ("log 10 min email", LogTime(10, "email", None, None)),
        ("what's left on my panel this week?", WhatIsLeft("week")),
        ("What is due today", WhatIsLeft("today")),
        ("my tasks today", WhatIsLeft("today")),
        ("show me what is left this month", WhatIsLeft("month")),
        ("anything left on my panel?", WhatIsLeft("week")),
        # Ordinary requests go to the router.
        ("what is the prior auth process for MRI", None),
        ("log in to Epic fails for the whole unit", None),
        ("we need to log the denial for <PERSON_1>", None),
        ("CO-197 denials doubled; what is left to appeal?", None),
    ],
)
def test_parse_command(text: str, expected: object) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "ref, literal, expected",
    [
        (None, None, WEDNESDAY),
        ("today", None, WEDNESDAY),
        ("yesterday", None, date(2026, 10, 13)),
        ("monday", None, date(2026, 10, 12)),
        ("last wednesday", None, date(2026, 10, 7)),  # a weekday means the one before today
        ("<DATE_1>", "2026-10-02", date(2026, 10, 2)),
        ("<DATE_1>", "10/2/2026", date(2026, 10, 2)),
        ("<DATE_1>", "10/2/26", date(2026, 10, 2)),
        ("<DATE_1>", "10/2", date(2026, 10, 2)),
    ],
)
def test_resolve_day(ref: str | None, literal: str | None, expected: date) -> None:
    assert resolve_day(ref, WEDNESDAY, literal) == expected


@pytest.mark.parametrize("literal", ["13/45/2026", "next week", "2026-02-30", ""])
def test_unreadable_dates_are_refused_with_a_message(literal: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(literal, WEDNESDAY)


@pytest.mark.parametrize(
    "period, expected",
    [("today", WEDNESDAY), ("week", date(2026, 10, 18)), ("month", date(2026, 10, 31))],
)
def test_period_end(period: str, expected: date) -> None:
    assert period_end(period, WEDNESDAY) == expected  # type: ignore[arg-type]


def test_december_ends_on_the_31st() -> None:
    assert period_end("month", date(2026, 12, 5)) == date(2026, 12, 31)


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("yes", True),
        ("Yes.", True),
        ("ok", True),
        ("go ahead", True),
        ("no", False),
        ("Cancel", False),
        ("log 5 min email", None),
        ("2", None),
    ],
)
def test_answers_to_a_confirmation(answer: str, expected: bool | None) -> None:
    assert answer_is_yes(answer) is expected
