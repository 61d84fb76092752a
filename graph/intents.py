"""What a chat message asks for, read before routing and without a chat model.

Three families: a **time entry** ("log half an hour care plan review for <MRN_1>
yesterday"), a **question about the asker's own records** (time logged, a patient's
minutes this month, care gaps, overdue visits, open tasks, my decisions, my handoffs),
or anything else, which is a **plan request** for the router. The text is the redacted
one, so chart codes and dates usually arrive as placeholders.

A records question must be about the asker's own work (my, me, I, "on my panel", a
patient reference) and must not ask how the team should work: "which of my patients
have open care gaps?" is a question, "we need a plan to close care gaps across the ACO"
is a plan. When in doubt the message goes to the router: a plan where a number was
wanted costs a re-ask, a number where a plan was wanted hides the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from graph.commands import PATIENT_REF, HandoffStatus, LogTime, TrackHandoffs, parse_command
from graph.decision_detection import detect_decision_request

RecordsTopic = Literal[
    "time_logged",
    "patient_minutes",
    "care_gaps",
    "overdue_visits",
    "open_tasks",
    "my_decisions",
    "my_handoffs",
]
IntentKind = Literal["time_entry", "plan_request", "command", RecordsTopic]
RECORDS_TOPICS: tuple[RecordsTopic, ...] = get_args(RecordsTopic)
# "today" … "last_month" are relative to the clock; "day" is the one ``day_ref`` names.
Span = Literal["today", "yesterday", "day", "week", "last_week", "month", "last_month"]


@dataclass(frozen=True)
class RecordsQuestion:
    """A question the store answers: which topic, over which span, for which patient."""

    topic: RecordsTopic
    span: Span
    day_ref: str | None = None  # a weekday or a <DATE_n> placeholder when span is "day"
    patient_ref: str | None = None  # a chart code or <MRN_n> for patient_minutes


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    question: RecordsQuestion | None = None
    command: LogTime | TrackHandoffs | HandoffStatus | None = None


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


# Who the question is about: the asker (my, me, I) or their panel.
_ASKER = _any(r"\b(?:my|me|mine|myself|i|i'?ve|i'?m|i'?d)\b", r"\bon\s+(?:the\s+)?panel\b")
_QUESTION = _any(
    r"^\s*(?:so\s+|and\s+|ok(?:ay)?,?\s+|hey,?\s+|quick\s+(?:question|one)[:,]?\s+)?"
    r"(?:what|what'?s|which|who|whose|how|show|list|any|anything|is|are|do|does|did|have"
    r"|has|tell\s+me|give\s+me|pull\s+up|can\s+(?:you|i)|could\s+you|where|when|remind\s+me"
    r"|let\s+me\s+(?:see|know)|need\s+(?:a|my|the)|count|total|sum|running|anyone|anybody"
    r"|patients|pending|open|outstanding|overdue|gaps?)\b",
    # Noun phrases: "my tasks today", "minutes I logged last week".
    r"^\s*(?:my|today'?s|this\s+week'?s)\s+\S+(?:\s+\S+){0,6}\s*$",
    r"^\s*(?:(?:total|my)\s+)?(?:minutes|mins|time|hours|entries|tasks|handoffs|decisions"
    r"|billing|progress)\b",
    r"\?\s*$",
)
SHORT_ABOUT_PATIENT = 8  # words
# Asking how the team should work, not what the records say.
_PLAN = _any(
    r"\b(?:plan|strategy|strategies|process|workflow|policy|policies|procedure|protocol"
    r"|playbook|checklist|template|campaign|outreach|initiative|program\s+design|roadmap"
    r"|escalat\w*|appeal\w*|denial\w*|payer|prior\s+auth\w*|committee|board|governance"
    r"|improv\w*|reduce|reducing|increase|increasing|raise|boost|best\s+practices?|why"
    r"|draft|design|train\w*|budget|staffing|benchmark\w*|audit\w*|compliance|hedis"
    r"|star\s+ratings?|measure\s+specs?|root\s+cause|vendor|contract\w*|script|steps)\b",
    r"\bhow\s+(?:do|should|can|could|would)\s+(?:we|i|the\s+team)\b(?!\s+(?:see|check|find|look))",
    r"\bwhat\s+(?:do|should|can|could)\s+(?:we|i)\s+do\b",
    r"\bwho\s+(?:should|do\s+(?:i|we)\s+(?:call|ask|contact|tell))\b",
    r"\b(?:what\s+now|next\s+steps?|options?|refus\w*|won'?t|declin\w*)\b",
    r"\b(?:across|organi[sz]ation|system-?wide|practice-?wide|enterprise|aco|clinic-?wide)\b",
)

_TOPIC_CUES: tuple[tuple[RecordsTopic, re.Pattern[str]], ...] = (
    (
        "care_gaps",
        _any(
            r"\bcare[-\s]?gaps?\b",
            r"\bgaps?\s+(?:in|of)\s+care\b",
            r"\bopen\s+gaps?\b",
            r"\b(?:quality|measure)\s+gaps?\b",
            r"\bgaps?\s+(?:open|still|left|to\s+close)\b",
            r"\bwith\s+(?:an?\s+)?(?:open\s+)?gaps?\b",
            r"\b(?:missing|due\s+for|needs?|needing)\b.{0,15}\b(?:a1c|eye\s+exams?|screenings?"
            r"|mammograms?|colonoscop\w+|flu\s+(?:shots?|vaccines?)|vaccines?"
            r"|immuni[sz]ations?)\b",
        ),
    ),
    (
        "my_handoffs",
        _any(r"\bhand-?\s?offs?\b"),
    ),
    (
        "my_decisions",
        _any(
            r"\bdecisions?\b",
            r"\bsign-?\s?offs?\b",
            r"\bapprov(?:al|als|e|ed)\b",
            r"\bsigned\s+off\b",
            r"\bdecid(?:e|ed)\b",
        ),
    ),  # fmt: skip
    (
        "overdue_visits",
        _any(
            r"\b(?:overdue|past\s+due|late|behind|lapsed|missed|due)\b.{0,40}"
            r"\b(?:visits?|appointments?|appts?|check-?ups?|follow-?ups?|annuals?|seen)\b",
            r"\b(?:visits?|appointments?|appts?|check-?ups?|follow-?ups?)\b.{0,30}"
            r"\b(?:overdue|past\s+due|late|lapsed|missed)\b",
            r"\b(?:not|n't|never)\s+(?:been\s+)?seen\b",
            r"(?:\bnot|n't|\bnever|\bwithout)\b.{0,20}\b(?:visits?|appointments?|seen)\b",
            r"\bneeds?\b.{0,30}\b(?:visits?|appointments?|seen)\b",
            r"\boverdue\s+patients\b",
            # Overdue with no task in sight is about people: "how many of mine are overdue".
            r"^(?!.*\b(?:tasks?|to-?dos?|work|items?|list)\b).*\b(?:overdue|past\s+due)\b",
            r"\bwho(?:'s|\s+is|\s+are)?\b.{0,20}\b(?:overdue|past\s+due|late|behind)\b",
            r"\b(?:needs?|due\s+for)\s+(?:a|an|their)\s+(?:visit|appointment|check-?up)\b",
        ),
    ),
    (
        "open_tasks",
        _any(
            r"\b(?:left|to\s*-?\s*do|remaining|outstanding|pending|open|due|overdue|next)\b"
            r".{0,30}\btasks?\b",
            r"\btasks?\b.{0,30}\b(?:left|to\s*-?\s*do|remaining|outstanding|pending|open|due"
            r"|overdue|today|this\s+week|this\s+month)\b",
            r"\bwhat(?:'|’)?s\s+(?:left|due|next|on\s+my\s+plate)\b",
            r"^\s*(?:anything|what)\s+(?:else\s+)?(?:due|left|open|pending)\b",
            r"\b(?:work\s+on|tackle|focus\s+on)\b.{0,20}\b(?:today|this\s+week|next|now)\b",
            r"\b(?:left|outstanding|pending|open|remaining)\s+(?:for\s+me|on\s+my)\b",
            r"\b(?:not|n't)\s+(?:done|finished|completed)\b",
            r"\b(?:pending|open|outstanding)\s+(?:work|items|things)\b",
            r"\bhave\b.{0,10}\b(?:due|left)\b",
            r"\bwhat\s+(?:is|are)\s+(?:left|due|next)\b",
            r"\b(?:left|to\s*-?\s*do)\b.{0,20}\b(?:today|this\s+week|this\s+month|panel)\b",
            r"\bon\s+my\s+(?:plate|list|to-?do)\b",
            r"^\s*(?:my\s+)?(?:to-?dos?|worklist|work\s+list)\b",
        ),
    ),
    (
        "time_logged",
        _any(
            r"\b(?:logged|recorded|entered|charted|clocked|put\s+in|spent|log|billed)\b"
            r".{0,40}\b(?:time|minutes?|mins?|hours?|hrs?|entries|today|yesterday|this\s+week"
            r"|last\s+week|this\s+month|last\s+month|so\s+far)\b",
            r"\b(?:time|minutes?|mins?|hours?|entries)\b.{0,30}"
            r"\b(?:logged|recorded|entered|charted|clocked|put\s+in|spent)\b",
            r"\bwhat\s+did\s+i\s+(?:log|record|enter|chart|do)\b",
            r"\b(?:my|total)\s+(?:time|minutes|hours|entries|time\s+log|log|minute\s+count"
            r"|total)\b",
            r"\b(?:yesterday|today|this\s+week|last\s+week)'?s\s+(?:entries|time|minutes|log)\b",
            r"\bhow\s+(?:much\s+time|many\s+(?:minutes|mins|hours|entries))\b",
        ),
    ),
)
# A patient's minutes: a patient reference and the month's time or billing progress.
# Words about the patient's care ("has chest pain", "qualify for hospice", "what time is
# the appointment") are not: those are requests for a plan.
_PATIENT_MINUTES = _any(
    r"\b(?:minutes?|mins?|(?<!what\s)time|hours?|billing|billable|threshold|progress"
    r"|how\s+(?:far|close)|count|total|tally|logged|running|sum)\b",
    r"\b(?:what|where)(?:'s|\s+is)\s+<MRN_\d+>\s+at\b",
)
_SPANS: tuple[tuple[Span, re.Pattern[str]], ...] = (
    ("last_month", _any(r"\b(?:last|previous|past)\s+month\b")),
    ("last_week", _any(r"\b(?:last|previous|past)\s+week\b")),
    (
        "month",
        _any(
            r"\b(?:this|the)\s+month\b",
            r"\bmonth\s+(?:so\s+far|to\s+date)\b",
            r"\bmonthly\b",
            r"\bmtd\b",
            r"\bmonth\b",
        ),
    ),  # fmt: skip
    (
        "week",
        _any(
            r"\b(?:this|the)\s+week\b",
            r"\bweek\s+(?:so\s+far|to\s+date)\b",
            r"\bweekly\b",
            r"\bwtd\b",
            r"\bweek\b",
        ),
    ),  # fmt: skip
    ("yesterday", _any(r"\byesterday\b")),
    (
        "today",
        _any(
            r"\btoday\b",
            r"\btonight\b",
            r"\bthis\s+(?:morning|afternoon)\b",
            r"\bso\s+far\s+today\b",
        ),
    ),  # fmt: skip
)
_DAY = re.compile(
    r"<DATE_\d+>|\b(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# Without a span, time logged means today and everything else this week, as people ask.
_DEFAULT_SPAN: dict[RecordsTopic, Span] = {
    "time_logged": "today",
    "patient_minutes": "month",
    "open_tasks": "week",
}


def classify(text: str) -> Intent:
    """What ``text`` (redacted) asks for."""
    command = parse_command(text)
    if isinstance(command, LogTime):
        return Intent("time_entry", command=command)
    if command is not None:
        return Intent("command", command=command)
    question = records_question(text)
    if question is not None:
        return Intent(question.topic, question=question)
    return Intent("plan_request")


def records_question(text: str) -> RecordsQuestion | None:
    """The records question ``text`` asks, or None when it is not one."""
    patient = PATIENT_REF.search(text)
    # A short message naming a patient asks about them ("<MRN_1>: time this month").
    asks = _QUESTION.search(text) or (patient and len(text.split()) <= SHORT_ABOUT_PATIENT)
    if not asks or _PLAN.search(text) or detect_decision_request(text) is not None:
        return None
    topic = _topic(text, patient is not None)
    if topic is None:
        return None
    if patient is None and not (_ASKER.search(text) or len(text.split()) <= 5):
        return None  # "which patients have open care gaps in the county?" is not about mine
    span = next((name for name, pattern in _SPANS if pattern.search(text)), None)
    day = _DAY.search(text)
    if span is None and day is not None:
        span = "day"
    return RecordsQuestion(
        topic=topic,
        span=span or _DEFAULT_SPAN.get(topic, "week"),
        day_ref=day.group(0) if span == "day" and day else None,
        patient_ref=patient.group(0) if topic == "patient_minutes" and patient else None,
    )


def _topic(text: str, names_patient: bool) -> RecordsTopic | None:
    for topic, pattern in _TOPIC_CUES:
        if pattern.search(text):
            if topic == "time_logged" and names_patient:
                return "patient_minutes"
            return topic
    if names_patient and _PATIENT_MINUTES.search(text):
        return "patient_minutes"
    return None


def span_dates(span: Span, today: date, day: date | None = None) -> tuple[date, date]:
    """First and last day of ``span`` as of ``today`` (weeks run Monday to Sunday; the
    current week and month end today, since nothing is logged in the future)."""
    if span == "today":
        return today, today
    if span == "yesterday":
        yesterday = today - timedelta(days=1)
        return yesterday, yesterday
    if span == "day":
        return (day or today), (day or today)
    monday = today - timedelta(days=today.weekday())
    if span == "week":
        return monday, today
    if span == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    first = today.replace(day=1)
    if span == "month":
        return first, today
    last_of_previous = first - timedelta(days=1)
    return last_of_previous.replace(day=1), last_of_previous


def span_end(span: Span, today: date) -> date:
    """The last day of the calendar span containing ``today``, for what is due by then."""
    if span in ("today", "yesterday", "day"):
        return today
    if span in ("week", "last_week"):
        return today + timedelta(days=6 - today.weekday())
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return following - timedelta(days=1)
