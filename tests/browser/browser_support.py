"""Helpers the browser tests share: demo accounts, signing in, focus, reports."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

REPO = Path(__file__).resolve().parents[2]
#: Reports and screenshots for a person to review (git ignores this folder).
OUTPUT = REPO / "test-output"

DEMO_PASSWORD = "Consult-demo-2026"
#: The demo account `flask seed-demo` makes for each role.
DEMO_EMAILS = {
    "resident": "resident@example.org",
    "councillor": "councillor@example.org",
    "officer": "officer@example.org",
    "moderator": "moderator@example.org",
    "assisted_digital": "assisted@example.org",
    "admin": "admin@example.org",
}
#: The axe-core rule tags that together make WCAG 2.2 level AA.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()
_AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
#: 1280 CSS pixels zoomed to 400%: the width WCAG 2.2 success criterion 1.4.10 names.
SMALL_SCREEN = {"width": 320, "height": 640}


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def register(page: Page, email: str, name: str, password: str = "Violet-Harbour-Kettle-92") -> None:
    """Create a resident account through the form (signed in afterwards)."""
    page.goto("/auth/register")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Create a password").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account has been created.")).to_be_visible()


def fill_date(page: Page, legend: str, day: date, time: str | None = None) -> None:
    """Type a date (and time) into the GOV.UK date input named by its legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
    if time:
        group.get_by_label("Time").fill(time)


def slug(text: str) -> str:
    """A file-name-safe form of `text`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def write_report(name: str, response: dict) -> Path:
    """Save one page's axe results as JSON under test-output/axe/."""
    path = OUTPUT / "axe" / f"{slug(name)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(response, indent=2))
    return path


#: Browser contexts opened with JavaScript off (the conftest's new_context records them).
NO_SCRIPT_CONTEXTS: set[BrowserContext] = set()


def run_axe(page: Page):
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now.

    axe runs asynchronously inside the page, which never finishes where
    JavaScript is off; there it checks a copy of the page as drawn, scripts
    removed, in a scripted tab.
    """
    if page.context not in NO_SCRIPT_CONTEXTS:
        return _AXE.run(page, options=_AXE_OPTIONS)
    copy = _scripted_copy(page)
    try:
        return _AXE.run(copy, options=_AXE_OPTIONS)
    finally:
        copy.context.close()


def _scripted_copy(page: Page) -> Page:
    parts = urlsplit(page.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S | re.I)
    # Relative addresses in the copy resolve as they did on the original page.
    html = re.sub(r"(<head\b[^>]*>)", rf'\1<base href="{page.url}">', html, count=1)
    context = page.context.browser.new_context(viewport=page.viewport_size, locale="en-GB")
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(origin + "/") else route.abort()
        ),
    )
    copy = context.new_page()
    copy.goto(origin + "/healthz")  # same origin, so the stylesheet loads; no side effects
    copy.set_content(html)
    return copy


_OVERFLOW = """
() => {
  const width = document.scrollingElement.scrollWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 5).map(e => e.outerHTML.slice(0, 120));
  return {width, innerWidth, wide};
}
"""


def sideways_scroll(page: Page) -> str | None:
    """What makes the page scroll sideways at its current width, or None if nothing does."""
    found = page.evaluate(_OVERFLOW)
    if found["width"] <= found["innerWidth"]:
        return None
    return f"{found['width']}px wide in a {found['innerWidth']}px window; too wide: {found['wide']}"


# axe does not flag a group of radios or checkboxes with no name, yet a screen
# reader user hears the options without the question (WCAG 1.3.1, 3.3.2).
_NAMELESS_GROUPS = """
() => [...document.querySelectorAll('fieldset')]
  .filter(group => !(group.querySelector(':scope > legend')?.textContent.trim()))
  .map(group => group.outerHTML.slice(0, 150))
"""


def nameless_groups(page: Page) -> list[str]:
    """Fieldsets on the page with no legend text (the start of each one's HTML)."""
    return page.evaluate(_NAMELESS_GROUPS)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots/."""
    path = OUTPUT / "screenshots" / f"{slug(name)}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


# How the focused element looks, compared with the same element at rest (a
# clone next to it), so a button's everyday shadow does not count as focus.
# GOV.UK checkboxes and radios draw their focus ring on the label's ::before.
_FOCUS_STYLE = r"""
element => {
  const shown = c => !(c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c));
  const look = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
      && shown(s.outlineColor);
    return {
      outline: outline ? `${s.outlineWidth} ${s.outlineColor}` : '',
      shadow: s.boxShadow === 'none' ? '' : s.boxShadow,
      background: shown(s.backgroundColor) ? s.backgroundColor : '',
    };
  };
  let focused, resting;
  if (['checkbox', 'radio'].includes(element.type) && element.labels.length) {
    focused = look(element.labels[0], '::before');
    resting = {outline: '', shadow: '', background: focused.background};
  } else {
    focused = look(element);
    const clone = element.cloneNode(true);
    clone.removeAttribute('id');
    element.parentNode.insertBefore(clone, element);
    resting = look(clone);
    clone.remove();
  }
  const box = element.getBoundingClientRect();
  const target = element.labels && element.labels.length && box.width <= 1
    ? element.labels[0].getBoundingClientRect() : box;
  return {
    indicator: ['outline', 'shadow', 'background']
      .some(k => focused[k] && focused[k] !== resting[k]),
    onScreen: target.width > 0 && target.height > 0 && target.bottom > 0 && target.right > 0
      && target.top < innerHeight && target.left < innerWidth,
    html: element.outerHTML.slice(0, 200),
  };
}
"""


def assert_focus_visible(page: Page) -> None:
    """The focused element is on screen and drawn with a focus outline or highlight."""
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    style = focused.evaluate(_FOCUS_STYLE)
    assert style["onScreen"], f"focused element is not on screen: {style['html']}"
    assert style["indicator"], f"focused element has no visible focus style: {style['html']}"


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, checking focus is visible each time."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("!document.activeElement || document.activeElement === document.body"):
            continue  # past the last link: focus is in the browser's own controls, then wraps
        assert_focus_visible(page)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of {key} never reached {target}")


def press_to_go(page: Page, key: str = "Enter") -> None:
    """Press `key` on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)
