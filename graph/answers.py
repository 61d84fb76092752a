"""Answers to questions about the asker's own records, read from the tool layer.

Every figure comes from the same tool call a page or a CLI command makes, so the
asker's access rules apply unchanged: a coordinator sees their own patients and no
billing codes, a supervisor their team, an admin everyone. Answers are short and exact;
the rows behind them follow, at most ``MAX_LINES`` of each kind.

Chart codes are shown through ``show``, which turns a chart the asker may see into a
placeholder only they get revealed; nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from graph.intents import RecordsQuestion, Span, span_dates, span_end
from graph.outcomes import RecordsAnswer
from tools.access import Actor, Role, can_see_billing
from tools.billing.codes import Program, code_family
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month
from tools.billing.write_offs import KIND as WRITE_OFF_KIND
from tools.cases.service import PANEL_REMOVAL_KIND
from tools.context import ToolContext
from tools.decision_requests.service import list_decisions
from tools.handoffs.service import list_handoffs
from tools.panel import patient_panel
from tools.schedules.service import list_scheduled
from tools.tasks.service import list_tasks
from tools.tasks.signoff import KIND as TIME_ENTRY_KIND

MAX_LINES = 15  # per list in a chat answer; the pages show everything
Show = Callable[[str], str]  # a chart code → what the chat may hold instead of it


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _span_words(start: date, end: date, today: date) -> str:
    if start == end:
        return "today" if start == today else f"on {start.isoformat()}"
    return f"from {start.isoformat()} to {end.isoformat()}"


def _capped(lines: list[str], total: int, what: str) -> list[str]:
    if total > MAX_LINES:
        return [*lines[:MAX_LINES], f"... and {total - MAX_LINES} more {what}"]
    return lines


def _mine(actor: Actor) -> int | None:
    """A coordinator's own records; a supervisor's team and an admin's all are the tools'
    own scope for them."""
    return actor.staff_id if actor.role is Role.COORDINATOR else None


def _whose(actor: Actor) -> str:
    if actor.role is Role.COORDINATOR:
        return "You"
    return "Your team" if actor.role is Role.SUPERVISOR else "Everyone"


def answer_records(
    ctx: ToolContext,
    actor: Actor,
    question: RecordsQuestion,
    show: Show,
    day: date | None = None,
) -> RecordsAnswer:
    """Answer ``question``; ``day`` is the date a "day" span's reference means.

    Raises ToolError when the tools refuse (e.g. a patient the asker may not see).
    """
    answerer = _ANSWERERS[question.topic]
    return answerer(ctx, actor, question, show, day)


def time_logged(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    today = ctx.clock.today()
    start, end = span_dates(question.span, today, day)
    entries = list_tasks(ctx, actor, start=start, end=end, coordinator_id=_mine(actor))
    minutes = sum(e.minutes for e in entries)
    patients = len({e.patient_id for e in entries})
    when = _span_words(start, end, today)
    answer = (
        f"{_whose(actor)} logged {minutes} min {when}: "
        f"{_plural(len(entries), 'entry', 'entries')} for {_plural(patients, 'patient')}."
    )
    if start == end:
        lines = [f"{show(e.chart_code)}  {e.minutes} min  {e.task_type}" for e in entries]
    else:
        by_day = Counter[date]()
        for entry in entries:
            by_day[entry.task_date] += entry.minutes
        lines = [f"{d.isoformat()}  {m} min" for d, m in sorted(by_day.items())]
    return RecordsAnswer(
        topic="time_logged",
        answer=answer,
        lines=_capped(lines, len(lines), "lines"),
        start=start.isoformat(),
        end=end.isoformat(),
        figures={"minutes": minutes, "entries": len(entries), "patients": patients},
    )


def patient_minutes(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    """Minutes logged for one patient this (or last) month, the month's tasks, and how
    far the time is from the program's monthly minimum; billing codes only for those who
    may see them."""
    assert question.patient_ref is not None
    today = ctx.clock.today()
    span: Span = "last_month" if question.span == "last_month" else "month"
    start, end = span_dates(span, today)
    chart = question.patient_ref
    entries = list_tasks(ctx, actor, start=start, end=end, patient=chart)
    minutes = sum(e.minutes for e in entries)
    row = patient_panel(ctx, actor, mine_only=False, status=None, patient=chart)[0]
    shown = show(row.chart_code)
    month = BillingMonth.of(start)
    counted = _plural(len(entries), "entry", "entries")
    answer = f"{shown} has {minutes} min logged in {month} ({counted})."
    figures = {"minutes": minutes, "entries": len(entries)}
    lines: list[str] = []
    if row.program in (Program.CCM, Program.PCM):
        floor = code_family(Program(row.program)).base.threshold_minutes
        to_go = max(0, floor - minutes)
        lines.append(
            f"{row.program} monthly minimum of {floor} min clinical-staff time: "
            + ("reached" if to_go == 0 else f"{to_go} min to go")
        )
        figures["monthly_minimum"] = floor
    if span == "month" and row.monthly_tasks_total:
        lines.append(f"monthly tasks done: {row.monthly_tasks_done} of {row.monthly_tasks_total}")
        figures["tasks_done"], figures["tasks_total"] = (
            row.monthly_tasks_done,
            row.monthly_tasks_total,
        )
    if can_see_billing(actor):
        summary = billing_month(ctx, actor, month)
        line = next((p for p in summary.lines if p.decision.patient_id == row.patient_id), None)
        if line is not None:
            codes = line.codes_text or "nothing billable yet"
            lines.append(f"billing: {codes} ({show_reason(line.decision.reason, row, shown)})")
    by_type = Counter[str]()
    for entry in entries:
        by_type[entry.task_type] += entry.minutes
    lines += [f"{m} min  {name}" for name, m in by_type.most_common(MAX_LINES)]
    return RecordsAnswer(
        topic="patient_minutes",
        answer=answer,
        lines=lines,
        start=start.isoformat(),
        end=end.isoformat(),
        figures=figures,
    )


def show_reason(reason: str, row: object, shown: str) -> str:
    """A billing reason with the chart code, if it names one, as the asker sees it."""
    chart = getattr(row, "chart_code", "")
    return reason.replace(chart, shown) if chart else reason


def care_gaps(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    rows = patient_panel(ctx, actor, care_gaps="open", patient=question.patient_ref)
    gaps = sum(r.open_care_gaps for r in rows)
    whose = "your patients" if actor.role is Role.COORDINATOR else "the patients you see"
    verb = "has" if len(rows) == 1 else "have"
    answer = f"{len(rows)} of {whose} {verb} {_plural(gaps, 'open care gap')}."
    ranked = sorted(rows, key=lambda r: (-r.open_care_gaps, r.chart_code))
    lines = [f"{show(r.chart_code)}  {_plural(r.open_care_gaps, 'open gap')}" for r in ranked]
    return RecordsAnswer(
        topic="care_gaps",
        answer=answer,
        lines=_capped(lines, len(lines), "patients"),
        figures={"patients": len(rows), "open_gaps": gaps},
    )


def overdue_visits(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    rows = patient_panel(ctx, actor, visit="overdue", patient=question.patient_ref)
    # Longest overdue first; never seen counts as the longest.
    rows = sorted(rows, key=lambda r: (r.next_visit_due or date.min, r.chart_code))
    whose = "your patients" if actor.role is Role.COORDINATOR else "the patients you see"
    verb = "is" if len(rows) == 1 else "are"
    answer = f"{len(rows)} of {whose} {verb} overdue for a visit."
    lines = [
        f"{show(r.chart_code)}  last visit {r.last_visit or 'never'}"
        + (f", due {r.next_visit_due}" if r.next_visit_due else "")
        for r in rows
    ]
    return RecordsAnswer(
        topic="overdue_visits",
        answer=answer,
        lines=_capped(lines, len(lines), "patients"),
        figures={"patients": len(rows)},
    )


def open_tasks(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    today = ctx.clock.today()
    until = span_end(question.span, today)
    tasks = list_scheduled(
        ctx,
        actor,
        due_on_or_before=until,
        coordinator_id=_mine(actor),
        patient=question.patient_ref,
    )
    overdue = patient_panel(ctx, actor, visit="overdue", patient=question.patient_ref)
    lines = [
        f"{t.due_date.isoformat()}{' (overdue)' if t.due_date < today else ''}  "
        f"{show(t.chart_code)}  {t.task_type}"
        for t in tasks
    ]
    lines = _capped(lines, len(lines), "tasks")
    visits = [
        f"visit overdue  {show(r.chart_code)}  last visit {r.last_visit or 'never'}"
        for r in overdue
    ]
    lines += _capped(visits, len(visits), "patients overdue for a visit")
    patients = len({t.patient_id for t in tasks})
    when = {"today": "today", "month": "this month"}.get(question.span, "this week")
    answer = (
        f"{_plural(len(tasks), 'open task')} due by {until.isoformat()} ({when}) across "
        f"{_plural(patients, 'patient')}; {_plural(len(overdue), 'patient')} overdue for a visit."
    )
    return RecordsAnswer(
        topic="open_tasks",
        answer=answer,
        lines=lines,
        end=until.isoformat(),
        figures={"tasks": len(tasks), "patients": patients, "overdue_visits": len(overdue)},
    )


# What each kind of decision request is, in words (the store keeps a code).
_DECISION_WORDS = {
    TIME_ENTRY_KIND: "time entry over twice the task's average",
    WRITE_OFF_KIND: "write-off",
    PANEL_REMOVAL_KIND: "removal from a PCP panel",
}


def decision_words(kind: str) -> str:
    """``time_entry.over_average`` → "time entry over twice the task's average"; a plan's
    decision kind ("clinical") → "clinical decision"."""
    if kind in _DECISION_WORDS:
        return _DECISION_WORDS[kind]
    return kind.replace("_", " ").replace(".", " ") + " decision"


def my_decisions(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    """Open decision requests the asker must answer, and those they asked for."""
    views = list_decisions(ctx, actor)
    to_answer = [v for v in views if v.requester_id != actor.staff_id]
    asked = [v for v in views if v.requester_id == actor.staff_id]
    answer = (
        f"{_plural(len(to_answer), 'decision request')} waiting for your answer; "
        f"{len(asked)} you asked for still open."
    )
    lines = [
        f"#{v.id} for you, due {v.due_at:%Y-%m-%d %H:%M} UTC ({v.urgency}): "
        f"{decision_words(v.kind)}"
        for v in to_answer
    ] + [
        f"#{v.id} asked by you, with the {v.owner_role}, {v.status}: {decision_words(v.kind)}"
        for v in asked
    ]
    return RecordsAnswer(
        topic="my_decisions",
        answer=answer,
        lines=_capped(lines, len(lines), "decision requests"),
        figures={"to_answer": len(to_answer), "asked": len(asked)},
    )


def my_handoffs(
    ctx: ToolContext, actor: Actor, question: RecordsQuestion, show: Show, day: date | None
) -> RecordsAnswer:
    now = ctx.clock.now()
    views = list_handoffs(ctx, actor, mine=True)
    held = sum(v.holder_staff_id == actor.staff_id for v in views)
    overdue = sum(v.due_at < now for v in views)
    answer = (
        f"{_plural(len(views), 'open handoff')} you hold or opened ({held} held by you); "
        f"{overdue} overdue."
    )
    lines = [f"{v.title}: {v.status_line(now)}" for v in views]
    return RecordsAnswer(
        topic="my_handoffs",
        answer=answer,
        lines=_capped(lines, len(lines), "handoffs"),
        figures={"handoffs": len(views), "held": held, "overdue": overdue},
    )


_ANSWERERS = {
    "time_logged": time_logged,
    "patient_minutes": patient_minutes,
    "care_gaps": care_gaps,
    "overdue_visits": overdue_visits,
    "open_tasks": open_tasks,
    "my_decisions": my_decisions,
    "my_handoffs": my_handoffs,
}
