"""The accessibility statement and privacy notice a UK council must publish."""

from __future__ import annotations

import pytest


def test_every_page_footer_links_to_the_accessibility_statement_and_privacy_notice(client):
    footer = client.get("/").get_data(as_text=True).split('class="govuk-footer"')[1]
    assert 'href="/accessibility">Accessibility statement</a>' in footer
    assert 'href="/privacy">Privacy</a>' in footer


@pytest.mark.parametrize(
    "section",
    [
        "Compliance status",
        "partially compliant with the",
        "Non-accessible content",
        "How we tested this website",
        "axe-core",
        "using only the keyboard",
        "with JavaScript turned off",
        "320 CSS pixels wide",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service (EASS)",
        "This statement was prepared on 27 November 2026",
    ],
)
def test_accessibility_statement_follows_the_public_sector_model(client, section):
    page = client.get("/accessibility").get_data(as_text=True)
    assert section in page


@pytest.mark.parametrize("app_config", [{"COUNCIL_CONTACT_EMAIL": "access@council.example"}])
def test_resident_can_report_an_accessibility_problem_to_the_council(client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert 'href="mailto:access@council.example"' in page


@pytest.mark.parametrize(
    "section",
    ["Who we are", "data controller", "Why we collect it", "Your rights", "ico.org.uk"],
)
def test_privacy_notice_says_who_holds_personal_data_and_what_rights_people_have(client, section):
    assert section in client.get("/privacy").get_data(as_text=True)
