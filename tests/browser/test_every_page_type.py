"""Every page type, as everyone who can see it: no axe-core WCAG 2.2 AA violations,
and nothing scrolls sideways on a 320 CSS pixel wide screen (WCAG 1.4.10 reflow).

Both checks share one visit to the page, which halves the time the suite takes.
Reports go to test-output/axe/, screenshots to test-output/screenshots/.
"""

from __future__ import annotations

import pytest
from browser_support import SMALL_SCREEN, run_axe, screenshot, sideways_scroll, write_report
from page_types import cases


@pytest.mark.parametrize(("page_type", "role"), cases())
def test_page_passes_axe_and_fits_a_320px_screen(open_page, site, page_type, role):
    visit = open_page(page_type, role)
    page = visit.page
    name = f"{page_type.name}--{role or 'signed-out'}"
    problems = []

    results = run_axe(page)
    report = write_report(name, results.response)
    screenshot(page, name)
    if results.violations_count:
        problems.append(f"{results.generate_report()}\n(full report: {report})")

    page.set_viewport_size(SMALL_SCREEN)
    screenshot(page, f"{name}--320px")
    overflow = sideways_scroll(page)
    if overflow:
        problems.append(f"at 320px the page scrolls sideways: {overflow}")

    if visit.js_errors:
        problems.append(f"JavaScript errors: {visit.js_errors}")
    if site.blocked:
        problems.append(f"tried to load from other sites: {site.blocked}")
    assert not problems, "\n\n".join(problems)
