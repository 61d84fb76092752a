"""Bearer tokens, the web cookie and its CSRF header; every refusal is audited."""

from __future__ import annotations

from tests.api.conftest import Api
from tools.access import Actor
from tools.store.models import ApiToken
from tools.tokens import hash_secret, revoke_token


def test_no_token_is_401_and_audited(api: Api) -> None:
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"][0]["type"] == "unauthorized"
    [event] = api.events(action="auth.token")
    assert event.outcome == "denied" and event.detail.startswith("token_missing")


def test_unknown_malformed_and_non_bearer_tokens_are_401(api: Api) -> None:
    for header in ("Bearer baton_not-a-real-token", "Bearer xyz", "Basic dXNlcjpwYXNz"):
        response = api.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
    events = api.events(action="auth.token")
    reasons = [e.detail.split(":")[0] for e in events]
    assert reasons == ["token_unknown", "token_malformed", "token_missing"]
    # Nobody signed in, so nobody's role: not "auditor", the role that reads the trail.
    assert {(e.role, e.actor_id) for e in events} == {("none", None)}


def test_a_token_acts_as_its_holder_with_their_role(api: Api) -> None:
    response = api.get("/api/v1/me", "sue")
    assert response.status_code == 200
    assert response.json() == {
        "staff_id": api.staff["sue"],
        "name": "Sue Super",
        "role": "supervisor",
        "team": "North",
    }


def test_only_the_hash_is_stored(api: Api) -> None:
    with api.records.db.reading() as session:
        stored = {row.token_hash for row in session.query(ApiToken)}
    assert hash_secret(api.tokens["ana"]) in stored
    assert api.tokens["ana"] not in stored


def test_a_revoked_token_stops_at_once(api: Api) -> None:
    assert api.get("/api/v1/me", "ben").status_code == 200
    with api.records.db.reading() as session:
        token_id = session.query(ApiToken.id).filter(ApiToken.staff_id == api.staff["ben"]).scalar()
    revoke_token(api.records, Actor.system("test"), token_id)
    assert api.get("/api/v1/me", "ben").status_code == 401
    refused = api.events(action="auth.token")[-1]
    assert refused.detail.startswith("token_revoked") and refused.role == "none"


def test_a_cookie_works_for_reads_and_needs_the_csrf_header_for_changes(api: Api) -> None:
    api.client.cookies.set("baton_token", api.tokens["ana"])
    try:
        assert api.get("/api/v1/me").json()["name"] == "Ana Coord"
        body = {"patient": "ZK1029", "task_type": "Care Coordination: General", "minutes": 10}
        refused = api.post("/api/v1/tasks", json=body)
        assert refused.status_code == 403
        assert refused.json()["detail"][0]["type"] == "csrf"
        [event] = api.events(action="http.post")
        assert event.outcome == "denied" and event.actor_id == api.staff["ana"]
        allowed = api.post("/api/v1/tasks", json=body, headers={"X-Baton-Request": "1"})
        assert allowed.status_code == 201
    finally:
        api.client.cookies.clear()


def test_a_role_refusal_is_403_and_audited_once(api: Api) -> None:
    response = api.get("/api/v1/billing/months/2026-10", "ana")
    assert response.status_code == 403
    assert response.json()["detail"][0]["type"] == "billing_hidden"
    denied = api.events(outcome="denied", actor_id=api.staff["ana"])
    assert [e.action for e in denied] == ["billing.view_month"]
