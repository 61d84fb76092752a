"""The error answers every API operation can give, written into the OpenAPI schema.

Routes document what is particular to them ("404: no such handoff"); the statuses that
follow from how an operation is reached are added here, from the operation itself, so
no route can forget one:

| the operation | can answer |
|---|---|
| needs a token (``security``) | 401 (none, or not valid) |
| needs a token and changes something | 403 (also: the web cookie without ``X-Baton-Request``) |
| has path parameters | 404 (also: a value holding ``/``, so no route matches) |
| has parameters or a body | 422 (a schema or a rule refused it) |
| has a body | 400 (not JSON in UTF-8), 413 (over ``BATON_MAX_REQUEST_BYTES``) |

Routes add what else they refuse (a 403 for a role, a 404 for no such record). Every
4xx and 5xx has the one error shape (``ErrorPublic``). A 405 is not an operation's
answer (it says which methods the path has, in ``Allow``), so it is not listed per
operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from bot.api.deps import SAFE_METHODS

ERROR_SCHEMA_REF = "#/components/schemas/ErrorPublic"
DEFAULT_DESCRIPTIONS = {
    400: "The body could not be read (not JSON in UTF-8)",
    401: "No valid API token",
    403: "Not allowed: the rule that refused it is the error's type (csrf: a change "
    "from the web pages without the X-Baton-Request header)",
    404: "No such record, or not one you may see",
    413: "The body is over BATON_MAX_REQUEST_BYTES",
    422: "A parameter or the body failed its schema, or a rule refused the call "
    "(loc names the field, type the rule)",
}


class ErrorItem(BaseModel):
    loc: list[str | int] = Field(description="Where: e.g. ['body', 'minutes'] or ['minutes']")
    msg: str
    type: str = Field(description="The rule, e.g. minutes_max, or the schema's error type")


class ErrorPublic(BaseModel):
    """The one shape of every error answer."""

    detail: list[ErrorItem]
    confirm: bool | None = Field(default=None, description="409: resend with confirm=true")
    incident: str | None = Field(default=None, description="500: the incident id to report")


def _statuses(method: str, operation: dict[str, Any]) -> set[int]:
    statuses: set[int] = set()
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        statuses.add(401)
        if method.upper() not in SAFE_METHODS:
            statuses.add(403)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413}
    return statuses


def _document(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(_statuses(method, operation)):
        responses.setdefault(str(status), {"description": DEFAULT_DESCRIPTIONS[status]})
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400 and "content" not in response:
            response["content"] = {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}}


def document_error_responses(schema: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Add the error answers to every operation under ``prefix`` (idempotent)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorPublic" in components:
        return schema
    error = ErrorPublic.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error.pop("$defs", {}))
    components["ErrorPublic"] = error
    for path, operations in schema.get("paths", {}).items():
        if path.startswith(prefix):
            for method, operation in operations.items():
                _document(method, operation)
    return schema


def install_error_responses(app: FastAPI, prefix: str) -> None:
    """Wrap ``app.openapi`` so the schema it builds documents every error answer."""
    build: Callable[[], dict[str, Any]] = app.openapi
    app.openapi = lambda: document_error_responses(build(), prefix)  # type: ignore[method-assign]
