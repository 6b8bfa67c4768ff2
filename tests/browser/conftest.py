"""Browser tests: a real server, a real Chromium, and the site as a person sees it.

One server (see live_site.py) and one browser serve the whole session; each
test opens its own page. Every request that is not for the app's own address
is blocked, so the tests never touch the internet and catch a page that tries
to load something from elsewhere.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import DEMO_EMAILS, NO_SCRIPT_CONTEXTS, OUTPUT, sign_in
from live_site import Site, running_site
from page_types import PageType
from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in this folder drives a browser: mark it so `-m "not browser"` skips it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def chromium_path() -> str | None:
    """Debian's chromium: CHROMIUM_PATH when set, else `chromium` on PATH or /usr/bin/chromium."""
    explicit = os.environ.get("CHROMIUM_PATH")
    candidates = [explicit] if explicit else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A real server on a free loopback port with a fresh, migrated, seeded database."""
    with running_site(tmp_path_factory.mktemp("site")) as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (starting one costs about a second)."""
    executable = chromium_path()
    if executable is None:
        where = os.environ.get("CHROMIUM_PATH") or "chromium on PATH or /usr/bin/chromium"
        message = f"no chromium found at {where} (apt-get install chromium, or set CHROMIUM_PATH)"
        if _in_ci():
            pytest.fail(f"{message}; CI must run the browser tests")
        pytest.skip(f"browser tests skipped: {message}")
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox as root
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        yield browser
        browser.close()


def _only_own_address(context, site: Site) -> None:
    def route(route) -> None:
        if route.request.url.startswith(site.base_url + "/"):
            route.continue_()
        else:
            site.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)


@pytest.fixture
def new_context(browser, site: Site) -> Iterator[Callable[..., object]]:
    """Make a fresh browser context (own cookies) limited to the app's address."""
    contexts = []

    def factory(**options):
        context = browser.new_context(base_url=site.base_url, locale="en-GB", **options)
        context.set_default_timeout(10_000)
        _only_own_address(context, site)
        contexts.append(context)
        if options.get("java_script_enabled") is False:
            NO_SCRIPT_CONTEXTS.add(context)
        return context

    yield factory
    for context in contexts:
        NO_SCRIPT_CONTEXTS.discard(context)
        context.close()


@pytest.fixture(scope="session")
def role_storage(browser, site: Site) -> Callable[[str], dict]:
    """Signed-in cookies per demo role, made once by signing in through the form."""
    states: dict[str, dict] = {}

    def storage(role: str) -> dict:
        if role not in states:
            context = browser.new_context(base_url=site.base_url)
            _only_own_address(context, site)
            page = context.new_page()
            sign_in(page, DEMO_EMAILS[role])
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return storage


DESKTOP = {"width": 1280, "height": 800}


@dataclass
class Visit:
    """A page opened as one role, with any JavaScript errors it raised."""

    page: Page
    js_errors: list[str]


@pytest.fixture(scope="session")
def role_pages(browser, site: Site, role_storage) -> Iterator[Callable[[str | None], Visit]]:
    """One long-lived page per role (None: signed out) for the read-only page checks."""
    visits: dict[str | None, Visit] = {}

    def get(role: str | None) -> Visit:
        if role not in visits:
            context = browser.new_context(
                base_url=site.base_url,
                locale="en-GB",
                viewport=DESKTOP,
                storage_state=role_storage(role) if role else None,
            )
            context.set_default_timeout(10_000)
            _only_own_address(context, site)
            visit = Visit(context.new_page(), [])
            visit.page.on("pageerror", lambda error: visit.js_errors.append(str(error)))
            visits[role] = visit
        return visits[role]

    yield get
    for visit in visits.values():
        visit.page.context.close()


@pytest.fixture
def open_page(role_pages, site: Site) -> Callable[[PageType, str | None], Visit]:
    """Open a page type as `role` (None: signed out), pressing its button if it has one."""

    def visit(page_type: PageType, role: str | None) -> Visit:
        visit = role_pages(role)
        visit.js_errors.clear()
        site.blocked.clear()
        page = visit.page
        page.set_viewport_size(DESKTOP)
        response = page.goto(site.url(page_type.path))
        if page_type.submit:
            with page.expect_response(
                lambda r: r.request.method == "POST" and r.request.is_navigation_request()
            ) as posted:
                page.get_by_role("button", name=page_type.submit).click()
            response = posted.value
            page.wait_for_load_state()
        assert response is not None and response.status == page_type.status, (
            f"{page_type.name} as {role or 'signed out'}: HTTP "
            f"{response and response.status}, expected {page_type.status}"
        )
        return visit

    return visit


@pytest.fixture
def page(new_context) -> Page:
    """A signed-out page in a fresh context."""
    return new_context().new_page()


@pytest.fixture(scope="session", autouse=True)
def _output_folder() -> None:
    # Start empty, so a reviewer never mistakes an old run's picture for this one's.
    for folder in (OUTPUT / "axe", OUTPUT / "screenshots"):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
