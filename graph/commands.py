"""Coordinator commands in plain words, parsed without a chat model.

Logging time ("log 25 min CCM care plan review for chart ZK1029", "log half an hour care
plan review for ZK1029 yesterday"), tracking the last plan's handoffs ("track handoff 2",
"track all handoffs") and asking where one stands ("status of handoff 12"). Questions
about one's own records are read in ``graph.intents``.
The parser reads the REDACTED text, so patient references and dates usually arrive as
placeholders (``<MRN_1>``, ``<DATE_1>``); the action node resolves them inside the guard.
Anything else is not a command and goes to the router.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from graph.durations import find_duration

# Verbs that open a time entry. "spent/did/had" entries also need a patient and must
# not be questions: "we spent 3 hours on hold with the payer, what now?" asks for a plan.
_ENTRY_LEAD = re.compile(
    r"^\s*(?:(?:please|pls|can\s+you|could\s+you|just|i|i've|i\s+have|also)\s+)*"
    r"(?:(?P<log>log(?:ging)?|record(?:ing)?|add(?:ing)?|enter(?:ing)?|put\s+in|track|chart|note)"
    r"|(?P<did>spent|spend|did|had|made|completed|finished|worked))\b"
    r"(?P<filler>\s+(?:about|around|another|an?\s+extra|like|an?))?",
    re.IGNORECASE,
)
# A patient reference anywhere in a message: a placeholder, or a chart code as the demo
# practice writes them (capitals then digits; "CO-197" is a denial code, not a patient).
PATIENT_REF = re.compile(r"<MRN_\d+>|\b[A-Z]{1,3}\d{3,10}\b")
# The patient: a chart code or its placeholder, usually after "for chart" / "for pt".
_PATIENT = re.compile(
    r"(?:\b(?:for|re|on|to)\s+)?(?:\b(?:chart(?:\s+code)?|patient|pt)\s*#?\s*)?"
    r"(?P<ref><MRN_\d+>|\b[A-Z]{1,3}-?\d{3,10}\b)",
    re.IGNORECASE,
)
_WITH_PATIENT = re.compile(
    r"\bwith\s+(?=(?:chart\s+|patient\s+|pt\s+)?(?:<MRN_\d+>|[A-Z]{1,3}-?\d))"
)
_NOTES = re.compile(r"(?:\s*[-,;]\s*|\s+)(?:notes?|re)\s*[:=-]\s*(?P<notes>.+)$", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(
    r"(?:\b(?:on|dated)\s+)?(?P<day><DATE_\d+>|\b(?:today|yesterday|(?:last\s+|this\s+past\s+)?(?:"
    + "|".join(_WEEKDAYS)
    + r"))\b)|(?P<now>\b(?:earlier\s+)?this\s+(?:morning|afternoon|evening)\b)",
    re.IGNORECASE,
)
# "... notes: called pharmacy for chart ZK1029": the patient may trail the notes.
_TRAILING_PATIENT = re.compile(r"\s+for\s+(?:chart|patient|pt)?\s*(?P<ref><MRN_\d+>)\s*$")


@dataclass(frozen=True)
class LogTime:
    """A time entry the coordinator wants logged; nothing is written until confirmed."""

    minutes: int
    task_phrase: str
    patient_ref: str | None  # a chart code or a placeholder such as <MRN_1>
    day_ref: str | None  # "today", "yesterday", a weekday or a <DATE_n> placeholder
    notes: str = ""


@dataclass(frozen=True)
class TrackHandoffs:
    """Open the last plan's handoffs (by number, or all) as tracked handoffs."""

    which: tuple[int, ...]  # 1-based boundary numbers; empty means all of them


@dataclass(frozen=True)
class HandoffStatus:
    """Where a tracked handoff stands: who has it, since when, what it waits on."""

    handoff_id: int


Command = LogTime | TrackHandoffs | HandoffStatus

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
    return None


def _parse_log(text: str) -> LogTime | None:
    duration = find_duration(text)
    if duration is None:
        return None
    lead = _ENTRY_LEAD.match(text)
    if lead is not None and text[lead.end() : duration.start].strip(" ,") in ("", "of"):
        needs_patient = lead.group("did") is not None
    elif text[: duration.start].strip(" ,").lower() in ("", "another", "also", "plus"):
        needs_patient = True  # "20 min med rec <MRN_1> yesterday": no verb at all
    else:
        return None
    rest = re.sub(
        r"^\s*(?:(?:of|on|doing|for(?=\s+(?:an?|the)\b))\s+)?(?:(?:an?|the)\s+)?",
        "",
        text[duration.end :],
        flags=re.I,
    )
    if needs_patient and (_PATIENT.search(rest) is None or "?" in text):
        return None
    rest = _WITH_PATIENT.sub("for ", rest)
    notes = ""
    found = _NOTES.search(rest)
    if found:
        notes, rest = found.group("notes").strip(), rest[: found.start()]
    day_ref = None
    found = _DAY.search(rest)
    if found:
        day_ref = "today" if found.group("now") else found.group("day")
        rest = rest[: found.start()] + rest[found.end() :]
    patient_ref = None
    found = _PATIENT.search(rest)
    if found:
        patient_ref, rest = found.group("ref"), rest[: found.start()] + rest[found.end() :]
    elif (trailing := _TRAILING_PATIENT.search(notes)) is not None:
        patient_ref, notes = trailing.group("ref"), notes[: trailing.start()].strip()
    phrase = " ".join(re.sub(r"\b(?:for|on|of|with)\s*$", "", rest.strip(" .,;:-")).split())
    return LogTime(duration.minutes, phrase, patient_ref, day_ref, notes)


def resolve_day(day_ref: str | None, today: date, literal: str | None = None) -> date:
    """The date a day reference means. ``literal`` is the text behind a <DATE_n>.

    Raises ValueError with a message for the user when it cannot tell.
    """
    if day_ref is None or day_ref.lower() == "today":
        return today
    word = day_ref.lower()
    if word == "yesterday":
        return today - timedelta(days=1)
    weekday = " ".join(word.split()).removeprefix("last").removeprefix("this past").strip()
    if weekday in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(weekday)) % 7 or 7
        return today - timedelta(days=back)
    if literal is None:
        raise ValueError("I could not read the date; say today, yesterday or YYYY-MM-DD")
    return parse_date(literal, today)


def parse_date(text: str, today: date) -> date:
    """``2026-11-20``, ``11/20/2026``, ``11/20/26``, ``11/20``, ``Nov 20`` or ``20 November``
    (this year when the year is left out)."""
    value = " ".join(text.strip().rstrip(".,").split())
    try:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        us = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", value)
        if us:
            year = int(us.group(3)) if us.group(3) else today.year
            year = year + 2000 if year < 100 else year
            return date(year, int(us.group(1)), int(us.group(2)))
        for shape in ("%b %d", "%B %d", "%d %b", "%d %B", "%b %d %Y", "%B %d %Y", "%b %d, %Y"):
            try:
                parsed = datetime.strptime(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", value), shape)
            except ValueError:
                continue
            return parsed.date() if "%Y" in shape else date(today.year, parsed.month, parsed.day)
    except ValueError:
        pass
    raise ValueError("I could not read the date; write it as YYYY-MM-DD or MM/DD/YYYY")
