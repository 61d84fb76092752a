"""The web pages as HTML (the browser tests in tests/browser drive them for real)."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api


def _sign_in(api: Api, who: str):  # noqa: ANN202
    return api.client.post("/login", data={"token": api.tokens[who]}, follow_redirects=False)


def test_pages_send_strangers_to_sign_in(api: Api) -> None:
    response = api.client.get("/panel", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "API token" in api.client.get("/login").text


def test_a_wrong_token_is_refused_and_a_right_one_sets_a_strict_cookie(api: Api) -> None:
    wrong = api.client.post("/login", data={"token": "baton_wrong"}, follow_redirects=False)
    assert wrong.status_code == 401 and "not valid" in wrong.text
    [failed] = api.events(action="auth.token")
    assert (failed.outcome, failed.role, failed.channel) == ("denied", "none", "web")
    right = _sign_in(api, "ana")
    assert right.status_code == 303 and right.headers["location"] == "/panel"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "baton_token=" in cookie


def test_a_sign_in_from_another_site_is_refused(api: Api) -> None:
    response = api.client.post(
        "/login",
        data={"token": api.tokens["ana"]},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 200 and "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("who", "path", "expected"),
    [
        ("ana", "/panel", "TESTPATIENT, ZK1029"),
        ("ana", "/tasks", "Today's summary"),
        ("sue", "/supervisor", "Decision queue"),
        ("ada", "/billing", "By patient"),
        ("ada", "/directory", "Owner directory"),
        ("otto", "/chat", "Ask Baton"),
        ("sue", "/feedback", "Corrections waiting for review"),
    ],
)
def test_each_role_sees_its_pages(api: Api, who: str, path: str, expected: str) -> None:
    _sign_in(api, who)
    try:
        page = api.client.get(path)
        assert page.status_code == 200 and expected in page.text
        assert re.search(r"<script[^>]*>\s*[^<\s]", page.text) is None, "no inline scripts"
    finally:
        api.client.cookies.clear()


def test_a_coordinators_panel_filters_and_billing_refusal(api: Api) -> None:
    _sign_in(api, "ana")
    try:
        overdue = api.client.get(
            "/panel", params={"filtered": "1", "mine": "1", "visit": "overdue"}
        )
        assert "ZK1030" in overdue.text and "ZK1029" not in overdue.text
        assert api.client.get("/billing").status_code == 403
        assert api.client.get("/", follow_redirects=False).headers["location"] == "/panel"
    finally:
        api.client.cookies.clear()
