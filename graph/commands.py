"""Coordinator commands in plain words, parsed without a chat model.

Logging time ("log 25 min CCM care plan review for chart ZK1029"), asking what is left
("what's left on my panel this week?"), tracking the last plan's handoffs ("track
handoff 2", "track all handoffs") and asking where one stands ("status of handoff 12").
The parser reads the REDACTED text, so patient references and dates usually arrive as
placeholders (``<MRN_1>``, ``<DATE_1>``); the action node resolves them inside the guard.
Anything else is not a command and goes to the router.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Period = Literal["today", "week", "month"]

_LOG = re.compile(
    r"^\s*(?:please\s+|pls\s+)?(?:log|record|add|enter|track)\s+"
    r"(?:(?P<hours>\d{1,2}(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\b\s*(?:and\s+)?)?"
    r"(?:(?P<minutes>\d{1,3})\s*(?:m|min|mins|minutes?)\b)?"
    r"\s*(?:of\s+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# The patient: a chart code or its placeholder, usually after "for chart" / "for pt".
_PATIENT = re.compile(
    r"(?:\b(?:for|re|on|to)\s+)?(?:\b(?:chart(?:\s+code)?|patient|pt)\s*#?\s*)?"
    r"(?P<ref><MRN_\d+>|\b[A-Z]{1,3}-?\d{3,10}\b)",
    re.IGNORECASE,
)
_NOTES = re.compile(r"(?:\s*[-,;]\s*|\s+)(?:notes?|re)\s*[:=-]\s*(?P<notes>.+)$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(
    r"(?:\b(?:on|dated)\s+)?(?P<day><DATE_\d+>|\b(?:today|yesterday|(?:last\s+)?(?:"
    + "|".join(_WEEKDAYS)
    + r"))\b)",
    re.IGNORECASE,
)
# "... notes: called pharmacy for chart ZK1029": the patient may trail the notes.
_TRAILING_PATIENT = re.compile(r"\s+for\s+(?:chart|patient|pt)?\s*(?P<ref><MRN_\d+>)\s*$")
_LEFT = re.compile(
    r"\b(?:what(?:'|’)?s|what\s+is|what\s+are|show(?:\s+me)?|list|anything)\b.*"
    r"\b(?:left|due|open|pending|outstanding|to\s*do|remaining|my\s+tasks?)\b"
    r"|^\s*(?:my\s+)?tasks?\s+(?:for\s+)?(?:today|this\s+week|this\s+month)\s*\??\s*$",
    re.IGNORECASE,
)
# "What is left" is about the asker's own work only when it says so, or is that short:
# "what is left to appeal on the CO-197 denials?" is a request for a plan.
_MINE = re.compile(r"\b(?:my|me|mine)\b", re.IGNORECASE)
SHORT_QUESTION_WORDS = 6
_PERIOD = re.compile(r"\b(today|tonight|this\s+week|week|this\s+month|month)\b", re.IGNORECASE)


@dataclass(frozen=True)
class LogTime:
    """A time entry the coordinator wants logged; nothing is written until confirmed."""

    minutes: int
    task_phrase: str
    patient_ref: str | None  # a chart code or a placeholder such as <MRN_1>
    day_ref: str | None  # "today", "yesterday", a weekday or a <DATE_n> placeholder
    notes: str = ""


@dataclass(frozen=True)
class WhatIsLeft:
    """Open scheduled tasks (and overdue visits) on the asker's panel for a period."""

    period: Period


@dataclass(frozen=True)
class TrackHandoffs:
    """Open the last plan's handoffs (by number, or all) as tracked handoffs."""

    which: tuple[int, ...]  # 1-based boundary numbers; empty means all of them


@dataclass(frozen=True)
class HandoffStatus:
    """Where a tracked handoff stands: who has it, since when, what it waits on."""

    handoff_id: int


Command = LogTime | WhatIsLeft | TrackHandoffs | HandoffStatus

