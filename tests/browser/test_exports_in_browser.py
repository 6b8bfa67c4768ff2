"""An officer downloads every response and records what was learned, by keyboard alone,
with JavaScript on and off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import DEMO_EMAILS, sign_in, tab_to
from playwright.sync_api import expect


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "no-javascript"])
def test_officer_exports_by_keyboard_and_searches_the_learning_log(new_context, javascript):
    context = new_context(java_script_enabled=javascript, accept_downloads=True)
    page = context.new_page()
    sign_in(page, DEMO_EMAILS["officer"])
    page.goto("/officer/")
    page.get_by_role("link", name="Town centre parking charges").first.click()

    link = page.get_by_role("link", name="Export every response, from every channel")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Export the responses")).to_be_visible()

    # Asking for personal data without a reason: the error says what to do.
    tab_to(page, page.get_by_label("Include personal data"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Download the responses"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Enter why you need personal data")).to_be_visible()

    tab_to(page, page.get_by_label("Include personal data"), backwards=True)
    page.keyboard.press("Space")  # untick: the standard file
    button = page.get_by_role("button", name="Download the responses")
    tab_to(page, button)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.startswith("town-centre-parking-responses-")
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"Free evening parking would bring people back to the town centre." in content

    page.goto("/officer/learning")
    search = page.get_by_label("Search the evaluations")
    tab_to(page, search)
    page.keyboard.type("nothing matches these words")
    page.keyboard.press("Enter")
    expect(page.get_by_text("No evaluation matches")).to_be_visible()
    expect(search).to_have_value("nothing matches these words")
