"""The page checks are real: each one fails on a page that has the problem it is for."""

from __future__ import annotations

import pytest
from browser_support import (
    SMALL_SCREEN,
    assert_focus_visible,
    nameless_groups,
    run_axe,
    sideways_scroll,
)
from playwright.sync_api import Page


def test_axe_reports_an_image_without_a_text_alternative(page: Page):
    page.goto("/")
    assert run_axe(page).violations_count == 0
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    results = run_axe(page)
    assert [v["id"] for v in results.response["violations"]] == ["image-alt"]


def test_axe_checks_a_page_drawn_without_javascript_too(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    assert run_axe(page).violations_count == 0
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    results = run_axe(page)
    assert [v["id"] for v in results.response["violations"]] == ["image-alt"]


def test_reflow_check_finds_content_wider_than_a_small_screen(page: Page):
    page.set_viewport_size(SMALL_SCREEN)
    page.goto("/")
    assert sideways_scroll(page) is None
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<pre>' + 'a-very-long-unbreakable-word-'.repeat(20) + '</pre>')"
    )
    assert "too wide" in sideways_scroll(page)


def test_focus_check_fails_when_a_link_loses_its_focus_style(page: Page):
    page.goto("/")
    link = page.get_by_role("link", name="Library opening hours")
    link.focus()
    assert_focus_visible(page)
    page.add_style_tag(
        content="a:focus { box-shadow: none !important; background: none !important; }"
    )
    with pytest.raises(AssertionError, match="no visible focus style"):
        assert_focus_visible(page)


def test_group_check_finds_radios_without_a_question(page: Page):
    page.goto("/auth/login")
    assert nameless_groups(page) == []
    page.evaluate(
        "document.querySelector('form').insertAdjacentHTML('beforeend',"
        ' \'<fieldset class="govuk-fieldset"><input type="radio" id="r" name="r">'
        '<label for="r">Yes</label></fieldset>\')'
    )
    assert len(nameless_groups(page)) == 1
