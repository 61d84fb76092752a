"""Where a request already stands, read from its own words, so a plan starts there.

"prior auth for an MRI has been pending with the payer for nine days" says which handoff
the work is at (the one whose receiving party has it: the payer), how long it has been
there (nine days) and so whether that handoff's time frame has passed, in which case
its exception path and escalation come first. Pure: the request text and the plan's
handoffs in, at most ``MAX_LINES`` lines out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.numbers import NUMBER_WORD, number_value
from agents.plan import BoundaryPart, DecisionSupport, NowSection

MAX_LINES = 5
_NUMBER = rf"(?:\d{{1,4}}(?:\.\d+)?|{NUMBER_WORD})"
_UNIT = r"(?P<unit>business\s+days?|days?|hours?|hrs?|weeks?|months?)"
_HOURS_PER = {"business": 24, "day": 24, "hour": 1, "hrs": 1, "hr": 1, "week": 168, "month": 720}

_ELAPSED = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:for|after)\s+(?:the\s+(?:last|past)\s+)?(?:over\s+|about\s+|almost\s+)?(?P<n>{_NUMBER})"
        rf"\s+{_UNIT}",
        rf"\b(?P<n>{_NUMBER})\s+{_UNIT}\s+(?:ago|now|already|and\s+counting|later|in)\b",
        rf"\b(?:pending|waiting|stuck|open|outstanding|sitting)\s+(?:for\s+)?(?P<n>{_NUMBER})"
        rf"\s+{_UNIT}",
    )
)
_DEADLINE = re.compile(
    rf"\b(?:in|within|due\s+in|before|next)\s+(?P<n>{_NUMBER})\s+{_UNIT}(?!\s+ago)",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"\$\s?(?P<n>\d[\d,]*(?:\.\d{1,2})?)\s*(?P<k>k\b|thousand\b)?", re.I)
# Who has it now: "pending with the payer", "waiting on UM", "no answer from the payer".
_HOLDER = re.compile(
    r"\b(?:pending|waiting|stuck|sitting|sent|submitted|queued)\s+(?:\w+\s+)?"
    r"(?:with|on|at|to|for)\s+(?:the\s+)?(?P<party>[a-z][\w-]+)"
    r"|\bno\s+(?:answer|response|reply|word|decision)\s+(?:yet\s+)?from\s+(?:the\s+)?"
    r"(?P<from>[a-z][\w-]+)",
    re.IGNORECASE,
)
_DENIED = re.compile(r"\b(?:denied|denial|rejected|turned\s+down)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RequestFacts:
    """What a request says about its own situation."""

    elapsed_hours: int | None
    deadline_hours: int | None
    amount_usd: float | None
    holder: str | None  # the party that has the work now, in the request's words
    denied: bool


def _hours(match: re.Match[str]) -> int:
    unit = match.group("unit").lower().split()[0].rstrip("s")
    return round(number_value(match.group("n")) * _HOURS_PER.get(unit, 24))


def read_facts(request: str) -> RequestFacts:
    elapsed = next((m for p in _ELAPSED if (m := p.search(request))), None)
    deadline = _DEADLINE.search(request)
    if deadline is not None and elapsed is not None and deadline.start() == elapsed.start():
        deadline = None
    amount = _AMOUNT.search(request)
    value = None
    if amount is not None:
        value = float(amount.group("n").replace(",", "")) * (1000 if amount.group("k") else 1)
    holder = _HOLDER.search(request)
    return RequestFacts(
        elapsed_hours=_hours(elapsed) if elapsed else None,
        deadline_hours=_hours(deadline) if deadline else None,
        amount_usd=value,
        holder=(holder.group("party") or holder.group("from")).lower() if holder else None,
        denied=_DENIED.search(request) is not None,
    )


def _span(hours: int, adjective: bool = False) -> str:
    """``216`` → "9 days" (or "9-day" before a noun); under two days in hours."""
    in_days = hours >= 72 or (hours >= 48 and hours % 24 == 0)
    count, unit = (round(hours / 24), "day") if in_days else (hours, "hour")
    if adjective:
        return f"{count}-{unit}"
    return f"{count} {unit}{'s' * (count != 1)}"


def current_step(facts: RequestFacts, boundaries: Sequence[BoundaryPart]) -> int | None:
    """The 1-based handoff the request is at, or None when its words do not say."""
    if facts.denied:
        for number, b in enumerate(boundaries, start=1):
            if _DENIED.search(b.name) or _DENIED.search(b.exception.trigger):
                return number
    if facts.holder:
        stem = facts.holder.rstrip("s")
        for number, b in enumerate(boundaries, start=1):
            if stem in b.to_party.lower():
                return number
    return None


def now_section(
    request: str, boundaries: Sequence[BoundaryPart], decision: DecisionSupport | None
) -> NowSection | None:
    """What to do next, who, by when, and the escalation when a time frame has passed."""
    if not boundaries:
        return None
    facts = read_facts(request)
    step = current_step(facts, boundaries)
    lines: list[str] = []
    past = False
    index = (step or 1) - 1
    here = boundaries[index]
    if step is not None:
        behind = {1: "", 2: "; handoff 1 is behind you", 3: "; handoffs 1 and 2 are behind you"}
        done = behind.get(step, f"; handoffs 1 to {step - 1} are behind you")
        elapsed = f" for {_span(facts.elapsed_hours)}" if facts.elapsed_hours else ""
        lines.append(f"Where it stands: handoff {step}, {here.name}, with {here.to_party}"
                     f"{elapsed}{done}.")  # fmt: skip
    else:
        lines.append(f"Start with handoff 1, {here.name}: {here.owner}, within {here.time_frame}.")
    if step is not None and facts.elapsed_hours is not None:
        over = facts.elapsed_hours - here.time_frame_hours
        if over > 0:
            past = True
            lines.append(
                f"Past its {_span(here.time_frame_hours, adjective=True)} time frame by "
                f"{_span(over)}: "
                f"{here.exception.path}."
            )
            lines.append(f"Escalate now to the {here.exception.escalate_to}.")
        else:
            lines.append(
                f"Next: {here.owner} gets it done within {_span(-over or 1)} "
                f"({here.outcome}); if it stalls, the {here.exception.escalate_to}."
            )
    elif step is not None:
        lines.append(f"Next: {here.owner}, within {here.time_frame}; if it stalls, the "
                     f"{here.exception.escalate_to}.")  # fmt: skip
    if facts.deadline_hours is not None and facts.deadline_hours < here.time_frame_hours:
        lines.append(
            f"Your deadline ({_span(facts.deadline_hours)}) is shorter than this handoff's "
            f"time frame: tell the {here.exception.escalate_to} now."
        )
    if decision is not None:
        amount = f" on ${facts.amount_usd:,.2f}" if facts.amount_usd is not None else ""
        lines.append(f"The {decision.owner} makes the final {decision.kind} decision{amount}; "
                     "Baton prepares it.")  # fmt: skip
    elif not past and index + 1 < len(boundaries):
        following = boundaries[index + 1]
        lines.append(f"Then handoff {index + 2}, {following.name}: {following.owner}.")
    return NowSection(
        lines=lines[:MAX_LINES],
        step=step,
        elapsed_hours=facts.elapsed_hours,
        past_time_frame=past,
    )
