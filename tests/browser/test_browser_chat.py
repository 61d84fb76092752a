"""The chat page: answers rendered from Markdown on the server (no raw ##, ** or
backticks), a plan opening with where to start and folding the rest, a records answer,
example prompts for the person's role, and earlier conversations to reopen."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Live, shoot

PRIOR_AUTH = "prior auth for an MRI has been pending with the payer for nine days, what do we do?"


def test_a_plan_is_rendered_and_opens_with_what_to_do_now(live: Live) -> None:
    page = live.page_as("ana")
    page.goto(f"{live.url}/chat")
    page.get_by_label("Your message").fill(PRIOR_AUTH)
    page.get_by_role("button", name="Send").click()
    answer = page.locator("li.answer").last
    expect(answer.get_by_role("heading", name="Now")).to_be_visible(timeout=60_000)
    expect(answer).to_contain_text("Escalate now to the Ordering clinician")
    expect(answer).not_to_contain_text("## ")
    expect(answer).not_to_contain_text("**")
    details = answer.locator("details")
    expect(details.get_by_role("heading", name="Who does what")).to_be_hidden()  # folded
    shoot(page, "chat-plan-opening")
    details.locator("summary").click()
    expect(details.get_by_role("heading", name="Who does what")).to_be_visible()
    expect(details.locator("code").first).to_be_visible()  # audit codes beside their names
    expect(details).not_to_contain_text("clinical-prior-authorization-specialist")
    shoot(page, "chat-plan-unfolded")
    page.get_by_role("button", name="New conversation").click()
    earlier = page.locator("#earlier").get_by_role("button").first
    expect(earlier).to_contain_text("plan by Prior Authorization")  # its display name
    earlier.click()
    expect(page.locator("li.answer")).to_have_count(1)  # reopened once, not twice
    expect(page.locator("li.answer").last.get_by_role("heading", name="Now")).to_be_visible()


def test_a_records_answer_from_an_example_prompt_and_an_earlier_conversation(
    live: Live,
) -> None:
    page = live.page_as("ana")
    page.goto(f"{live.url}/chat")
    page.get_by_role("button", name="what's left on my panel this week?").click()
    expect(page.get_by_label("Your message")).to_have_value("what's left on my panel this week?")
    page.get_by_role("button", name="Send").click()
    answer = page.locator("li.answer").last
    expect(answer).to_contain_text("open task", timeout=60_000)
    expect(answer).to_contain_text("ZK1029")  # the asker's own chart codes, shown back
    expect(answer.locator("li").first).to_be_visible()  # rows as a rendered list
    shoot(page, "chat-records-answer")
    page.get_by_role("button", name="New conversation").click()
    earlier = page.locator("#earlier")
    expect(earlier).to_be_visible()
    earlier.get_by_role("button").first.click()
    expect(page.locator("li.answer").last).to_contain_text("open task")


def test_two_tabs_reopen_the_whole_conversation_and_see_each_answer_once(live: Live) -> None:
    first = live.page_as("ana")
    first.goto(f"{live.url}/chat")
    ask = first.get_by_label("Your message")
    ask.fill("what's left on my panel this week?")
    first.get_by_role("button", name="Send").click()
    expect(first.locator("li.answer").last).to_contain_text("open task", timeout=60_000)
    ask.fill(PRIOR_AUTH)
    first.get_by_role("button", name="Send").click()
    expect(first.locator("li.answer").last.get_by_role("heading", name="Now")).to_be_visible(
        timeout=60_000
    )
    # A second tab of the same browser lists the conversation; reopened, it shows whole.
    second = first.context.new_page()
    second.goto(f"{live.url}/chat")
    second.locator("#earlier").get_by_role("button").first.click()
    expect(second.locator("li.answer")).to_have_count(2)
    expect(second.locator("li.mine")).to_have_text(
        ["what's left on my panel this week?", PRIOR_AUTH]
    )
    expect(second.locator("li.answer").first).to_contain_text("open task")
    # A message sent in the first tab reaches the second live; the first shows its answer
    # once, although it comes both as the reply and on the stream.
    ask.fill("what's left on my panel this week?")
    first.get_by_role("button", name="Send").click()
    expect(second.locator("li.answer")).to_have_count(3, timeout=60_000)
    expect(second.locator("li.mine")).to_have_count(3)
    expect(first.locator("li.answer")).to_have_count(3)
    first.wait_for_timeout(3_000)  # the stream's next looks bring nothing more
    expect(first.locator("li.answer")).to_have_count(3)
    expect(first.locator("li.mine")).to_have_count(3)
    shoot(second, "chat-second-tab")
