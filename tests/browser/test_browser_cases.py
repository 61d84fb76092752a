"""Tracked work in the browser: a supervisor sees a referral case with its step, holder
and clock; a coordinator tracks a plan's handoffs from the chat page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Live, shoot
from tools.access import Actor
from tools.cases.service import open_referral
from tools.owners import set_owner
from tools.staff import actor_for

REFERRAL_ROLES = ("Referral coordinator lead", "Clinic dyad leadership")


def test_a_supervisor_sees_a_referral_case_with_its_current_step(live: Live) -> None:
    for role in REFERRAL_ROLES:
        set_owner(live.records, Actor.system("test"), role, primary=live.staff["sue"])
    ana = actor_for(live.records, live.staff["ana"], "web")
    case = open_referral(live.records, ana, patient="ZK1029", specialty="cardiology")

    page = live.page_as("sue")
    cases = page.get_by_role("table").filter(has=page.get_by_text(re.compile("open case")))
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    row = cases.get_by_role("row").filter(has_text=f"#{case.id} Referral: cardiology, routine")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Referral sent to the receiving office")
    expect(row.get_by_role("cell", name="Sue Super", exact=True)).to_be_visible()
    expect(row).to_contain_text("due in 1 d 0 h")
    row.scroll_into_view_if_needed()
    shoot(page, "supervisor-cases")


def test_a_coordinator_tracks_a_plans_handoffs_from_the_chat(live: Live) -> None:
    set_owner(live.records, Actor.system("test"), "Physician advisor", primary=live.staff["sue"])
    page = live.page_as("ana")
    page.goto(f"{live.url}/chat")
    page.get_by_label("Your message").fill("prior auth for an MRI is late")
    page.get_by_role("button", name="Send").click()
    control = page.get_by_role("group", name="Track these handoffs")
    expect(control).to_be_visible(timeout=60_000)
    control.get_by_role("checkbox", name=re.compile(r"^2\. ")).uncheck()
    page.get_by_role("button", name="Track these handoffs").click()
    result = page.locator(".track-result")
    expect(result).to_contain_text("Opened 1 tracked handoff(s)")
    expect(result).to_contain_text("Physician advisor")
    expect(result).to_contain_text("Not opened: 1. Order to auth intake: nobody active fills")
    expect(control.get_by_role("checkbox", name=re.compile(r"^5\. "))).to_be_disabled()
    shoot(page, "chat-tracked-handoffs")
