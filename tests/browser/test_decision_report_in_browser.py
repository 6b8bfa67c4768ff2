"""An officer uses the decision report with the keyboard alone and without JavaScript:
marks a comment as representative, records a channel's costs (a mistake first), and
sees the report refuse to be final while the consultation is open.
"""

from __future__ import annotations

from browser_support import DEMO_EMAILS, press_to_go, run_axe, sign_in, tab_to
from playwright.sync_api import expect


def test_officer_marks_a_comment_and_records_costs_by_keyboard(new_context, site):
    page = new_context(java_script_enabled=False).new_page()
    # The demo officer never signs out here: that would end the sessions other tests share.
    sign_in(page, DEMO_EMAILS["officer"])
    ids = site.ids
    page.goto(site.url("/officer/consultations/{library}/threads/{hours_thread}"))

    mark = page.get_by_role(
        "link", name=f"Mark as representative (comment {ids['resident_comment']})"
    )
    tab_to(page, mark)
    press_to_go(page)
    why = page.get_by_label("Why this comment is representative (optional)")
    tab_to(page, why)
    page.keyboard.type("Typical of people who work until 6pm.")
    tab_to(page, page.get_by_role("button", name="Mark as representative"))
    press_to_go(page)
    expect(page.get_by_role("heading", name="Decision report", level=1)).to_be_visible()
    expect(page.get_by_text("Typical of people who work until 6pm.")).to_be_visible()
    # Open consultation: nothing to press, and the page says why.
    expect(page.get_by_text("The consultation has not closed")).to_be_visible()
    expect(page.get_by_role("button", name="Mark the report final")).to_have_count(0)
    assert run_axe(page).violations_count == 0

    change = page.get_by_role("link", name="Change for Online")
    tab_to(page, change)
    press_to_go(page)
    hours = page.get_by_label("Staff hours")
    tab_to(page, hours)
    page.keyboard.press("Control+A")
    page.keyboard.type("eight")
    tab_to(page, page.get_by_role("button", name="Save costs"))
    press_to_go(page)
    expect(
        page.get_by_role("link", name="Staff hours must be a number of hours, like 7 or 7.5")
    ).to_be_visible()
    expect(page.get_by_label("Staff hours")).to_have_value("eight")
    assert run_axe(page).violations_count == 0
    tab_to(page, page.get_by_label("Staff hours"))
    page.keyboard.press("Control+A")
    page.keyboard.type("8.5")
    tab_to(page, page.get_by_role("button", name="Save costs"))
    press_to_go(page)
    expect(page.get_by_text("Costs for Online saved.")).to_be_visible()
    expect(page.get_by_text("8.5 hours at £28.50")).to_be_visible()
