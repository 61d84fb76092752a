"""Properties of the plain-words command parser over generated text: it never fails on
what a person may type, reads durations exactly, and reads dates back as written."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.commands import LogTime, parse_command, parse_date, resolve_day
from graph.intents import span_end

FAST = settings(max_examples=300, deadline=None)
TODAY = date(2026, 11, 22)


@FAST
@given(st.text(max_size=200))
def test_any_text_is_a_command_or_not_never_an_error(text: str) -> None:
    command = parse_command(text)
    if isinstance(command, LogTime):
        assert command.minutes >= 0


@FAST
@given(st.integers(0, 99), st.integers(0, 999), st.sampled_from(["h", "hr", "hours"]))
def test_a_duration_is_read_exactly(hours: int, minutes: int, unit: str) -> None:
    command = parse_command(f"log {hours}{unit} {minutes} min care plan review")
    assert isinstance(command, LogTime) and command.minutes == hours * 60 + minutes


@FAST
@given(st.integers(1, 999))
def test_minutes_alone_are_read_exactly(minutes: int) -> None:
    command = parse_command(f"log {minutes} min phone call for chart ZK1029 yesterday")
    assert isinstance(command, LogTime)
    assert (command.minutes, command.patient_ref, command.day_ref) == (
        minutes,
        "ZK1029",
        "yesterday",
    )


@FAST
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_a_date_is_read_back_as_written(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}", TODAY) == day


@FAST
@given(st.text(max_size=30))
def test_an_unreadable_date_is_a_message_for_the_person(text: str) -> None:
    try:
        parse_date(text, TODAY)
    except ValueError as refused:
        assert "YYYY-MM-DD" in str(refused)


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 1)))
def test_a_span_ends_on_or_after_the_day_and_a_weekday_is_in_the_past_week(day: date) -> None:
    for span in ("today", "week", "month"):
        end = span_end(span, day)
        assert end >= day and (end - day).days <= 30
    for weekday in ("monday", "last friday", "sunday"):
        back = (day - resolve_day(weekday, day)).days
        assert 1 <= back <= 7