_TRACK = re.compile(
    r"^\s*(?:please\s+|pls\s+)?(?:track|open|start\s+tracking)\s+(?:the\s+)?"
    r"(?:(?P<all>all)\s+(?:the\s+)?(?:handoffs|boundaries)"
    r"|(?:handoffs?|boundar(?:y|ies))\s*(?P<numbers>#?\d{1,2}(?:\s*(?:,|and|&)\s*#?\d{1,2})*))"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"^\s*(?:(?:what(?:'|’)?s\s+the\s+)?status\s+of\s+|where\s+is\s+|who\s+has\s+)?"
    r"handoff\s*#?(?P<id>\d{1,9})(?:\s+status)?\s*\??\s*$",
    re.IGNORECASE,
)


def parse_command(text: str) -> Command | None:
    """The command in ``text``, or None when it is an ordinary request for a plan."""
    logged = _parse_log(text)
    if logged is not None:
        return logged
    tracked = _TRACK.match(text)
    if tracked:
        numbers = re.findall(r"\d+", tracked.group("numbers") or "")
        return TrackHandoffs(tuple(sorted({int(n) for n in numbers})))
    status = _STATUS.match(text)
    if status:
        return HandoffStatus(int(status.group("id")))
    about_my_work = _MINE.search(text) or len(text.split()) <= SHORT_QUESTION_WORDS
    if _LEFT.search(text) and about_my_work:
        found = _PERIOD.search(text)
        word = found.group(1).lower() if found else "week"
        period: Period = (
            "today" if word in ("today", "tonight") else "month" if "month" in word else "week"
        )
        return WhatIsLeft(period)
    return None


def _parse_log(text: str) -> LogTime | None:
    match = _LOG.match(text)
    if match is None or not (match.group("hours") or match.group("minutes")):
        return None
    minutes = round(float(match.group("hours") or 0) * 60) + int(match.group("minutes") or 0)
    rest = match.group("rest")
    notes = ""
    found = _NOTES.search(rest)
    if found:
        notes, rest = found.group("notes").strip(), rest[: found.start()]
    day_ref = None
    found = _DAY.search(rest)
    if found:
        day_ref, rest = found.group("day"), rest[: found.start()] + rest[found.end() :]
    patient_ref = None
    found = _PATIENT.search(rest)
    if found:
        patient_ref, rest = found.group("ref"), rest[: found.start()] + rest[found.end() :]
    elif (trailing := _TRAILING_PATIENT.search(notes)) is not None:
        patient_ref, notes = trailing.group("ref"), notes[: trailing.start()].strip()
    phrase = " ".join(re.sub(r"\b(?:for|on|of)\s*$", "", rest.strip(" .,;:-")).split())
    return LogTime(minutes, phrase, patient_ref, day_ref, notes)


def resolve_day(day_ref: str | None, today: date, literal: str | None = None) -> date:
    """The date a day reference means. ``literal`` is the text behind a <DATE_n>.

    Raises ValueError with a message for the user when it cannot tell.
    """
    if day_ref is None or day_ref.lower() == "today":
        return today
    word = day_ref.lower()
    if word == "yesterday":
        return today - timedelta(days=1)
    weekday = word.removeprefix("last").strip()
    if weekday in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(weekday)) % 7 or 7
        return today - timedelta(days=back)
    if literal is None:
        raise ValueError("I could not read the date; say today, yesterday or YYYY-MM-DD")
    return parse_date(literal, today)


def parse_date(text: str, today: date) -> date:
    """``2026-11-20``, ``11/20/2026``, ``11/20/26`` or ``11/20`` (this year)."""
    value = text.strip()
    try:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        us = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", value)
        if us:
            year = int(us.group(3)) if us.group(3) else today.year
            year = year + 2000 if year < 100 else year
            return date(year, int(us.group(1)), int(us.group(2)))
    except ValueError:
        pass
    raise ValueError("I could not read the date; write it as YYYY-MM-DD or MM/DD/YYYY")


def period_end(period: Period, today: date) -> date:
    """Last day of the period that contains ``today`` (weeks end on Sunday)."""
    if period == "today":
        return today
    if period == "week":
        return today + timedelta(days=6 - today.weekday())
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return following - timedelta(days=1)
