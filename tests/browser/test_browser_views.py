"""Every page at a desktop and a phone width: charts with their text alternatives, no
table running off the screen, and no serious accessibility violation (axe-core, pinned,
installed by bin/setup from the npm registry). Screenshots go to tests/.screenshots/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import Live, shoot
from tools.access import Actor
from tools.owners import set_owner
from tools.staff import actor_for
from tools.store.models import AuditEvent
from tools.tasks.service import log_task
from tools.tasks.signoff import request_time_entry_signoff

AXE = Path(__file__).resolve().parents[1] / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1400, 390)
# (who, page, charts it shows)
PAGES = [
    ("ana", "/panel", ()),
    ("ana", "/tasks", ()),
    ("ana", "/patients/ZK1029", ()),
    ("sue", "/panel", ()),
    ("sue", "/supervisor", ("minutes-per-day", "minutes-per-week")),
    ("ada", "/billing", ("threshold-progress", "billing-reasons", "revenue")),
    ("ada", "/directory", ()),
    ("otto", "/chat", ()),
]


def _some_work(live: Live) -> None:
    """Minutes on several days and a time entry waiting for the supervisor."""
    ana = actor_for(live.records, live.staff["ana"], "test")
    ben = actor_for(live.records, live.staff["ben"], "test")
    for actor, chart, day, minutes in [
        (ana, "ZK1029", date(2026, 10, 12), 25),
        (ana, "ZK1030", date(2026, 10, 13), 18),
        (ben, "ZK1031", date(2026, 10, 13), 30),
        (ben, "ZK1031", date(2026, 10, 6), 15),
    ]:
        log_task(
            live.records,
            actor,
            coordinator_id=actor.staff_id,
            patient=chart,
            task_type="Care Coordination: General",
            minutes=minutes,
            task_date=day,
            confirm=True,
        )
    set_owner(
        live.records, Actor.system("test"), "North team supervisor", primary=live.staff["sue"]
    )
    request_time_entry_signoff(
        live.records,
        ana,
        coordinator_id=ana.staff_id,
        patient="ZK1029",
        task_type="Care Coordination: General",
        minutes=70,
        task_date=date(2026, 10, 13),
    )


def _serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']}))"
        ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )
    return list(result)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_at_this_width_with_charts_and_no_serious_violations(
    live: Live, width: int
) -> None:
    assert AXE.exists(), "axe-core is missing: run bin/setup, which installs it"
    _some_work(live)
    problems: list[str] = []
    for who, path, charts in PAGES:
        page = live.page_as(who, width, axe=True)
        page.goto(f"{live.url}{path}")
        page.wait_for_load_state("networkidle")
        for key in charts:
            figure = page.locator(f"figure[data-chart='{key}']")
            expect(figure.locator("img")).to_be_visible()
            assert figure.locator("img").get_attribute("src").startswith("data:image/svg+xml")
            assert len(figure.locator("img").get_attribute("alt")) > 20  # says what it shows
            assert figure.locator("details table tbody tr").count() >= 1  # its figures
        # Nothing runs off the side: the page is no wider than the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{who} {path} at {width}px is {overflow}px too wide")
        problems += [f"{who} {path} at {width}px: {v}" for v in _serious_violations(page)]
        shoot(page, f"{path.strip('/').replace('/', '-')}-{who}-{width}")
        page.context.close()
    assert problems == [], "\n".join(problems)


def test_an_admin_prices_a_code_and_fills_a_role_on_the_web(live: Live) -> None:
    page = live.page_as("ada")
    page.goto(f"{live.url}/directory")
    expect(page.get_by_text("No amount on file for 99426")).to_be_visible()
    new_fee = page.get_by_role("form", name="Add a code to the fee schedule")
    new_fee.get_by_label("Code").select_option("99426")
    new_fee.get_by_label("Amount (USD)").fill("61.5x")
    new_fee.get_by_label("Source").fill("Local contract 2025")
    new_fee.get_by_role("button", name="Add or change").click()
    expect(new_fee.get_by_role("alert")).to_contain_text("dollars with at most two decimals")
    new_fee.get_by_label("Amount (USD)").fill("61.50")
    new_fee.get_by_role("button", name="Add or change").click()
    expect(page.get_by_label("Amount for 99426", exact=True)).to_have_value(
        "61.50"
    )  # after the reload
    role = page.get_by_role("form", name="Fill a role")
    role.get_by_label("Role").fill("Provider services manager")
    role.get_by_label("Owner", exact=True).select_option(label="Sue Super (supervisor)")
    role.get_by_role("button", name="Fill role").click()
    expect(page.get_by_role("row", name="Provider services manager")).to_be_visible()
    shoot(page, "directory-edited")
    actions = [e.action for e in _events(live) if e.outcome == "allowed"]
    assert "billing.fee_set" in actions and "owners.set" in actions


def _events(live: Live) -> list[AuditEvent]:
    with live.records.db.reading() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_a_supervisor_approves_with_changes_through_pickers_and_it_moves_to_decided(
    live: Live,
) -> None:
    _some_work(live)  # Ana's 70-minute entry waits for the North team supervisor
    page = live.page_as("sue")
    page.goto(f"{live.url}/supervisor")
    card = page.locator("article.decision").first
    expect(card).to_contain_text("Asked by")
    expect(card).to_contain_text("Ana Coord")
    expect(card).to_contain_text("ZK1029")
    expect(card).to_contain_text("70 min of 'Care Coordination: General' on Tue 13 Oct 2026")
    expect(card).not_to_contain_text("coordinator_id")
    card.get_by_role("radio", name="Approve with changes").check()
    minutes = card.get_by_label("Minutes")
    expect(minutes).to_have_attribute("type", "number")
    expect(card.get_by_label("Date")).to_have_attribute("type", "date")
    minutes.fill("45")
    card.get_by_label("Task type").select_option("Communication: Phone")
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("status")).to_contain_text("Recorded: edited")
    decided = page.locator("section.decided article.decision")
    expect(decided.first).to_contain_text("Approved with changes by Sue Super")
    expect(decided.first).to_contain_text("45 min of 'Communication: Phone'")
    expect(page.locator("#q-pending")).to_contain_text("(0)")
    shoot(page, "supervisor-decided")
