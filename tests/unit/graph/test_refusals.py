"""Refusals in chat: plain words, no internal ids, and how to fix it."""

from __future__ import annotations

import pytest

from graph.refusals import plain_refusal


@pytest.mark.parametrize(
    "rule, message, expected",
    [
        (
            "patient_not_assigned",
            "coordinator Ana Coord may not access patient 51",
            "That patient is not on your panel. Check the chart code; if the patient should be "
            "yours, ask your supervisor to assign them to you.",
        ),
        (
            "future_date",
            "date <DATE_1> is in the future; log time on or after it",
            "Date <DATE_1> is in the future; log time on or after it. Use today or an earlier day.",
        ),
        ("minutes_max", "maximum 120 minutes per entry.",
         "Maximum 120 minutes per entry. Split it into entries of at most 120 minutes."),
        ("some_new_rule", "no such thing", "No such thing."),
        (None, "the store is busy", "The store is busy."),
    ],
)  # fmt: skip
def test_plain_refusal(rule: str | None, message: str, expected: str) -> None:
    assert plain_refusal(rule, message) == expected
