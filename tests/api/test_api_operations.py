"""Health, readiness, metrics, request ids, headers, limits, errors, CORS, extra routers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.testclient import TestClient

from bot.api.app import create_app
from tests.api.conftest import Api, api_settings
from tools.context import ToolContext
from tools.store.database import Database


def test_health_and_readiness(api: Api) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    ready = api.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"store": "ok", "index": "ok"}}


def test_readiness_fails_when_the_store_does_not_answer(
    engine: Any, tmp_path: Path, text_guard: Any
) -> None:
    missing = Database(f"sqlite:///{tmp_path / 'missing' / 'x' / 'db.sqlite'}")
    broken = ToolContext(missing, guard=text_guard)
    (tmp_path / "missing" / "x").rmdir()  # the directory Database made is gone again
    app = create_app(api_settings(tmp_path), engine, broken)
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["store"] == "unavailable"


def test_metrics_count_requests_turns_and_pending_decisions(api: Api) -> None:
    api.get("/api/v1/me", "ana")
    text = api.get("/metrics").text
    assert 'baton_http_requests_total{method="GET",route="/api/v1/me",status="200"}' in text
    assert "baton_http_request_duration_seconds_bucket" in text
    assert 'baton_decisions_pending{urgency="overdue"} 0.0' in text
    assert "# TYPE baton_turns_total counter" in text


def test_every_response_has_a_request_id_and_security_headers(api: Api) -> None:
    given = api.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = api.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert (
        made.headers["x-request-id"] != "bad id with spaces"
        and len(made.headers["x-request-id"]) == 32
    )
    for name in ("x-content-type-options", "x-frame-options", "content-security-policy"):
        assert name in made.headers
    assert made.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in made.headers  # plain http here


def test_oversized_bodies_are_413(api: Api) -> None:
    huge = b'{"text": "' + b"x" * 1_100_000 + b'"}'
    response = api.post(
        "/api/v1/route", "ana", content=huge, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["detail"][0]["type"] == "too_large"

    def chunks():
        yield b'{"text": "'
        for _ in range(12):
            yield b"y" * 100_000
        yield b'"}'

    streamed = api.post(
        "/api/v1/route", "ana", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413


def _failing_router() -> APIRouter:
    router = APIRouter()

    @router.post("/slack/events")
    def slack_events() -> dict[str, str]:
        return {"ok": "mounted"}

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("patient TESTPATIENT, ONE SSN 536-22-8571 broke it")

    return router


def test_extra_routers_are_mounted_and_failures_get_an_incident_id(
    engine: Any, records: ToolContext, tmp_path: Path
) -> None:
    app = create_app(api_settings(tmp_path), engine, records, extra_routers=[_failing_router()])
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/slack/events").json() == {"ok": "mounted"}
        failed = client.get("/boom")
    assert failed.status_code == 500
    body = failed.json()
    assert body["incident"] and body["detail"][0]["type"] == "internal"
    assert "536-22-8571" not in failed.text and "TESTPATIENT" not in failed.text
    assert failed.headers["x-request-id"]


def test_cors_is_off_by_default_and_allows_only_named_origins(
    api: Api, engine: Any, records: ToolContext, tmp_path: Path
) -> None:
    preflight = {"Origin": "https://other.example", "Access-Control-Request-Method": "POST"}
    assert (
        "access-control-allow-origin"
        not in api.call("OPTIONS", "/api/v1/route", headers=preflight).headers
    )
    settings = api_settings(tmp_path, cors_origins="https://ops.example")
    with TestClient(create_app(settings, engine, records)) as client:
        allowed = client.options(
            "/api/v1/route",
            headers={"Origin": "https://ops.example", "Access-Control-Request-Method": "POST"},
        )
        assert allowed.headers["access-control-allow-origin"] == "https://ops.example"
        other = client.options("/api/v1/route", headers=preflight)
        assert "access-control-allow-origin" not in other.headers
