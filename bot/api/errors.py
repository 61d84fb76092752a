"""How refusals and failures look over HTTP (the only place that maps them).

Every error body has the shape FastAPI uses for validation errors, so a client needs one
parser: ``{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}``.

| raised | status | ``type`` |
|---|---|---|
| request body or query fails its schema | 422 | pydantic's error type |
| ``ToolError`` (a rule refused the call) | 422 | the rule, e.g. ``minutes_max`` |
| ``NeedsConfirmation`` | 409 | the rule; resend with ``"confirm": true`` |
| ``NotFound`` | 404 | ``not_found`` |
| ``AccessDenied`` | 403 | the rule, e.g. ``patient_not_assigned`` |
| no valid API token | 401 | ``unauthorized`` |
| a body that is not JSON in UTF-8 | 400 | ``bad_request`` |
| a path no route has | 404 | ``not_found`` |
| a method the path has not (``Allow`` lists those it has) | 405 | ``method_not_allowed`` |
| anything else | 500 | ``internal``, with an incident id (never the exception text) |

``loc`` names the argument at fault (``["body", "minutes"]`` for a schema error,
``["minutes"]`` for a rule), so a form can show the message next to its field.
"""

from __future__ import annotations

import html
import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Match

from tools.billing.errors import BillingError
from tools.errors import AccessDenied, NeedsConfirmation, NotFound, ToolError
from tools.tokens import unauthenticated

log = logging.getLogger("bot.api")

# What a route's ``responses=`` documents: status code → its OpenAPI response fields.
ErrorResponses = dict[int | str, dict[str, Any]]


class Unauthorized(Exception):
    """No valid credential; answered 401 (the attempt is already audited)."""


def error_body(loc: list[Any], msg: str, type_: str, **extra: Any) -> dict[str, Any]:
    return {"detail": [{"loc": loc, "msg": msg, "type": type_}], **extra}


def _loc(error: ToolError) -> list[Any]:
    return [error.field] if error.field else []


def _audit_denial(request: Request, denied: AccessDenied) -> None:
    """Record a refusal the tool layer did not already record (e.g. a CSRF check)."""
    if denied.audited:
        return
    services = request.app.state.baton
    actor = getattr(request.state, "actor", None) or unauthenticated("api")
    route = request.scope.get("route")
    services.records.record(
        actor,
        f"http.{request.method.lower()}",
        "endpoint",
        denied,
        outcome="denied",
        object_id=getattr(route, "path", "?")[:60],
    )


def incident_response(request_id: str) -> JSONResponse:
    """A 500 that names an incident id; the details go to the redacting log only."""
    incident = uuid.uuid4().hex[:12]
    # The redacting log handler strips PHI from the message and the traceback.
    log.exception(
        "unhandled error, incident %s",
        incident,
        extra={"incident": incident, "request_id": request_id},
    )
    return JSONResponse(
        error_body([], f"internal error; incident {incident}", "internal", incident=incident),
        status_code=500,
    )


def _page_refusal(status: int, message: str) -> HTMLResponse:
    """A web page the signed-in person may not see, or asked wrongly: say why, plainly."""
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton</title>'
        '<link rel="stylesheet" href="/static/baton.css"></head><body><main>'
        f'<h1>Not available</h1><p role="alert">{html.escape(message)}</p>'
        '<p><a href="/">Back to your start page</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status)


HTTP_ERROR_TYPES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
}


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route serves at this path. Starlette's own 405 names only the
    methods of the first route that matched the path, so a path two routes serve
    (``PATCH`` and ``DELETE /tasks/{id}``) was said to allow half of what it does."""
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in app.router.routes):
            allowed.append(method)
    return allowed


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # Raised by the framework itself (no route, wrong method, an unreadable body).
        if exc.status_code == 405:
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(allowed_methods(app, request))}
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        kind = HTTP_ERROR_TYPES.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body([], str(exc.detail), kind), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, _exc: Unauthorized) -> Response:
        if not request.url.path.startswith("/api/"):  # a web page: go and sign in
            return RedirectResponse("/login", status_code=303)
        return JSONResponse(
            error_body(
                ["header", "Authorization"], "a valid API token is required", "unauthorized"
            ),
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    @app.exception_handler(ToolError)
    async def refused(request: Request, exc: ToolError) -> Response:
        status = 422
        if isinstance(exc, AccessDenied):
            await run_in_threadpool(_audit_denial, request, exc)  # a store write
            status = 403
        elif isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, NeedsConfirmation):
            status = 409
        if not request.url.path.startswith("/api/"):
            return _page_refusal(status, str(exc))
        extra = {"confirm": True} if status == 409 else {}
        return JSONResponse(error_body(_loc(exc), str(exc), exc.rule, **extra), status_code=status)

    @app.exception_handler(BillingError)
    async def billing_refused(_request: Request, exc: BillingError) -> JSONResponse:
        return JSONResponse(error_body([], str(exc), "billing"), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Without pydantic's "input": the submitted value may hold PHI, and the client
        # already has it.
        detail = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    # Anything else is answered by RequestContextMiddleware with an incident id.
