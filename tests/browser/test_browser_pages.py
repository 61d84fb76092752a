"""What people do in the browser: log time, see a rule inline, answer a decision, get the CSV."""

from __future__ import annotations

import csv
import re

from playwright.sync_api import expect

from tests.browser.conftest import Live, shoot
from tools.access import Actor
from tools.owners import set_owner

WRITE_OFF = "Go ahead and approve the write-off on the Hargrove account balance."


def test_a_coordinator_logs_a_task_and_sees_the_minutes_update(live: Live) -> None:
    page = live.page_as("ana")
    expect(page.get_by_role("heading", name="Patient panel")).to_be_visible()
    minutes = page.get_by_test_id("minutes-ZK1029")
    expect(minutes).to_have_text("0")
    shoot(page, "coordinator-panel")
    page.get_by_role("button", name="Add task for ZK1029").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Task type").select_option("CCM: Care Plan Monthly REVIEW/CLOSE")
    dialog.get_by_label("Time spent (minutes)").fill("25")
    dialog.get_by_label("Notes").fill("reviewed the care plan")
    shoot(page, "coordinator-add-task")
    dialog.get_by_role("button", name="Save task").click()
    expect(minutes).to_have_text("25")
    expect(page.get_by_test_id("month-minutes")).to_have_text("25")
    page.get_by_role("link", name="Daily tasks").first.click()
    expect(page.get_by_test_id("today-minutes")).to_have_text("25")
    expect(page.get_by_role("cell", name="CCM: Care Plan Monthly REVIEW/CLOSE")).to_be_visible()
    shoot(page, "coordinator-daily-tasks")


def test_a_validation_error_is_shown_next_to_its_field(live: Live) -> None:
    set_owner(
        live.records, Actor.system("test"), "North team supervisor", primary=live.staff["sue"]
    )
    page = live.page_as("ana")
    page.goto(f"{live.url}/tasks")
    page.get_by_role("button", name="+ Add new task").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Patient").select_option("ZK1029")
    dialog.get_by_label("Task type").select_option("Care Coordination: General")
    dialog.get_by_label("Time spent (minutes)").fill("3")
    dialog.get_by_role("button", name="Save task").click()
    error = page.locator("#err-minutes")
    expect(error).to_be_visible()
    expect(error).to_have_text("minimum 5 minutes per entry, got 3")
    expect(dialog.get_by_label("Time spent (minutes)")).to_have_attribute("aria-invalid", "true")
    shoot(page, "coordinator-inline-error")
    # Over twice the average: Baton asks, then sends it to the supervisor for sign-off.
    dialog.get_by_label("Time spent (minutes)").fill("40")
    dialog.get_by_role("button", name="Save task").click()
    expect(dialog.get_by_role("alert").filter(has_text="confirm")).to_be_visible()
    dialog.get_by_role("button", name="Save anyway").click()
    expect(dialog.get_by_role("status")).to_contain_text("for sign-off as decision request")
    shoot(page, "coordinator-sent-for-sign-off")


def test_a_supervisor_approves_and_the_requesters_thread_shows_it(live: Live) -> None:
    set_owner(
        live.records, Actor.system("test"), "Revenue cycle director", primary=live.staff["sue"]
    )
    asker = live.page_as("ana")
    asker.goto(f"{live.url}/chat")
    asker.get_by_label("Your message").fill(WRITE_OFF)
    asker.get_by_role("button", name="Send").click()
    answer = asker.locator("li.answer").last
    expect(answer).to_contain_text("decision request #", timeout=60_000)
    expect(asker.locator("table.plan-table")).to_be_visible()
    expect(asker.locator("#chat-status")).to_contain_text("Waiting for decision request")
    shoot(asker, "chat-waiting-for-decision")

    supervisor = live.page_as("sue")
    expect(supervisor.get_by_role("heading", name="Decision queue")).to_be_visible()
    card = supervisor.locator("article.decision").first
    expect(card).to_contain_text("Revenue cycle director")
    shoot(supervisor, "supervisor-queue")
    card.get_by_role("radio", name="Reject").check()
    card.get_by_role("button", name="Send answer").click()
    expect(card.locator('[data-error-for="comment"]')).to_have_text("a rejection needs a comment")
    card.get_by_role("radio", name="Approve", exact=True).check()
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_role("status")).to_contain_text("Recorded: approved")
    shoot(supervisor, "supervisor-approved")

    # No button to press: the page follows the conversation and the outcome arrives.
    expect(asker.get_by_role("button", name="Check for answers")).to_be_hidden()
    expect(asker.locator("li.answer").last).to_contain_text(
        re.compile(r"approved by Sue Super \(Revenue cycle director\)")
    )
    shoot(asker, "chat-decision-answered")


def test_an_admin_downloads_the_billing_csv(live: Live) -> None:
    page = live.page_as("ada")
    expect(page.get_by_role("heading", name=re.compile("Billing, 2026-10"))).to_be_visible()
    shoot(page, "admin-billing")
    with page.expect_download() as download_info:
        page.get_by_test_id("csv-link").click()
    download = download_info.value
    assert download.suggested_filename == "baton-billing-2026-10.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["chart_code"] for row in rows} >= {"ZK1029", "ZK1031"}
    assert all(row["reason"] for row in rows)
    page.get_by_role("link", name="Fees & owners").click()
    expect(page.get_by_role("heading", name="Fee schedule")).to_be_visible()
    shoot(page, "admin-directory")
