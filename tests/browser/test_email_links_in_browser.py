"""Pages reached from emails, in a real browser with the keyboard alone: resetting a
password, confirming an address and unsubscribing each pass axe (WCAG 2.2 AA)
and work without a mouse. The links are read from the site's own outbox, as
the email carrying them would show them.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from browser_support import (
    DEMO_EMAILS,
    SMALL_SCREEN,
    press_to_go,
    run_axe,
    sideways_scroll,
    sign_in,
    tab_to,
)
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

PASSWORD = "Lantern-Meadow-Orbit-51"
NEW_PASSWORD = "Orbit-Kettle-Lantern-77"


def _emailed_link(site, kind: str, to: str, path_part: str) -> str:
    """The path of the link in the newest `kind` message to `to` in the site's outbox."""
    engine = create_engine(site.database_url)
    with engine.connect() as connection:
        body = connection.execute(
            text(
                "SELECT body_text FROM outbox_message WHERE kind = :kind AND recipient = :to "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"kind": kind, "to": to},
        ).scalar_one()
    engine.dispose()
    [link] = [link for link in re.findall(r"https?://\S+", body) if path_part in link]
    return urlsplit(link).path  # the test site runs on its own port, not SITE_URL's


def _assert_axe_clean(page: Page) -> None:
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()


def _register(page: Page, email: str) -> None:
    page.goto("/auth/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill("Morgan Mailbox")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account has been created.")).to_be_visible()


def test_new_resident_confirms_their_address_and_later_resets_the_password_by_keyboard(
    page: Page, site
):
    email = f"morgan.{secrets.token_hex(4)}@example.org"
    _register(page, email)

    page.goto(_emailed_link(site, "verify_email", email, "/auth/verify-email/"))
    _assert_axe_clean(page)
    tab_to(page, page.get_by_role("button", name="Confirm my email address"))
    press_to_go(page)
    expect(page.get_by_role("heading", name="Email address confirmed")).to_be_visible()
    _assert_axe_clean(page)

    tab_to(page, page.get_by_role("button", name="Sign out"))
    press_to_go(page)
    page.goto("/auth/login")
    tab_to(page, page.get_by_role("link", name="Forgotten your password?"))
    press_to_go(page)
    _assert_axe_clean(page)
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_role("button", name="Send me a link"))
    press_to_go(page)
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    _assert_axe_clean(page)

    page.goto(_emailed_link(site, "password_reset", email, "/auth/reset-password/"))
    _assert_axe_clean(page)
    tab_to(page, page.get_by_label("New password"))
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Save new password"))
    press_to_go(page)
    expect(page.get_by_text("Your password has been changed.")).to_be_visible()
    sign_in(page, email, NEW_PASSWORD)


def test_resident_unsubscribes_from_reply_emails_without_signing_in(page: Page, site):
    email = DEMO_EMAILS["resident"]
    # The demo councillor's reply to the resident was emailed with an unsubscribe link.
    page.goto(_emailed_link(site, "comment_reply", email, "/notifications/unsubscribe/"))
    _assert_axe_clean(page)
    tab_to(page, page.get_by_role("button", name="Stop these emails"))
    press_to_go(page)
    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    _assert_axe_clean(page)

    sign_in(page, email)
    page.goto("/account/notifications")
    replies = page.get_by_role("group", name="Replies to your comments")
    expect(replies.get_by_label("Do not email me")).to_be_checked()


def test_each_kind_of_email_reads_well_as_html(page: Page, site):
    # A new account (a confirmation email) that forgets its password (a reset email);
    # the demo data already emailed a reply.
    email = f"casey.{secrets.token_hex(4)}@example.org"
    _register(page, email)
    page.get_by_role("button", name="Sign out").click()
    page.goto("/auth/forgot-password")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    engine = create_engine(site.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT kind, MAX(body_html) FROM outbox_message GROUP BY kind ORDER BY kind")
        ).all()
    engine.dispose()
    assert {"comment_reply", "password_reset", "verify_email"} <= {kind for kind, _ in rows}
    for kind, html in rows:
        page.set_content(html)
        results = run_axe(page)
        assert results.violations_count == 0, f"{kind}: {results.generate_report()}"
        page.set_viewport_size(SMALL_SCREEN)
        assert sideways_scroll(page) is None, f"{kind} scrolls sideways at 320px"
        page.set_viewport_size({"width": 1280, "height": 800})
