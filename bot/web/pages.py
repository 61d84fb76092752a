"""Server-rendered pages: sign-in, the coordinator's two tabs, the supervisor's queue,
the admin's billing and directory, and a chat page.

Pages read through the same tool functions as the API, as the signed-in staff member
(``CurrentActor``: the same authentication seam). Changes are made by the pages' small
scripts calling ``/api/v1`` with the cookie and the CSRF header, so every rule and its
message is the API's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from bot.api.deps import SESSION_COOKIE, CurrentActor, Records, Services
from bot.web.case_rows import case_rows
from bot.web.clocks import clock_words
from tools.access import Actor, Role
from tools.billing.month import BillingMonth
from tools.billing.service import billing_month, fee_schedule
from tools.decisions.service import list_decisions
from tools.errors import AccessDenied
from tools.handoffs.service import list_handoffs
from tools.owners import owner_directory
from tools.panel import coordinator_metrics, patient_panel
from tools.staff import list_staff
from tools.tasks.service import list_tasks
from tools.tasks.types import list_task_types
from tools.tokens import authenticate

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)
HOME = {
    Role.COORDINATOR: "/panel",
    Role.SUPERVISOR: "/supervisor",
    Role.ADMIN: "/billing",
    Role.AUDITOR: "/chat",
}
NAV = (
    ("/panel", "Patient panel", (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)),
    ("/tasks", "Daily tasks", (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)),
    ("/supervisor", "Decisions & team", (Role.SUPERVISOR, Role.ADMIN)),
    ("/billing", "Billing", (Role.ADMIN, Role.SUPERVISOR)),
    ("/directory", "Fees & owners", (Role.ADMIN,)),
    ("/feedback", "Feedback", (Role.SUPERVISOR, Role.ADMIN)),
    ("/chat", "Ask Baton", tuple(Role)),
)
MAX_LOGIN_BODY = 2_000


def mount_web(app: FastAPI) -> None:
    from bot.web.feedback_page import router as feedback_router

    app.include_router(router)
    app.include_router(feedback_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def _page(request: Request, name: str, actor: Actor | None, **context: Any) -> HTMLResponse:
    nav = [(href, label) for href, label, roles in NAV if actor and actor.role in roles]
    return templates.TemplateResponse(
        request, name, {"actor": actor, "nav": nav, "path": request.url.path, **context}
    )


render_page = _page  # for the page modules beside this one


def _same_origin(request: Request) -> bool:
    """A sign-in form must come from Baton's own page (no login CSRF)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # non-browser clients send neither; the cookie is SameSite=Strict
    return urlsplit(origin).netloc == request.headers.get("host", "")


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _page(request, "login.html", None, error=None)


