"""Answering a decision request: table tests of the pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tools.decision_requests.rules import Answer, check_answer, is_final, parse_answer, urgency
from tools.errors import ToolError
from tools.owners import ordered_deciders

ARGS = {"amount_usd": "120.00", "account": "<ACCOUNT_NUMBER_1>"}


@pytest.mark.parametrize(
    "answer, comment, edited, rule",
    [
        (Answer.REJECT, "", None, "comment_required"),
        (Answer.REJECT, "   ", None, "comment_required"),
        (Answer.RESPOND, "", None, "comment_required"),
        (Answer.EDIT, "", None, "edit_empty"),
        (Answer.EDIT, "", {"reason": "x"}, "edit_unknown"),
        (Answer.APPROVE, "", {"amount_usd": "90.00"}, "edit_answer"),
        (Answer.APPROVE, "x" * 4001, None, "comment"),
    ],
)
def test_answers_that_are_refused(answer, comment, edited, rule) -> None:
    with pytest.raises(ToolError) as refused:
        check_answer(answer, comment, edited, ARGS)
    assert refused.value.rule == rule


@pytest.mark.parametrize(
    "answer, comment, edited",
    [
        (Answer.APPROVE, "", None),
        (Answer.REJECT, "duplicate of last week's request", None),
        (Answer.EDIT, "", {"amount_usd": "90.00"}),
        (Answer.RESPOND, "attach the payer letter first", None),
    ],
)
def test_answers_that_are_accepted(answer, comment, edited) -> None:
    check_answer(answer, comment, edited, ARGS)


def test_parse_answer_names_the_choices() -> None:
    assert parse_answer(" Approve ") is Answer.APPROVE
    with pytest.raises(ToolError, match="approve, reject, edit, respond"):
        parse_answer("maybe")


def test_only_a_response_keeps_the_request_open() -> None:
    assert [is_final(a) for a in Answer] == [True, True, True, False]


@pytest.mark.parametrize(
    "hours_left, expected", [(-1, "overdue"), (0, "overdue"), (3, "due_soon"), (5, "pending")]
)
def test_urgency(hours_left: int, expected: str) -> None:
    now = datetime(2026, 10, 14, 12, tzinfo=UTC)
    assert urgency(now + timedelta(hours=hours_left), now) == expected


@pytest.mark.parametrize(
    "primary, backup, chain, expected",
    [
        (1, 2, [3, 4], (1, 2, 3, 4)),
        (None, 2, [3], (2, 3)),
        (1, None, [1, 3], (1, 3)),
        (None, None, [], ()),
    ],
)
def test_who_may_decide_in_order(primary, backup, chain, expected) -> None:
    assert ordered_deciders(primary, backup, chain) == expected
