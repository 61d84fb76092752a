"""The patient panel page (sorted, filtered, paged) and one patient's whole history.

Rows come from the tool layer as the signed-in person may see them: a coordinator their
own patients, a supervisor their team's, an admin everyone's. Supervisors and admins also
get the coordinator column and filter, and whether each patient's month bills and why.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from bot.api.deps import CurrentActor, Records
from bot.web.panel_table import (
    FOCUS,
    SORTS,
    BillingNote,
    focus_on,
    page_of,
    panel_lines,
    sort_lines,
)
from bot.web.rendering import render
from bot.web.task_dialog import month_summary, patient_options, task_types_by_category
from tools.access import Actor, Role, can_see_billing
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month
from tools.billing.thresholds import next_threshold
from tools.context import ToolContext
from tools.panel import patient_panel
from tools.schedules.service import list_scheduled
from tools.staff import list_staff
from tools.tasks.service import list_tasks

router = APIRouter(include_in_schema=False)


def _names(records: ToolContext, actor: Actor) -> dict[int, str]:
    """Coordinators' names; a coordinator, who may not list staff, sees only their own."""
    if actor.role is Role.COORDINATOR:
        return {actor.staff_id: actor.name} if actor.staff_id is not None else {}
    return {s.id: s.name for s in list_staff(records, actor) if s.role == "coordinator"}


def _billing_notes(records: ToolContext, actor: Actor) -> dict[int, BillingNote] | None:
    if not can_see_billing(actor):
        return None
    month = BillingMonth.of(records.clock.today())
    lines = billing_month(records, actor, month).as_dict()["patients"]
    return {
        line["patient_id"]: BillingNote(bool(line["billed"]), str(line["reason"])) for line in lines
    }


@router.get("/panel")
def panel_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    coordinator: Annotated[int | None, Query(ge=1)] = None,
    status: Annotated[str, Query(pattern="^(active|inactive|deceased|all)$")] = "active",
    visit: Annotated[str, Query(pattern="^(overdue|due_soon|current|)$")] = "",
    gaps: Annotated[str, Query(pattern="^(open|pending|closed|)$")] = "",
    focus: Annotated[str, Query(max_length=20)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    sort: Annotated[str, Query(max_length=20)] = "urgency",
    direction: Annotated[str, Query(alias="dir", pattern="^(asc|desc)$")] = "asc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    rows = patient_panel(
        records,
        actor,
        status=None if status == "all" else status,
        visit=visit or None,
        care_gaps=gaps or None,
    )
    if coordinator is not None:
        rows = [r for r in rows if r.coordinator_id == coordinator]
    if q:
        needle = q.casefold()
        rows = [r for r in rows if needle in r.name.casefold() or needle in r.chart_code.casefold()]
    names = _names(records, actor)
    billing = _billing_notes(records, actor)
    focus = focus if focus in FOCUS and (billing is not None or not FOCUS[focus][1]) else ""
    sort = sort if sort in SORTS else "urgency"
    lines = sort_lines(
        focus_on(panel_lines(rows, names, billing), focus), sort, direction == "desc"
    )
    chosen = {
        "coordinator": coordinator or "",
        "status": status,
        "visit": visit,
        "gaps": gaps,
        "focus": focus,
        "q": q,
        "sort": sort,
        "dir": direction,
    }

    def link(**changes: object) -> str:
        """This page's URL with some choices changed (empty ones left out)."""
        merged = {**chosen, "page": 1, **changes}
        return "/panel?" + urlencode({k: v for k, v in merged.items() if v not in ("", None)})

    return render(
        request,
        "panel.html",
        actor,
        page=page_of(lines, page),
        filters=chosen,
        link=link,
        sorts=SORTS,
        focus_options=[
            (k, label)
            for k, (label, billing_only, _) in FOCUS.items()
            if billing is not None or not billing_only
        ],
        coordinators=sorted(names.items(), key=lambda item: item[1]),
        several_coordinators=actor.role is not Role.COORDINATOR,
        shows_billing=billing is not None,
        summary=month_summary(records, actor, records.clock.today()),
        task_types=task_types_by_category(records, actor),
        patients=patient_options(records, actor),
        today=records.clock.today(),
    )


@router.get("/patients/{ref}")
def patient_page(request: Request, ref: str, actor: CurrentActor, records: Records) -> HTMLResponse:
    """Everything on record for one patient the viewer may see: visit status, this
    month's minutes against the next threshold, every time entry, every generated task."""
    [row] = patient_panel(records, actor, status=None, patient=ref)
    entries = list_tasks(records, actor, patient=row.patient_id)
    by_month: dict[str, list] = {}
    for entry in entries:
        by_month.setdefault(entry.task_date.strftime("%Y-%m"), []).append(entry)
    tasks = list_scheduled(records, actor, status=None, patient=row.patient_id)
    billing = _billing_notes(records, actor)
    names = _names(records, actor)
    return render(
        request,
        "patient.html",
        actor,
        row=row,
        coordinator=names.get(row.coordinator_id or 0, ""),
        threshold=next_threshold(row.program, row.minutes_this_month),
        months=by_month,
        tasks=sorted(tasks, key=lambda t: t.due_date, reverse=True),
        billing=None if billing is None else billing.get(row.patient_id),
        names=names,
        today=records.clock.today(),
    )
