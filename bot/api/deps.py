"""Dependencies every route declares, as ``Annotated`` aliases.

``CurrentActor`` is the authentication seam. Today it reads a Baton API token (issued with
``baton staff token issue``) from ``Authorization: Bearer ...``, or, for the web pages,
from the HttpOnly cookie the sign-in page sets, and turns it into the tool layer's
``Actor``. To put single sign-on in front of Baton instead, replace this one function:

    app.dependency_overrides[authenticate_request] = my_oidc_actor

where ``my_oidc_actor(request)`` verifies the identity (an OIDC access token checked
against the provider's keys, or a header set by an authenticating reverse proxy that
strips it from client requests) and returns ``tools.staff.actor_for(records, staff_id,
"web")`` for the matching staff member, raising ``Unauthorized`` otherwise. Every route
and page goes through it, so nothing else changes: the tool layer still decides what
that actor may see and do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.api.errors import Unauthorized
from bot.api.services import ApiServices
from graph.engine import BatonEngine
from tools.access import Actor
from tools.context import ToolContext
from tools.errors import AccessDenied
from tools.tokens import authenticate

SESSION_COOKIE = "baton_token"
# Requests authenticated by the cookie that change something must carry this header.
# A cross-site form cannot set a custom header, and a cross-site script cannot send one
# without a CORS preflight Baton does not grant: together with SameSite=Strict this
# keeps other sites from acting with a signed-in user's cookie.
CSRF_HEADER = "X-Baton-Request"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Declares the bearer token in the OpenAPI schema (every operation that needs one lists
# it under ``security``); the token itself is read below, which also takes the cookie.
BEARER = HTTPBearer(auto_error=False, description="An API token: baton staff token issue")


# The three look-ups below are coroutines on purpose: FastAPI runs a plain ``def``
# dependency on a worker thread, a hand-off (and a wait for a free thread) per dependency
# per request, while these only read an attribute.
async def get_services(request: Request) -> ApiServices:
    return request.app.state.baton


Services = Annotated[ApiServices, Depends(get_services)]


async def get_records(services: Services) -> ToolContext:
    return services.records


Records = Annotated[ToolContext, Depends(get_records)]


async def get_engine(services: Services) -> BatonEngine:
    return services.engine


Engine = Annotated[BatonEngine, Depends(get_engine)]


def presented_credential(request: Request) -> tuple[str | None, bool]:
    """The secret the client presented and whether it came from the web cookie."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        return (value.strip() if scheme.lower() == "bearer" else ""), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def authenticate_request(
    request: Request,
    services: Services,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
) -> Actor:
    """The acting staff member (the seam to swap for OIDC; see the module docstring)."""
    secret, from_cookie = presented_credential(request)
    channel = "web" if from_cookie else "api"
    try:
        actor = authenticate(services.records, secret, channel=channel)
    except AccessDenied:
        raise Unauthorized() from None  # audited by ``authenticate``, with its rule
    request.state.actor = actor
    if from_cookie and request.method not in SAFE_METHODS and not request.headers.get(CSRF_HEADER):
        # Audited by the error handler, with this actor.
        raise AccessDenied(
            f"a change from the web pages needs the {CSRF_HEADER} header", rule="csrf"
        )
    return actor


CurrentActor = Annotated[Actor, Depends(authenticate_request)]


def staff_id_of(actor: Actor) -> int:
    """The acting staff member's id: an API caller is always one (authenticate_request)."""
    if actor.staff_id is None:
        raise Unauthorized()
    return actor.staff_id


def turn_actor(actor: Actor) -> str:
    """The engine's name for a staff member in conversations (as ``baton chat`` uses)."""
    return f"staff:{actor.staff_id}"
