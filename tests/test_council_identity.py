"""The site wears the council's name and logo, never GOV.UK's crown or typeface.

GOV.UK Frontend gives the pages their patterns; the crown and the GDS Transport
font are reserved for GOV.UK itself, so the header shows the council's own
name and logo from configuration and the stylesheet uses the council's font.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consultation.testing.html import elements, parse

STYLESHEET = Path(__file__).parents[1] / "consultation" / "static" / "govuk" / "application.css"


@pytest.fixture
def app_config() -> dict:
    return {
        "COUNCIL_NAME": "Borsetshire District Council",
        "COUNCIL_LOGO_URL": "https://borsetshire.example/logo.png",
        "COUNCIL_CONTACT_EMAIL": "haveyoursay@borsetshire.example",
        "SERVICE_NAME": "Borsetshire says",
    }


def test_every_page_carries_the_councils_name_logo_and_contact(client):
    for url in ("/", "/auth/login", "/no-such-page"):
        tree = parse(client.get(url).get_data(as_text=True))
        [header] = [e for e in elements(tree) if e.tag == "header"]
        header_text = " ".join("".join(header.itertext()).split())
        assert "Borsetshire District Council" in header_text
        assert "Borsetshire says" in header_text
        logos = [e.get("src") for e in elements(header) if e.tag == "img"]
        assert logos == ["https://borsetshire.example/logo.png"]
        [title] = [e for e in elements(tree) if e.tag == "title"]
        assert title.text.strip().endswith("– Borsetshire District Council")
        links = {e.get("href") for e in elements(tree) if e.tag == "a"}
        assert "mailto:haveyoursay@borsetshire.example" in links


def test_no_crown_and_no_gov_uk_branding_in_the_header(client):
    tree = parse(client.get("/").get_data(as_text=True))
    [header] = [e for e in elements(tree) if e.tag == "header"]
    assert [e for e in elements(header) if str(e.tag).endswith("svg")] == []
    assert "GOV.UK" not in "".join(header.itertext())
    classes = " ".join(e.get("class") or "" for e in elements(header))
    assert "govuk-header__logotype" not in classes


def test_the_stylesheet_uses_the_councils_font_not_gds_transport():
    if not STYLESHEET.exists():
        pytest.skip("the stylesheet is not built here: `make assets` builds it (make test does)")
    css = STYLESHEET.read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
