"""Server-rendered pages: sign-in, the coordinator's two tabs, the supervisor's queue,
the admin's billing and directory, and a chat page.

Pages read through the same tool functions as the API, as the signed-in staff member
(``CurrentActor``: the same authentication seam). Changes are made by the pages' small
scripts calling ``/api/v1`` with the cookie and the CSRF header, so every rule and its
message is the API's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bot.api.deps import SESSION_COOKIE, CurrentActor, Records, Services
from bot.api.schemas.fields import Day
from bot.owner_roles import all_owner_roles
from bot.web.billing_lines import SHOW, billing_lines
from bot.web.case_rows import case_rows
from bot.web.clocks import clock_words
from bot.web.dashboards import billing_charts, team_charts
from bot.web.decision_cards import decision_card
from bot.web.panel_pages import router as panel_router
from bot.web.rendering import HERE, render
from bot.web.task_dialog import month_summary, patient_options, task_types_by_category
from knowledge.catalog import default_catalog
from tools.access import Actor, Role
from tools.billing.codes import CODES
from tools.billing.month import BillingMonth
from tools.billing.reason_groups import ORDER as REASON_GROUPS
from tools.billing.service import billing_month, fee_schedule
from tools.decision_requests.described import describe_decisions
from tools.decision_requests.service import list_decisions
from tools.errors import AccessDenied
from tools.fields import MONTH_PATTERN
from tools.handoffs.service import list_handoffs
from tools.owners import owner_directory, unfilled_roles
from tools.panel import coordinator_metrics
from tools.staff import list_staff
from tools.tasks.service import list_tasks
from tools.tasks.types import list_task_types
from tools.tokens import authenticate

router = APIRouter(include_in_schema=False)
HOME = {
    Role.COORDINATOR: "/panel",
    Role.SUPERVISOR: "/supervisor",
    Role.ADMIN: "/billing",
    Role.AUDITOR: "/chat",
}
MAX_LOGIN_BODY = 2_000


def mount_web(app: FastAPI) -> None:
    from bot.web.feedback_page import router as feedback_router

    app.include_router(router)
    app.include_router(panel_router)
    app.include_router(feedback_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def _same_origin(request: Request) -> bool:
    """A sign-in form must come from Baton's own page (no login CSRF)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # non-browser clients send neither; the cookie is SameSite=Strict
    return urlsplit(origin).netloc == request.headers.get("host", "")


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", None, error=None)


@router.post("/login")
async def login(request: Request, services: Services) -> Response:
    body = await request.body()
    if not _same_origin(request) or len(body) > MAX_LOGIN_BODY:
        return render(request, "login.html", None, error="Sign in from Baton's own page.")
    token = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0].strip()
    try:
        actor = await run_in_threadpool(authenticate, services.records, token, "web")
    except AccessDenied:
        page = render(request, "login.html", None, error="That token is not valid.")
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


