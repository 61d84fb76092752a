"""ASGI middleware: request ids, access log and metrics, security headers, size limits.

Written as plain ASGI callables (not ``BaseHTTPMiddleware``) so streamed answers pass
through untouched and cost no extra task per request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import incident_response
from bot.api.metrics import HTTP_LATENCY, HTTP_REQUESTS
from tools.phi.logging_filter import ALREADY_REDACTED

access_log = logging.getLogger("bot.api.access")

REQUEST_ID_HEADER = "x-request-id"
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Pages and answers can show patients' details: nothing here may be cached or framed,
# and pages run only their own scripts and styles.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make form posts send Origin: null
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
)
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIX = "/static/"


class RequestContextMiddleware:
    """Gives each request an id, adds security headers, counts and logs it.

    A client's ``X-Request-ID`` is kept when it is a plain token, so a request can be
    followed across systems; otherwise Baton makes one. The access log carries the route
    template (``/api/v1/patients/{ref}``), never the path: a path can hold a chart code.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = _header(scope, b"x-request-id")
        request_id = given if given and _CLIENT_REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        https = scope.get("scheme") == "https"
        status = 500
        started_response = False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                started_response = True
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                if not scope["path"].startswith(STATIC_PREFIX):
                    headers.append(NO_STORE)
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_headers)
            except Exception:
                if started_response:
                    raise  # too late for a clean answer; the server closes the connection
                response = incident_response(request_id)  # never the exception's text
                await response(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(elapsed)
            actor = scope.get("state", {}).get("actor")
            access_log.info(
                "request",
                extra={
                    **ALREADY_REDACTED,  # ids, numbers and the route template only
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                    "staff_id": getattr(actor, "staff_id", None),
                },
            )


class BodySizeLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (
            not (declared.isascii() and declared.isdecimal()) or int(declared) > self.max_bytes
        ):
            await _too_large(send, self.max_bytes)
            return
        received = 0
        too_large = False

        async def counted() -> Message:
            # Past the limit the app is told the client left, and whatever it answers
            # is replaced by the 413 below.
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def send_unless_too_large(message: Message) -> None:
            if not too_large:
                await send(message)

        try:
            await self.app(scope, counted, send_unless_too_large)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _too_large(send, self.max_bytes)


async def _too_large(send: Send, max_bytes: int) -> None:
    body = (
        b'{"detail":[{"loc":["body"],"msg":"request body over '
        + str(max_bytes).encode()
        + b' bytes","type":"too_large"}]}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _route_template(scope: Scope) -> str:
    """The matched route's full template, e.g. ``/api/v1/patients/{ref}``.

    An included router's route knows only its own part of the path; the prefixes above it
    (which hold no parameters in Baton) are the leading segments of the actual path.
    """
    route = scope.get("route")
    template = getattr(route, "path", None)
    if not template:
        return "static" if scope["path"].startswith(STATIC_PREFIX) else "unmatched"
    actual = scope["path"]
    extra = actual.count("/") - template.count("/")
    prefix = "/".join(actual.split("/")[: extra + 1]) if extra > 0 else ""
    return f"{prefix}{template}"
