"""A resident who cannot use a mouse does the whole visit with the keyboard.

Only Tab, Shift+Tab, Enter, Space and typing; after every Tab the element in
focus must be on screen and visibly highlighted (WCAG 2.4.7, 2.4.11).
"""

from __future__ import annotations

import secrets

from browser_support import assert_focus_visible, press_to_go, tab_to
from playwright.sync_api import Page, expect

PASSWORD = "Lantern-Meadow-Orbit-51"


def test_skip_link_takes_keyboard_users_past_the_header(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert_focus_visible(page)

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is the first link in the page's content, not the header's menu.
    expect(page.get_by_role("link", name="Library opening hours")).to_be_focused()
    assert_focus_visible(page)


def test_resident_registers_comments_and_replies_with_the_keyboard_alone(page: Page):
    keys = page.keyboard
    email = f"kim.{secrets.token_hex(4)}@example.org"
    page.goto("/")

    tab_to(page, page.get_by_role("link", name="Sign in"))
    press_to_go(page)
    tab_to(page, page.get_by_role("link", name="Create an account"))
    press_to_go(page)

    tab_to(page, page.get_by_label("Email address"))
    keys.type(email)
    tab_to(page, page.get_by_label("Display name"))
    keys.type("Kim Keybord")
    tab_to(page, page.get_by_label("Create a password"))
    keys.type(PASSWORD)
    # Spots the typo in the name: back with Shift+Tab, select it all, type it again.
    tab_to(page, page.get_by_label("Display name"), backwards=True)
    keys.press("ControlOrMeta+a")
    keys.type("Kim Keyboard")
    tab_to(page, page.get_by_role("button", name="Create account"))
    press_to_go(page, "Space")
    expect(page.get_by_text("Your account has been created.")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Library opening hours"))
    press_to_go(page)
    tab_to(page, page.get_by_role("link", name="Which opening hours would suit you?"))
    press_to_go(page)

    # Posting an empty comment: the error summary links straight to the box.
    tab_to(page, page.get_by_role("button", name="Post comment"))
    press_to_go(page)
    tab_to(page, page.get_by_role("link", name="Enter your comment"))
    keys.press("Enter")
    expect(page.get_by_label("Your comment")).to_be_focused()
    keys.type("Weekday evenings until 8pm, please.")
    tab_to(page, page.get_by_role("button", name="Post comment"))
    press_to_go(page)
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    expect(page.get_by_text("Weekday evenings until 8pm, please.")).to_be_visible()

    neighbour = page.get_by_role("article").filter(has_text="Later opening would help me")
    tab_to(page, neighbour.get_by_role("link", name="Reply to this comment"))
    press_to_go(page)
    tab_to(page, page.get_by_label("Your comment"))
    keys.type("Saturdays matter to me as well.")
    tab_to(page, page.get_by_role("button", name="Post reply"))
    press_to_go(page)
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    expect(page.get_by_text("Saturdays matter to me as well.")).to_be_visible()

    tab_to(page, page.get_by_role("button", name="Sign out"), backwards=True)
    press_to_go(page)
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    # Signing in again, ticking "keep me signed in" with Space.
    tab_to(page, page.get_by_role("link", name="Sign in"))
    press_to_go(page)
    tab_to(page, page.get_by_label("Email address"))
    keys.type(email)
    tab_to(page, page.get_by_label("Password", exact=True))
    keys.type(PASSWORD)
    remember = page.get_by_label("Keep me signed in on this device for 30 days")
    tab_to(page, remember)
    keys.press("Space")
    expect(remember).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_to_go(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
