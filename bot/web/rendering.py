"""Rendering a page: the templates, the navigation each role sees, and the shared context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tools.access import Actor, Role

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
NAV = (
    ("/panel", "Patient panel", (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)),
    ("/tasks", "Daily tasks", (Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN)),
    ("/supervisor", "Decisions & team", (Role.SUPERVISOR, Role.ADMIN)),
    ("/billing", "Billing", (Role.ADMIN, Role.SUPERVISOR)),
    ("/directory", "Fees & owners", (Role.ADMIN,)),
    ("/feedback", "Feedback", (Role.SUPERVISOR, Role.ADMIN)),
    ("/chat", "Ask Baton", tuple(Role)),
)


def render(request: Request, name: str, actor: Actor | None, **context: Any) -> HTMLResponse:
    nav = [(href, label) for href, label, roles in NAV if actor and actor.role in roles]
    return templates.TemplateResponse(
        request, name, {"actor": actor, "nav": nav, "path": request.url.path, **context}
    )
