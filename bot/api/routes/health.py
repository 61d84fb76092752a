"""Liveness, readiness and the Prometheus scrape (outside ``/api/v1``, no token)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from bot.api.deps import Services
from bot.api.schemas.admin import HealthPublic, ReadyPublic

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=HealthPublic, summary="The process is up")
def healthz() -> HealthPublic:
    return HealthPublic(status="ok")


@router.get(
    "/readyz",
    response_model=ReadyPublic,
    summary="The store and the knowledge index answer",
    responses={503: {"model": ReadyPublic, "description": "A dependency does not answer"}},
)
def readyz(services: Services) -> JSONResponse:
    checks: dict[str, str] = {}
    checks["store"] = "ok" if services.records.db.answers() else "unavailable"
    checks["index"] = "ok" if services.engine.index_healthy() else "unavailable"
    ready = all(value == "ok" for value in checks.values())
    body = ReadyPublic(status="ready" if ready else "not ready", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics (no PHI: counts, latencies, route templates)",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
def metrics() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
