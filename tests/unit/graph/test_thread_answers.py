"""A conversation's answers, read from its checkpoints: every answer once, in order, the
side answers given while it waited for a decision, and the decision's outcome."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.types import Interrupt, StateSnapshot

from graph.thread_answers import ThreadAnswer, answers_after, thread_answers

THREAD = "s7-chat"
ASIDE = f"{THREAD}~aside"
DECISION = {"kind": "decision", "id": 12, "owner_role": "Revenue cycle director"}
CONFIRM = {"kind": "confirm", "question": "Log 25 min for <MRN_1> today? (yes / no)"}
OUTCOME = {"status": "done", "message": "Decision request #12: approved.", "lines": []}


def point(
    minute: int,
    request: str,
    *,
    pause: dict[str, Any] | None = None,
    running: bool = False,
    **values: Any,
) -> StateSnapshot:
    """A checkpoint written at 10:``minute``; ``running``: a step inside a run."""
    checkpoint = f"1f0-{minute:04d}"
    return StateSnapshot(
        values={"request": request, **values} if request else {},
        next=("respond",) if running or pause else (),
        config={"configurable": {"thread_id": "?", "checkpoint_id": checkpoint}},
        metadata=None,
        created_at=f"2026-10-14T10:{minute:02d}:00+00:00",
        parent_config=None,
        tasks=(),
        interrupts=(Interrupt(value=pause),) if pause else (),
    )


class FakeGraph:
    """The checkpointer's history, as ``get_state_history`` gives it: newest first."""

    def __init__(self, threads: dict[str, list[StateSnapshot]]) -> None:
        self.threads = threads

    def get_state_history(self, config: Any, limit: int | None = None) -> list[StateSnapshot]:
        points = sorted(
            self.threads.get(config["configurable"]["thread_id"], []), key=lambda s: s.created_at
        )
        return list(reversed(points))[:limit]


def listed(threads: dict[str, list[StateSnapshot]]) -> list[ThreadAnswer]:
    return thread_answers(FakeGraph(threads), THREAD)


def test_an_empty_conversation_has_no_answers() -> None:
    assert listed({}) == []


def test_side_answers_and_the_outcome_come_in_order_each_once() -> None:
    answers = listed(
        {
            THREAD: [
                point(1, "what is on my panel?", answer_kind="records"),
                point(2, "", running=True),  # a run's input: not an answer
                point(3, "approve the write-off", pause=DECISION, answer_kind="plan"),
                point(6, "approve the write-off", running=True, answer_kind="plan"),
                point(
                    7, "approve the write-off", answer_kind="plan", decided=True, outcome=OUTCOME
                ),
            ],
            ASIDE: [
                point(4, "who covers Friday?"),
                point(5, "and Saturday?"),
            ],
        }
    )
    assert [a.answer_id for a in answers] == [
        "1f0-0001",
        "1f0-0003",
        "1f0-0004",
        "1f0-0005",
        "1f0-0007",
    ]
    assert [a.side for a in answers] == [False, False, True, True, False]
    assert [a.waiting_for for a in answers] == [None, 12, 12, 12, None]
    assert [a.decided for a in answers] == [False, False, False, False, True]
    side = answers[2].result
    assert side.thread_id == ASIDE and side.answer_id == "1f0-0004"
    assert side.notice is not None and "#12 is still with the Revenue cycle director" in side.notice
    told = answers[-1].result
    assert told.kind == "action" and told.action is not None
    assert told.action.message == "Decision request #12: approved."


def test_a_reply_that_cancelled_a_pending_write_is_not_an_answer_of_its_own() -> None:
    answers = listed(
        {
            THREAD: [
                point(1, "log 25 min for <MRN_1>", pause=CONFIRM),
                point(2, "log 25 min for <MRN_1>", unrelated_reply=True),
                point(3, "what is on my panel?", unrelated_reply=True, answer_kind="records"),
            ]
        }
    )
    assert [a.answer_id for a in answers] == ["1f0-0001", "1f0-0003"]
    assert answers[0].result.kind == "confirm"


@pytest.mark.parametrize(
    ("known", "after"),
    [
        (None, ["a", "b", "c"]),
        ("a", ["b", "c"]),
        ("c", []),
        ("gone", ["a", "b", "c"]),  # not one of these: everything
    ],
)
def test_answers_after_a_known_id(known: str | None, after: list[str]) -> None:
    answers = [
        ThreadAnswer(i, "", result=None, side=False, waiting_for=None, decided=False)  # type: ignore[arg-type]
        for i in "abc"
    ]
    assert [a.answer_id for a in answers_after(answers, known)] == after
