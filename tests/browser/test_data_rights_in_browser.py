"""A resident downloads their data and deletes their account, by keyboard, with and without JS."""

from __future__ import annotations

import json
import secrets

import pytest
from browser_support import press_to_go, tab_to
from playwright.sync_api import Page, expect

PASSWORD = "Lantern-Meadow-Orbit-51"


def _register(page: Page, email: str, name: str) -> None:
    page.goto("/auth/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account has been created.")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_resident_downloads_their_data_then_deletes_the_account_by_keyboard(
    new_context, javascript
):
    page = new_context(java_script_enabled=javascript, accept_downloads=True).new_page()
    keys = page.keyboard
    email = f"dana.{secrets.token_hex(4)}@example.org"
    _register(page, email, "Dana Delete")

    page.goto("/account/")
    tab_to(page, page.get_by_role("link", name="Download your data"))
    press_to_go(page)
    # A GOV.UK button link: role "button", followed with Enter.
    tab_to(page, page.get_by_role("button", name="Download your data (JSON)"))
    with page.expect_download() as downloading:
        keys.press("Enter")
    with open(downloading.value.path(), encoding="utf-8") as file:
        document = json.load(file)
    assert document["account"]["email"] == email
    assert document["account"]["display_name"] == "Dana Delete"

    page.goto("/account/")
    tab_to(page, page.get_by_role("link", name="Delete your account"))
    press_to_go(page)
    expect(page.get_by_text("You cannot undo this.")).to_be_visible()
    # A wrong password first: the error summary links to the box.
    tab_to(page, page.get_by_label("Your password"))
    keys.type("not my password")
    tab_to(page, page.get_by_role("button", name="Delete my account"))
    press_to_go(page)
    tab_to(page, page.get_by_role("link", name="The password is not right. Enter your password"))
    keys.press("Enter")
    expect(page.get_by_label("Your password")).to_be_focused()
    keys.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Delete my account"))
    press_to_go(page)
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # The account is gone: signing in with it fails.
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter a correct email address and password").first).to_be_visible()