@router.get("/tasks")
def tasks_page(
    request: Request,
    actor: CurrentActor,
    records: Records,
    day: Annotated[Day | None, Query(alias="date")] = None,
    patient: Annotated[str, Query(max_length=40)] = "",
    task_type: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    today = records.clock.today()
    day = day or today
    entries = list_tasks(
        records, actor, day=day, patient=patient or None, task_type=task_type or None
    )
    todays = list_tasks(records, actor, day=today)
    return render(
        request,
        "tasks.html",
        actor,
        day=day,
        today=today,
        entries=entries,
        filters={"patient": patient, "task_type": task_type},
        today_summary={"tasks": len(todays), "minutes": sum(e.minutes for e in todays)},
        summary=month_summary(records, actor, today),
        task_types=task_types_by_category(records, actor),
        patients=patient_options(records, actor),
    )


DECIDED_SHOWN = 20


def _decision_cards(records: Any, actor: Actor) -> tuple[dict[str, list[Any]], list[Any]]:
    """The open queue by urgency, and the latest answered requests, as plain-word cards."""
    views = list_decisions(records, actor, open_only=False)
    decided = sorted(
        (v for v in views if not v.open),
        key=lambda v: (v.decided_at is not None, v.decided_at or v.created_at),
        reverse=True,
    )[:DECIDED_SHOWN]
    shown = [v for v in views if v.open] + decided
    words = describe_decisions(records, actor, shown)
    types = [t.name for t in list_task_types(records, actor)]

    def card(view: Any) -> Any:
        return decision_card(view, words[view.id], task_types=types)

    queue: dict[str, list[Any]] = {"overdue": [], "due_soon": [], "pending": []}
    for view in shown:
        if view.open:
            queue.setdefault(view.urgency, []).append(card(view))
    return queue, [card(v) for v in decided]


@router.get("/supervisor")
def supervisor_page(request: Request, actor: CurrentActor, records: Records) -> HTMLResponse:
    queue, decided = _decision_cards(records, actor)
    today = records.clock.today()
    metrics = coordinator_metrics(records, actor, BillingMonth.of(today))
    now = records.clock.now()
    handoffs = [(h, clock_words(h, now)) for h in list_handoffs(records, actor)]
    return render(
        request,
        "supervisor.html",
        actor,
        queue=queue,
        decided=decided,
        charts=team_charts(records, actor),
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
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    show: Annotated[str, Query(pattern="^(bills|not_billing|near|)$")] = "",
    reason: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    today = records.clock.today()
    chosen = BillingMonth.parse(month) if month else BillingMonth.of(today)
    summary = billing_month(records, actor, chosen).as_dict()
    names = {s.id: s.name for s in list_staff(records, actor)}
    previous = BillingMonth.of(chosen.first_day - timedelta(days=1))
    return render(
        request,
        "billing.html",
        actor,
        month=str(chosen),
        previous=str(previous),
        summary=summary,
        staff_names=names,
        charts=billing_charts(records, actor, chosen, summary["patients"]),
        lines=billing_lines(summary["patients"], show, reason),
        filters={"show": show, "reason": reason},
        show_options=SHOW,
        reason_options=REASON_GROUPS,
    )


@router.get("/directory")
def directory_page(request: Request, actor: CurrentActor, records: Records) -> HTMLResponse:
    staff = list_staff(records, actor)
    fees = fee_schedule(records, actor)
    priced = {f.code for f in fees}
    codes = [c.code for c in CODES]
    return render(
        request,
        "directory.html",
        actor,
        fees=fees,
        codes=codes,
        unpriced=[code for code in codes if code not in priced],
        owners=owner_directory(records, actor),
        unfilled=unfilled_roles(records, actor, sorted(all_owner_roles(default_catalog()))),
        staff=staff,
        staff_names={s.id: s.name for s in staff},
    )


# What each role can ask in plain words, offered on the empty chat page.
CHAT_EXAMPLES: dict[Role, tuple[str, ...]] = {
    Role.COORDINATOR: (
        "what did I log today?",
        "what's left on my panel this week?",
        "which of my patients have open care gaps?",
        "who on my panel is overdue for a visit?",
        "log half an hour care plan review for CHART yesterday",
    ),
    Role.SUPERVISOR: (
        "any decisions waiting on me?",
        "how much time has my team logged this week?",
        "show my handoffs",
        "prior auth for an MRI has been pending with the payer for nine days, what do we do?",
    ),
    Role.ADMIN: (
        "how many minutes have been logged this month?",
        "any decisions waiting on me?",
        "our ED boarding hours doubled, we need a capacity plan",
    ),
    Role.AUDITOR: (
        "what should an audit of prior-auth handoffs look at?",
        "how do we show who accessed a patient's records this month?",
    ),
}


@router.get("/chat")
def chat_page(request: Request, actor: CurrentActor) -> HTMLResponse:
    return render(request, "chat.html", actor, examples=CHAT_EXAMPLES.get(actor.role, ()))
