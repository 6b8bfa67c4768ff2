"""Every page type, as everyone who can see it: no axe-core WCAG 2.2 AA violations,
every group of fields named by a legend, and nothing scrolls sideways on a
320 CSS pixel wide screen (WCAG 1.4.10 reflow).

The checks share one visit to the page, which halves the time the suite takes.
Reports go to test-output/axe/ (one per page and role), screenshots of each page
type (as the first role listed for it) to test-output/screenshots/.
"""

from __future__ import annotations

import pytest
from browser_support import (
    SMALL_SCREEN,
    nameless_groups,
    run_axe,
    screenshot,
    sideways_scroll,
    write_report,
)
from page_types import cases
from playwright.sync_api import expect


@pytest.mark.parametrize(("page_type", "role"), cases())
def test_page_passes_axe_and_fits_a_320px_screen(open_page, site, page_type, role):
    visit = open_page(page_type, role)
    page = visit.page
    name = f"{page_type.name}--{role or 'signed-out'}"
    problems = []

    results = run_axe(page)
    report = write_report(name, results.response)
    # One person's view of each page type is enough to review the look, and quicker.
    looked_at = role == page_type.roles[0]
    if looked_at:
        screenshot(page, name)
    if results.violations_count:
        problems.append(f"{results.generate_report()}\n(full report: {report})")
    if groups := nameless_groups(page):
        problems.append(f"groups of fields with no legend: {groups}")

    page.set_viewport_size(SMALL_SCREEN)
    if looked_at:
        screenshot(page, f"{name}--320px")
    overflow = sideways_scroll(page)
    if overflow:
        problems.append(f"at 320px the page scrolls sideways: {overflow}")

    if visit.js_errors:
        problems.append(f"JavaScript errors: {visit.js_errors}")
    if site.blocked:
        problems.append(f"tried to load from other sites: {site.blocked}")
    assert not problems, "\n\n".join(problems)


def test_form_expired_page_passes_axe_and_fits_a_320px_screen(new_context, role_storage):
    page = new_context(storage_state=role_storage("resident")).new_page()
    page.goto("/")
    # As if the page had been open longer than a form stays valid.
    page.locator("input[name=csrf_token]").first.evaluate("input => { input.value = 'expired' }")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Your form expired")).to_be_visible()

    results = run_axe(page)
    screenshot(page, "form expired--resident")
    page.set_viewport_size(SMALL_SCREEN)
    screenshot(page, "form expired--resident--320px")
    assert results.violations_count == 0, results.generate_report()
    assert sideways_scroll(page) is None
