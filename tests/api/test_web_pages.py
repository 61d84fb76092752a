"""The web pages as HTML (the browser tests in tests/browser drive them for real)."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import Api


def _sign_in(api: Api, who: str):
    return api.client.post("/login", data={"token": api.tokens[who]}, follow_redirects=False)


def _rows(page: str) -> str:
    """The panel table's body (the add-task dialog lists every patient for its picker)."""
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


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
        overdue = _rows(api.client.get("/panel", params={"visit": "overdue"}).text)
        assert "ZK1030" in overdue and "ZK1029" not in overdue
        assert api.client.get("/billing").status_code == 403
        assert api.client.get("/", follow_redirects=False).headers["location"] == "/panel"
    finally:
        api.client.cookies.clear()


def _entry(api: Api, who: str, chart: str, minutes: int, day: str) -> None:
    body = {"patient": chart, "task_type": "Care Coordination: General", "minutes": minutes}
    response = api.post("/api/v1/tasks", who, json={**body, "task_date": day, "confirm": True})
    assert response.status_code == 201


def test_a_supervisor_sees_coordinators_billing_reasons_and_focus_filters(api: Api) -> None:
    _entry(api, "ana", "ZK1029", 16, "2026-10-02")
    _sign_in(api, "sue")
    try:
        page = api.client.get("/panel").text
        assert "ZK1032" not in _rows(page)
        assert "Coordinator" in page and "Ana Coord" in page and "Ben Coord" in page
        assert "ZK1032" not in page  # the South team's patient, not even in the picker
        assert "My patients only" not in page  # a supervisor has no patients of their own
        near = _rows(api.client.get("/panel", params={"focus": "near"}).text)
        assert "ZK1029" in near and "4 short of 20" in near and "ZK1031" not in near
        billing = api.client.get("/panel", params={"focus": "not_billing"}).text
        assert "16 min, below 20" in billing
        one = _rows(api.client.get("/panel", params={"coordinator": api.staff["ben"]}).text)
        assert "ZK1031" in one and "ZK1029" not in one
        by_minutes = api.client.get("/panel", params={"sort": "minutes", "dir": "desc"}).text
        assert by_minutes.index("ZK1029") < by_minutes.index("ZK1031")
        assert 'aria-sort="descending"' in by_minutes
    finally:
        api.client.cookies.clear()


def test_a_coordinator_sees_no_billing_and_a_patients_whole_history(api: Api) -> None:
    _entry(api, "ana", "ZK1029", 20, "2026-09-30")  # last month: still in the history
    _entry(api, "ana", "ZK1029", 10, "2026-10-02")
    _sign_in(api, "ana")
    try:
        panel = api.client.get("/panel", params={"focus": "not_billing"}).text
        assert "This month's billing" not in panel and "Doesn't bill" not in panel
        history = api.client.get("/patients/ZK1029")
        assert history.status_code == 200
        assert "2026-10: 10 min in 1 entry" in history.text
        assert "2026-09: 20 min in 1 entry" in history.text
        assert "Patient Insurance Verification" in history.text  # the generated tasks
        assert api.client.get("/patients/ZK1031").status_code in (403, 404)  # Ben's patient
    finally:
        api.client.cookies.clear()


def _patient_months(api: Api, **params: str) -> str:
    """The rows of the billing page's patient-month table (below its charts' tables)."""
    page = api.client.get("/billing", params={"month": "2026-10", **params}).text
    return _rows(page.split('id="by-patient"', 1)[1])


def test_the_billing_page_answers_doesnt_bill_and_close_to_a_threshold(api: Api) -> None:
    _entry(api, "ana", "ZK1029", 16, "2026-10-02")
    _entry(api, "ben", "ZK1031", 25, "2026-10-02")
    _sign_in(api, "ada")
    try:
        page = api.client.get("/billing", params={"month": "2026-10"}).text
        assert 'data-chart="revenue"' in page and 'data-chart="billing-reasons"' in page
        near = _patient_months(api, show="near")
        assert "ZK1029" in near and "ZK1031" not in near  # 16 of 20; 25 is 15 short of 40
        bills = _patient_months(api, show="bills")
        assert "ZK1031" in bills and "ZK1029" not in bills
        below = _patient_months(api, show="not_billing", reason="Below the time threshold")
        assert "16 min, below 20" in below and "ZK1031" not in below
        bad = api.client.get("/billing", params={"month": "2026-10", "show": "everything"})
        assert bad.status_code == 422
    finally:
        api.client.cookies.clear()


def test_the_feedback_page_names_specialists_and_staff_not_their_ids(api: Api) -> None:
    thread = "feedback-names"
    asked = api.post(
        f"/api/v1/threads/{thread}/turns",
        "ana",
        json={"text": "prior auth for an MRI has been pending with the payer for nine days"},
    ).json()
    verdict = {"helpful": False, "corrected_agent": "clinical-case-manager"}
    assert api.post(f"/api/v1/threads/{thread}/feedback", "ana", json=verdict).status_code == 201
    _sign_in(api, "sue")
    try:
        page = api.client.get("/feedback").text
    finally:
        api.client.cookies.clear()
    waiting = page.split('class="correction card"', 1)[1].split("</article>", 1)[0]
    assert f"{asked['agent_name']} → Case Manager" in waiting
    assert "by Ana Coord" in waiting and "by staff" not in waiting
    assert "clinical-case-manager" not in page and asked["agent"] not in page
    rates = page.split("Helpful rate per specialist", 1)[1].split("</table>", 1)[0]
    assert f'<th scope="row">{asked["agent_name"]}</th>' in rates
    corrected = page.split('data-testid="most-corrected"', 1)[1].split("</table>", 1)[0]
    assert f"<td>{asked['agent_name']}</td><td>Case Manager</td><td>1</td>" in corrected
