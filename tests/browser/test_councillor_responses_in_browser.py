"""An officer asks the ward's councillor to respond to a new question; the councillor replies
from the dashboard by keyboard alone; residents see who replied and when. With JavaScript on
and off, and every page on the way through axe.
"""

from __future__ import annotations

import secrets

import pytest
from browser_support import DEMO_EMAILS, run_axe, sign_in
from playwright.sync_api import Page, expect


def no_axe_violations(page: Page) -> None:
    """The page as it is now has no WCAG 2.2 AA violations."""
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_councillor_replies_from_the_dashboard_and_residents_see_it(new_context, site, javascript):
    question = f"Should the mobile library stop at Mill Lane? {secrets.token_hex(3)}"
    reply = "Yes: from April it will stop there every other Tuesday."

    officer = new_context(java_script_enabled=javascript).new_page()
    sign_in(officer, DEMO_EMAILS["officer"])
    officer.goto(site.url("/officer/consultations/{library}/threads/new"))
    officer.get_by_label("Question").fill(question)
    officer.get_by_role("button", name="Save question").click()

    officer.get_by_role("link", name="Councillor responses").first.click()
    officer.get_by_role("link", name="Library opening hours").click()
    officer.get_by_role("link", name=f"Ask councillors to respond to {question}").click()
    officer.get_by_role("button", name="Ask for a response").click()
    expect(
        officer.get_by_role("link", name="Select at least one ward or councillor")
    ).to_be_visible()
    no_axe_violations(officer)
    officer.get_by_role("group", name="Councillors for these wards").get_by_label(
        "North Ward"
    ).check()
    officer.get_by_role("button", name="Ask for a response").click()
    expect(officer.get_by_text("Asked for a response: 1 request(s).")).to_be_visible()

    councillor = new_context(java_script_enabled=javascript).new_page()
    sign_in(councillor, DEMO_EMAILS["councillor"])
    councillor.get_by_role("link", name="Your responses").click()
    item = councillor.get_by_role("region", name=question)
    expect(item).to_contain_text("Asked of the councillors for North Ward.")
    no_axe_violations(councillor)

    # An empty reply: its own page says what is missing.
    item.locator("summary").click()
    item.get_by_role("button", name=f"Post reply to {question}").click()
    expect(councillor.get_by_role("link", name="Enter your reply")).to_be_visible()
    no_axe_violations(councillor)
    # Passing on without a reason: the error names it. Then back to reply after all.
    councillor.get_by_role("link", name="Pass it on instead").click()
    councillor.get_by_role("button", name="Pass it on").click()
    expect(
        councillor.get_by_role("link", name="Select why you are passing this on")
    ).to_be_visible()
    no_axe_violations(councillor)
    councillor.get_by_role("link", name="Your responses").first.click()

    # Keyboard alone: open "Reply", type, move to the button and press it.
    item.locator("summary").focus()
    councillor.keyboard.press("Enter")
    councillor.keyboard.press("Tab")
    expect(item.get_by_label("Your reply")).to_be_focused()
    councillor.keyboard.type(reply)
    councillor.keyboard.press("Tab")
    expect(item.get_by_role("button", name=f"Post reply to {question}")).to_be_focused()
    with councillor.expect_navigation():
        councillor.keyboard.press("Enter")
    expect(
        councillor.get_by_text("Your reply has been published and the request is closed.")
    ).to_be_visible()
    expect(councillor.get_by_role("region", name=question)).to_have_count(0)

    resident = new_context(java_script_enabled=javascript).new_page()
    resident.goto(site.url("/consultations/library-opening-hours"))
    resident.get_by_role("link", name=question).click()
    expect(resident.get_by_text(reply)).to_be_visible()
    expect(resident.get_by_role("link", name="Cllr Alex Morgan replied on")).to_be_visible()
    no_axe_violations(resident)
