"""A resident's whole visit, through the labels and buttons a person sees.

The same story runs with JavaScript on and with it turned off: every step
must work either way.
"""

from __future__ import annotations

import re
import secrets

import pytest
from browser_support import run_axe
from playwright.sync_api import Page, expect

PASSWORD = "Violet-Harbour-Kettle-92"
#: Longer than the 5,000 characters a comment may have.
TOO_LONG = "Please open the Riverside library later on Thursdays. " * 100


def register(page: Page, email: str, name: str) -> None:
    """Create an account, first meeting the weak-password error, and keep what was typed."""
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Create a password").fill("password1234")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="That password is too common")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value(email)
    expect(page.get_by_label("Display name")).to_have_value(name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account has been created.")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_resident_registers_comments_replies_and_recovers_from_an_error(new_context, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    name = f"Robin {secrets.token_hex(3)}"
    email = f"robin.{secrets.token_hex(4)}@example.org"
    register(page, email, name)
    # GOV.UK Frontend marks the page when its JavaScript runs: proof of which journey this is.
    scripted = re.compile(r"\bgovuk-frontend-supported\b")
    if javascript:
        expect(page.locator("body")).to_have_class(scripted)
    else:
        expect(page.locator("body")).not_to_have_class(scripted)

    page.get_by_role("link", name="Library opening hours").click()
    expect(page.get_by_role("heading", name="Library opening hours", level=1)).to_be_visible()
    page.get_by_role("link", name="Which opening hours would suit you?").click()

    # Too long: the error says by how much, and the whole text comes back to edit.
    page.get_by_label("Your comment").fill(TOO_LONG)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="must be 5,000 characters or fewer")).to_be_visible()
    expect(page.get_by_label("Your comment")).to_have_value(TOO_LONG.strip())
    assert run_axe(page).violations_count == 0, "the error page fails axe"

    comment = f"Later on Thursdays would suit me – {name}."
    page.get_by_label("Your comment").fill(comment)
    # People double-click; the comment must still be stored once.
    page.get_by_role("button", name="Post comment").dblclick()
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    expect(page.get_by_text(comment)).to_have_count(1)

    neighbour = page.get_by_role("article").filter(has_text="Later opening would help me")
    neighbour.get_by_role("link", name="Reply to this comment").click()
    expect(page.get_by_role("heading", name="Reply to a comment")).to_be_visible()
    reply = f"Saturday mornings matter to me too – {name}."
    page.get_by_label("Your comment").fill(reply)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    expect(page.get_by_text(reply)).to_be_visible()

    page.get_by_role("link", name="My comments").click()
    rows = page.get_by_role("row")
    expect(rows.filter(has_text=comment)).to_contain_text("Published")
    expect(rows.filter(has_text=reply)).to_contain_text("Published")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/account/comments")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("link", name="Enter a correct email address and password")
    ).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Sign-in returns the person to the page they asked for.
    expect(page.get_by_role("heading", name="My comments")).to_be_visible()
    expect(page.get_by_text(comment)).to_be_visible()


def test_resident_signed_out_in_another_tab_keeps_the_comment_they_were_writing(new_context, site):
    context = new_context()
    page = context.new_page()
    register(page, f"alex.{secrets.token_hex(4)}@example.org", "Alex Tabs")
    page.goto(site.url("/consultations/library-opening-hours/threads/{hours_thread}"))
    comment = "A long, careful comment about Sunday opening that I do not want to lose."
    page.get_by_label("Your comment").fill(comment)

    other_tab = context.new_page()
    other_tab.goto("/")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.get_by_text("You have signed out.")).to_be_visible()

    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("We kept what you typed")).to_be_visible()
    expect(page.get_by_text(comment)).to_be_visible()
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()
