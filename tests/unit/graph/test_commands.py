"""Coordinator commands parsed from redacted chat text, without a chat model."""

from __future__ import annotations

from datetime import date

import pytest

from graph.actions import answer_is_yes
from graph.commands import LogTime, parse_command, parse_date, resolve_day

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
        # Durations in words, days in words, and entries that open with what was done.
        (
            "log half an hour care plan review for <MRN_1> yesterday",
            LogTime(30, "care plan review", "<MRN_1>", "yesterday"),
        ),
        (
            "Log an hour and a quarter of care coordination for <MRN_1> on <DATE_1>",
            LogTime(75, "care coordination", "<MRN_1>", "<DATE_1>"),
        ),
        (
            "I spent twenty-five minutes on a med rec with <MRN_2> this morning",
            LogTime(25, "med rec", "<MRN_2>", "today"),
        ),
        (
            "20 min phone call <MRN_1> last friday",
            LogTime(20, "phone call", "<MRN_1>", "last friday"),
        ),
        (
            "record three quarters of an hour lab review for pt <MRN_1>",
            LogTime(45, "lab review", "<MRN_1>", None),
        ),
        (
            "log 1.5 hrs care plan review for <MRN_1> this past tuesday",
            LogTime(90, "care plan review", "<MRN_1>", "this past tuesday"),
        ),
        # Not entries: a question, a plan, time without a patient after "spent".
        ("how many minutes did I log for <MRN_1> yesterday?", None),
        ("we spent 3 hours on hold with the payer for <MRN_1>, what now?", None),
        ("spent two hours on the phone with Aetna today", None),
        # Ordinary requests go to the router.
        ("what is the prior auth process for MRI", None),
        ("log in to Epic fails for the whole unit", None),
        ("what's left on my panel this week?", None),  # a records question (graph.intents)
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
        ("<DATE_1>", "Oct 2", date(2026, 10, 2)),
        ("<DATE_1>", "2nd October", date(2026, 10, 2)),
        ("this past monday", None, date(2026, 10, 12)),
    ],
)
def test_resolve_day(ref: str | None, literal: str | None, expected: date) -> None:
    assert resolve_day(ref, WEDNESDAY, literal) == expected


@pytest.mark.parametrize("literal", ["13/45/2026", "next week", "2026-02-30", ""])
def test_unreadable_dates_are_refused_with_a_message(literal: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(literal, WEDNESDAY)


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