@router.post("/login")
async def login(request: Request, services: Services) -> Response:
    body = await request.body()
    if not _same_origin(request) or len(body) > MAX_LOGIN_BODY:
        return _page(request, "login.html", None, error="Sign in from Baton's own page.")
    token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0].strip()
    try:
        actor = await run_in_threadpool(authenticate, services.records, token, "web")
    except AccessDenied:
        page = _page(request, "login.html", None, error="That token is not valid.")
        page.status_code = 401
        return page
    response = RedirectResponse(HOME[actor.role], status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if _same_origin(request):
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(actor: CurrentActor) -> Response:
    return RedirectResponse(HOME[actor.role], status_code=303)


def _patient_options(records: Any, actor: Actor) -> list[Any]:
    return patient_panel(records, actor, mine_only=actor.role is Role.COORDINATOR)


def _task_types_by_category(records: Any, actor: Actor) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for task_type in list_task_types(records, actor):
        grouped[task_type.category].append(task_type)
    return dict(grouped)


def _month_summary(records: Any, actor: Actor, today: date) -> dict[str, int]:
    month = BillingMonth.of(today)
    entries = list_tasks(records, actor, start=month.first_day, end=month.last_day)
    return {
        "minutes": sum(e.minutes for e in entries),
        "patients": len({e.patient_id for e in entries}),
        "tasks": len(entries),
    }


@router.get("/panel")
def panel_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    mine: Annotated[str | None, Query()] = None,
    status: Annotated[str, Query(pattern="^(active|inactive|deceased|all)$")] = "active",
    visit: Annotated[str, Query(pattern="^(overdue|due_soon|current|)$")] = "",
    gaps: Annotated[str, Query(pattern="^(open|pending|closed|)$")] = "",
    completion: Annotated[str, Query(pattern="^(low|medium|high|)$")] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    filtered: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    mine_only = mine is not None or filtered is None  # "My patients only" is on by default
    rows = patient_panel(
        records,
        actor,
        mine_only=mine_only,
        status=None if status == "all" else status,
        visit=visit or None,
        care_gaps=gaps or None,
        completion=completion or None,
    )
    if q:
        needle = q.casefold()
        rows = [r for r in rows if needle in r.name.casefold() or needle in r.chart_code.casefold()]
    today = records.clock.today()
    return _page(
        request,
        "panel.html",
        actor,
        rows=rows,
        filters={
            "mine": mine_only,
            "status": status,
            "visit": visit,
            "gaps": gaps,
            "completion": completion,
            "q": q,
        },
        summary=_month_summary(records, actor, today),
        task_types=_task_types_by_category(records, actor),
        patients=rows if mine_only else _patient_options(records, actor),
        today=today,
    )


@router.get("/tasks")
def tasks_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    day: Annotated[date | None, Query(alias="date")] = None,
    patient: Annotated[str, Query(max_length=40)] = "",
    task_type: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    today = records.clock.today()
    day = day or today
    entries = list_tasks(
        records, actor, day=day, patient=patient or None, task_type=task_type or None
    )
    todays = list_tasks(records, actor, day=today)
    return _page(
        request,
        "tasks.html",
        actor,
        day=day,
        today=today,
        entries=entries,
        filters={"patient": patient, "task_type": task_type},
        today_summary={"tasks": len(todays), "minutes": sum(e.minutes for e in todays)},
        summary=_month_summary(records, actor, today),
        task_types=_task_types_by_category(records, actor),
        patients=_patient_options(records, actor),
    )


@router.get("/supervisor")
def supervisor_page(request: Request, actor: CurrentActor, records: Records) -> HTMLResponse:
    decisions = list_decisions(records, actor)
    queue: dict[str, list[Any]] = {"overdue": [], "due_soon": [], "pending": []}
    for view in decisions:
        queue.setdefault(view.urgency, []).append(view)
    today = records.clock.today()
    metrics = coordinator_metrics(records, actor, BillingMonth.of(today))
    now = records.clock.now()
    handoffs = [(h, clock_words(h, now)) for h in list_handoffs(records, actor)]
    return _page(
        request,
        "supervisor.html",
        actor,
        queue=queue,
        metrics=metrics,
        month=str(BillingMonth.of(today)),
        handoffs=handoffs,
        cases=case_rows(records, actor, now),
    )


@router.get("/billing")
def billing_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> HTMLResponse:
    today = records.clock.today()
    chosen = BillingMonth.parse(month) if month else BillingMonth.of(today)
    summary = billing_month(records, actor, chosen).as_dict()
    names = {s.id: s.name for s in list_staff(records, actor)}
    previous = BillingMonth.of(chosen.first_day - timedelta(days=1))
    return _page(
        request,
        "billing.html",
        actor,
        month=str(chosen),
        previous=str(previous),
        summary=summary,
        staff_names=names,
    )


@router.get("/directory")
def directory_page(request: Request, actor: CurrentActor, records: Records) -> HTMLResponse:
    staff = list_staff(records, actor)
    return _page(
        request,
        "directory.html",
        actor,
        fees=fee_schedule(records, actor),
        owners=owner_directory(records, actor),
        staff=staff,
        staff_names={s.id: s.name for s in staff},
    )


@router.get("/chat")
def chat_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return _page(request, "chat.html", actor)
