"""What a chat message asks for, read offline before routing (graph.intents)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.intents import RecordsQuestion, classify, span_dates, span_end

WEDNESDAY = date(2026, 10, 14)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("log half an hour care plan review for <MRN_1> yesterday", "time_entry"),
        ("track handoff 2", "command"),
        ("status of handoff 12", "command"),
        ("what did I log today?", "time_logged"),
        ("how many minutes have I logged this month?", "time_logged"),
        ("how many minutes has <MRN_1> got this month?", "patient_minutes"),
        ("which of my patients have open care gaps?", "care_gaps"),
        ("who on my panel is overdue for a visit?", "overdue_visits"),
        ("what's left on my panel this week?", "open_tasks"),
        ("my tasks today", "open_tasks"),
        ("any decisions waiting on me?", "my_decisions"),
        ("show my handoffs", "my_handoffs"),
        # Plans, even with records words in them.
        ("we need a plan to close care gaps across the ACO", "plan_request"),
        (
            "prior auth for an MRI has been pending with the payer for nine days, what do we do?",
            "plan_request",
        ),  # fmt: skip
        ("CO-197 denials doubled; what is left to appeal?", "plan_request"),
        ("how do we reduce overdue visits in the diabetes cohort?", "plan_request"),
        ("which patients in the county have open care gaps?", "plan_request"),
        ("approve the write-off for <MRN_1>", "plan_request"),
        # About the patient's care, not their minutes or records.
        ("<MRN_1> has chest pain, who do I call?", "plan_request"),
        ("does <MRN_1> qualify for hospice?", "plan_request"),
        ("my patient <MRN_1> missed her appointment, what should I do?", "plan_request"),
    ],
)
def test_classify(text: str, kind: str) -> None:
    assert classify(text).kind == kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what did I log yesterday?", RecordsQuestion("time_logged", "yesterday")),
        ("minutes I logged last week", RecordsQuestion("time_logged", "last_week")),
        ("what did I log on <DATE_1>?", RecordsQuestion("time_logged", "day", "<DATE_1>")),
        ("what did I log on Monday?", RecordsQuestion("time_logged", "day", "Monday")),
        (
            "how far is <MRN_1> from the threshold last month?",
            RecordsQuestion("patient_minutes", "last_month", None, "<MRN_1>"),
        ),
        ("what's due today?", RecordsQuestion("open_tasks", "today")),
        ("what is left this month", RecordsQuestion("open_tasks", "month")),
    ],
)
def test_the_question_carries_its_span_day_and_patient(text: str, expected: object) -> None:
    assert classify(text).question == expected


@pytest.mark.parametrize(
    "span, expected",
    [
        ("today", (WEDNESDAY, WEDNESDAY)),
        ("yesterday", (date(2026, 10, 13), date(2026, 10, 13))),
        ("week", (date(2026, 10, 12), WEDNESDAY)),
        ("last_week", (date(2026, 10, 5), date(2026, 10, 11))),
        ("month", (date(2026, 10, 1), WEDNESDAY)),
        ("last_month", (date(2026, 9, 1), date(2026, 9, 30))),
    ],
)
def test_span_dates(span: str, expected: tuple[date, date]) -> None:
    assert span_dates(span, WEDNESDAY) == expected  # type: ignore[arg-type]


def test_a_named_day_spans_that_day() -> None:
    assert span_dates("day", WEDNESDAY, date(2026, 10, 2)) == (date(2026, 10, 2),) * 2


@pytest.mark.parametrize(
    "span, expected",
    [("today", WEDNESDAY), ("week", date(2026, 10, 18)), ("month", date(2026, 10, 31))],
)
def test_span_end(span: str, expected: date) -> None:
    assert span_end(span, WEDNESDAY) == expected  # type: ignore[arg-type]


def test_december_ends_on_the_31st() -> None:
    assert span_end("month", date(2026, 12, 5)) == date(2026, 12, 31)
