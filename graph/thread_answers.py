"""Every answer a conversation has given, in order, each with a stable id.

A conversation's answers already live in the checkpointer: each turn checkpoints once
when it ends or pauses, the side conversation (``{thread}~aside``) holds the answers given
while the thread waited for a decision, and the outcome of that decision is the
checkpoint written when the thread resumed, whichever surface (web, API, CLI, Slack)
recorded the owner's answer. So the list is read from there, not kept a second time: an
answer's id is its checkpoint's id, which never changes and which LangGraph makes
time-ordered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from langgraph.types import StateSnapshot

from graph.results import TurnResult, turn_result

# How many checkpoints per thread a listing reads, newest first (a turn writes one when it
# ends or pauses; a resumed decision writes a few more).
HISTORY_LIMIT = 400


@dataclass(frozen=True)
class ThreadAnswer:
    answer_id: str  # the checkpoint's id
    created_at: str  # ISO time the checkpoint was written
    result: TurnResult  # its ``thread_id`` is the engine thread it is in (main or aside)
    side: bool  # given in the side conversation while the thread waited for a decision
    waiting_for: int | None  # the decision request the conversation waited for then
    decided: bool  # this answer tells the outcome of the decision the thread waited for


def aside_thread_id(thread_id: str) -> str:
    """The side conversation of a thread that waits for a decision."""
    return f"{thread_id}~aside"


def still_waiting_notice(waiting: dict[str, Any]) -> str:
    """What a side answer adds: the decision is still out, and where its outcome comes."""
    return (
        f"Decision request #{waiting['id']} is still with the "
        f"{waiting['owner_role']}; its outcome will be told here when it comes."
    )


def checkpoint_id(snapshot: StateSnapshot) -> str | None:
    """The id of the checkpoint ``snapshot`` was read from (None for an empty thread)."""
    value = snapshot.config.get("configurable", {}).get("checkpoint_id")
    return str(value) if value else None


def _pause(snapshot: StateSnapshot) -> dict[str, Any] | None:
    return snapshot.interrupts[0].value if snapshot.interrupts else None


def _answer_points(graph: Any, thread_id: str, limit: int) -> list[StateSnapshot]:
    """The thread's checkpoints that a person was shown, oldest first: a run that ended or
    paused (a run's input and its steps between are not answers)."""
    config: Any = {"configurable": {"thread_id": thread_id}}
    history = list(graph.get_state_history(config, limit=limit))
    ended = [
        s for s in reversed(history) if s.values.get("request") and (s.interrupts or not s.next)
    ]
    shown = []
    for before, snapshot in zip([None, *ended], ended, strict=False):
        paused = _pause(before) if before is not None else None
        # A reply to "log this? yes/no" that was about something else: the pending write was
        # cancelled and the reply answered as a new request, whose checkpoint comes next.
        if paused and paused.get("kind") == "confirm" and snapshot.values.get("unrelated_reply"):
            continue
        shown.append(snapshot)
    return shown


def _merged(
    main: list[StateSnapshot], side: list[StateSnapshot]
) -> Iterator[tuple[bool, StateSnapshot]]:
    tagged = [(False, s) for s in main] + [(True, s) for s in side]
    yield from sorted(tagged, key=lambda t: (t[1].created_at or "", checkpoint_id(t[1]) or ""))


def thread_answers(graph: Any, thread_id: str, limit: int = HISTORY_LIMIT) -> list[ThreadAnswer]:
    """Every answer of ``thread_id`` and its side conversation, oldest first."""
    main = _answer_points(graph, thread_id, limit)
    side = _answer_points(graph, aside_thread_id(thread_id), limit)
    return list(_answers(_merged(main, side), thread_id))


def _answers(
    points: Iterable[tuple[bool, StateSnapshot]], thread_id: str
) -> Iterator[ThreadAnswer]:
    waiting: dict[str, Any] | None = None  # the main thread's decision pause, as it stood
    for is_side, snapshot in points:
        answer_id = checkpoint_id(snapshot)
        assert answer_id is not None  # read from a stored checkpoint
        pause = _pause(snapshot)
        engine_thread = aside_thread_id(thread_id) if is_side else thread_id
        result = turn_result(engine_thread, snapshot.values, snapshot.interrupts)
        result = replace(result, answer_id=answer_id)
        decided = False
        if is_side and waiting is not None:
            result = replace(result, notice=still_waiting_notice(waiting))
        elif not is_side:
            now = pause if pause and pause.get("kind") == "decision" else None
            decided = waiting is not None and (now is None or now.get("id") != waiting.get("id"))
            waiting = now
        yield ThreadAnswer(
            answer_id=answer_id,
            created_at=snapshot.created_at or "",
            result=result,
            side=is_side,
            waiting_for=int(waiting["id"]) if waiting else None,
            decided=decided,
        )


def answers_after(answers: list[ThreadAnswer], known: str | None) -> list[ThreadAnswer]:
    """The answers that come after the one with id ``known``; all of them when ``known`` is
    None or names none of them."""
    ids = [a.answer_id for a in answers]
    if known is None or known not in ids:
        return answers
    return answers[ids.index(known) + 1 :]
