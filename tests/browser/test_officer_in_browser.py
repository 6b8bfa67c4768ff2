"""An officer drafts, opens and closes a consultation and publishes its outcome,
through the labels and buttons on the page, with JavaScript on and off.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from browser_support import DEMO_EMAILS, fill_date, run_axe, sign_in
from playwright.sync_api import expect


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_officer_runs_a_consultation_from_draft_to_published_outcome(new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    # The demo officer never signs out here: that would end the sessions other tests share.
    sign_in(page, DEMO_EMAILS["officer"])
    title = f"Garden waste collections {secrets.token_hex(3)}"
    today = date.today()

    page.get_by_role("link", name="Officer console").click()
    page.get_by_role("link", name="Start a new consultation").click()
    # A summary without a title: the error names the title, the summary is kept.
    page.get_by_label("Summary").fill("Should garden waste be collected every week in summer?")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("link", name="Enter the title")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value(
        "Should garden waste be collected every week in summer?"
    )
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("The proposal").fill("We propose **weekly** collections from May to August.")
    fill_date(page, "Closing date", today + timedelta(days=30), "5pm")
    page.get_by_label("Who will take the decision").fill("Cabinet")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=title)).to_be_visible()

    # Opening with no question is refused, and says what is missing.
    page.get_by_role("button", name="Open now").click()
    expect(page.get_by_role("link", name="Add at least one question")).to_be_visible()
    assert run_axe(page).violations_count == 0, "the refusal page fails axe"
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Question").fill("How often should we collect garden waste?")
    page.get_by_role("button", name="Save question").click()
    page.get_by_role("button", name="Open now").click()
    expect(page.get_by_text("The consultation is open.")).to_be_visible()

    page.get_by_role("link", name="Close early").click()
    page.get_by_role("button", name="Close the consultation now").click()
    expect(
        page.get_by_role("link", name="Enter why the consultation is closing early")
    ).to_be_visible()
    page.get_by_label("Why are you closing it early?").fill("The budget decision came forward.")
    page.get_by_role("button", name="Close the consultation now").click()
    expect(page.get_by_text("The consultation is closed.")).to_be_visible()

    page.get_by_role("link", name="Write the outcome").first.click()
    page.get_by_label("The decision taken").fill("Weekly garden waste collections in summer.")
    page.get_by_label("Who took the decision").fill("Cabinet")
    fill_date(page, "Date of the decision", today)
    page.get_by_label("We asked").fill("How often we should collect garden waste.")
    page.get_by_label("You said").fill("Weekly in summer, fortnightly in winter.")
    page.get_by_label("We did").fill("We will collect weekly from May to August.")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("button", name="Publish the outcome").click()

    page.get_by_role("link", name="View the public page").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(
        page.get_by_text("It closed early because: The budget decision came forward.")
    ).to_be_visible()
    outcome = page.get_by_role("region", name="Outcome")
    expect(outcome).to_contain_text("Weekly garden waste collections in summer.")
    expect(outcome).to_contain_text("We will collect weekly from May to August.")
