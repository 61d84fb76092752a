"""A turn's result names its own kind, the same for every surface."""

from __future__ import annotations

from unittest.mock import sentinel

import pytest

from agents.plan import ClarifyingQuestion
from graph.outcomes import ActionOutcome, ConfirmationRequest
from graph.results import TurnResult, turn_markdown

CONFIRM = ConfirmationRequest(question="Log 25 min for <MRN_1> today? (yes / no)")
DONE = ActionOutcome(status="done", message="Logged 25 min.", lines=["25 min that day"])
CLARIFY = ClarifyingQuestion(question="Which of these fits?", options=[])


def result(**parts) -> TurnResult:
    fields = {"plan": None, "clarification": None, **parts}
    return TurnResult(thread_id="t", request="r", phi_detected=False, assignment=None, **fields)


@pytest.mark.parametrize(
    ("parts", "kind"),
    [
        ({}, "none"),
        ({"clarification": CLARIFY}, "clarify"),
        ({"plan": sentinel.plan}, "plan"),
        # A decided plan carries the plan and the owner's outcome: the outcome is the news.
        ({"plan": sentinel.plan, "action": DONE}, "action"),
        ({"action": DONE}, "action"),
        # A write waiting for yes/no is all the thread shows.
        ({"confirmation": CONFIRM, "action": DONE}, "confirm"),
    ],
)
def test_kind(parts, kind):
    turn = result(**parts)
    assert turn.kind == kind
    expected_body = {
        "none": None,
        "clarify": CLARIFY,
        "plan": sentinel.plan,
        "action": DONE,
        "confirm": CONFIRM,
    }[kind]
    assert turn.answer is expected_body


def test_markdown_shows_the_kind_it_names_with_its_notice():
    turn = result(action=DONE, notice="the earlier request was cancelled")
    assert turn_markdown(turn) == (
        "(the earlier request was cancelled)\n\nLogged 25 min.\n- 25 min that day"
    )
    confirm = result(confirmation=CONFIRM.model_copy(update={"warning": "over twice the average"}))
    assert turn_markdown(confirm) == f"Note: over twice the average\n\n{CONFIRM.question}"
