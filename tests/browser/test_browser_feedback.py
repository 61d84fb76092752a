"""Feedback in the browser: a coordinator says the specialist was wrong and names the
right one; a supervisor accepts the correction on the feedback page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Live, shoot

HOME_IV = (
    "Harold Binkowski, MRN 00482913, uninsured, needs six weeks of IV antibiotics after "
    "discharge. What are the realistic options and who pays?"
)


def test_a_wrong_specialist_is_corrected_and_a_supervisor_accepts_it(live: Live) -> None:
    asker = live.page_as("ana")
    asker.goto(f"{live.url}/chat")
    asker.get_by_label("Your message").fill(HOME_IV)
    asker.get_by_role("button", name="Send").click()
    answer = asker.locator("li.answer").last
    feedback = answer.locator("form.feedback")
    expect(feedback).to_be_visible(timeout=60_000)
    picker = feedback.get_by_label("The right specialist is (optional)")
    # Nothing to fill in until the person says the answer was not helpful.
    expect(picker).to_be_hidden()
    expect(feedback.get_by_label("Comment (optional, short)")).to_be_hidden()
    expect(feedback.get_by_role("button", name="Send feedback")).to_be_hidden()
    feedback.get_by_role("button", name="Not helpful").click()
    expect(picker).to_be_visible()
    picker.select_option("clinical-case-manager")
    feedback.get_by_label("Comment (optional, short)").fill("this is discharge planning")
    shoot(asker, "chat-feedback-correction")
    feedback.get_by_role("button", name="Send feedback").click()
    expect(feedback.get_by_role("status")).to_contain_text("goes to a supervisor for review")

    reviewer = live.page_as("sue")
    reviewer.goto(f"{live.url}/feedback")
    card = reviewer.locator("article.correction").first
    expect(card).to_contain_text("→ Case Manager")
    expect(card).not_to_contain_text("Binkowski")
    shoot(reviewer, "feedback-pending-correction")
    card.get_by_role("button", name="Accept").click()
    expect(reviewer.locator("article.correction")).to_have_count(0)
    expect(reviewer.get_by_test_id("most-corrected")).to_contain_text("Case Manager")
    shoot(reviewer, "feedback-report")


def test_a_helpful_click_is_one_click(live: Live) -> None:
    page = live.page_as("ben")
    page.goto(f"{live.url}/chat")
    page.get_by_label("Your message").fill("prior auth for an MRI is late")
    page.get_by_role("button", name="Send").click()
    feedback = page.locator("li.answer").last.locator("form.feedback")
    expect(feedback).to_be_visible(timeout=60_000)
    feedback.get_by_role("button", name="Helpful", exact=True).click()
    expect(feedback.get_by_role("status")).to_have_text("Thank you for the feedback.")
