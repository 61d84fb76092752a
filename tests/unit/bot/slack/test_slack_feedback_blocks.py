"""The feedback buttons and the "not helpful" modal as pure Block Kit builders."""

from __future__ import annotations

import pytest

from agents.assignment import Assignment
from bot.slack.blocks.feedback import feedback_block, feedback_modal
from bot.slack.blocks.limits import MAX_BUTTON_VALUE, MAX_OPTIONS, read_value
from bot.slack.blocks.turns import answer_for_turn
from graph.feedback import AgentChoice, agents_by_division, answer_key
from graph.outcomes import ActionOutcome, ConfirmationRequest
from graph.results import TurnResult
from knowledge.catalog import default_catalog

SAME = str


def _turn(**fields: object) -> TurnResult:
    base: dict[str, object] = dict(
        thread_id="t",
        request="prior auth for <PERSON_1> is late",
        phi_detected=False,
        assignment=Assignment(primary_agent="clinical-prior-authorization-specialist"),
        plan=None,
        clarification=None,
    )
    return TurnResult(**{**base, **fields})  # type: ignore[arg-type]


def _feedback_blocks(result: TurnResult) -> list[dict]:
    answer = answer_for_turn(result, SAME, requester="U1", thread_ts="1.2")
    blocks = [b for m in answer.messages for b in m.blocks]
    return [b for b in blocks if b["type"] == "context_actions"]


@pytest.mark.parametrize(
    ("result", "rated"),
    [
        (_turn(action=ActionOutcome(status="done", message="Logged 20 minutes.")), True),
        (_turn(decision_note="Sent to the CFO."), True),
        (_turn(confirmation=ConfirmationRequest(question="Log 20 minutes? (yes / no)")), False),
    ],
)
def test_answers_carry_feedback_buttons_but_yes_no_questions_do_not(result, rated) -> None:
    found = _feedback_blocks(result)
    assert len(found) == (1 if rated else 0)
    if rated:
        element = found[0]["elements"][0]
        for side, verdict in (("positive_button", "up"), ("negative_button", "down")):
            value = element[side]["value"]
            assert len(value) <= MAX_BUTTON_VALUE
            assert read_value(value) == {"v": verdict, "t": "1.2", "k": answer_key(result)}


def test_the_answer_key_tells_answers_apart() -> None:
    one = _turn()
    assert answer_key(one) == answer_key(_turn())
    assert answer_key(one) != answer_key(_turn(request="another request"))
    other = Assignment(primary_agent="revenue-cycle-specialist")
    assert answer_key(one) != answer_key(_turn(assignment=other))


def test_the_picker_groups_every_other_specialist_by_division_within_slacks_limits() -> None:
    groups = agents_by_division(default_catalog())
    modal = feedback_modal(groups, "revenue-cycle-specialist", {"c": "C1", "t": "1.2"})
    [picker] = [b for b in modal["blocks"] if b.get("block_id") == "corrected_agent"]
    options = picker["element"]["option_groups"]
    slugs = [o["value"] for g in options for o in g["options"]]
    assert len(slugs) == 50 and "revenue-cycle-specialist" not in slugs
    assert all(len(g["options"]) <= MAX_OPTIONS for g in options)
    assert picker["optional"] is True


def test_an_answer_nobody_routed_gets_no_picker() -> None:
    modal = feedback_modal([("revenue", [AgentChoice("revenue-x", "X")])], None, {"c": "C1"})
    assert [b.get("block_id") for b in modal["blocks"] if b["type"] == "input"] == ["comment"]
    assert feedback_block("1.2", "abc")["elements"][0]["action_id"] == "feedback"
