"""Officer text (Markdown bodies, questions, outcomes) keeps every XSS vector harmless.

Each vector of tests/data/xss_vectors.json goes in through the officer's own
forms as the proposal, summary, contacts, question, outcome texts and an
outcome point; the pages residents and officers then see are parsed with
html5lib as a browser would, and the oracle of tests/data/README.md must
find nothing a page with plain text does not already have.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from officer_helpers import consultation_form, date_input

from consultation.database import utcnow
from consultation.testing.factories import make_user
from consultation.testing.html import dangerous_markup

VECTORS = [
    entry["vector"]
    for entry in json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text())
]


def _pages_with(client, text: str, n: int) -> list[str]:
    """Put `text` in every officer text field of a new consultation; return its pages."""
    closes = utcnow() + timedelta(days=20)
    line = " ".join(text.split())[:100] or "x"
    form = consultation_form(
        title=f"Consultation {n}",
        slug=f"consultation-{n}",
        summary=text,
        body=text,
        contacts=text,
        decision_maker=line,
        submission_token=f"new-{n}",
        **date_input("closes_at", closes),
    )
    response = client.submit("/officer/consultations/new", form, page="/officer/")
    assert response.status_code == 303, response.get_data(as_text=True)
    manage = re.search(r"/officer/consultations/\d+", response.headers["Location"])[0]
    response = client.submit(
        f"{manage}/threads/new",
        {"title": line, "prompt": text, "submission_token": f"q-{n}"},
        page="/officer/",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    assert client.submit(f"{manage}/open", page="/officer/").status_code == 303
    response = client.submit(
        f"{manage}/outcome",
        {
            "decision": text,
            "decision_maker": line,
            "we_asked": text,
            "you_said": text,
            "we_did": text,
        },
        page="/officer/",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    response = client.submit(
        f"{manage}/outcome/points/new",
        {"body": text, "comment_ids": "", "submission_token": f"p-{n}"},
        page="/officer/",
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    thread_page = re.search(rf"{manage}/threads/\d+", client.get(manage).get_data(as_text=True))[0]
    return [
        client.get(url).get_data(as_text=True)
        for url in (manage, f"{manage}/preview", thread_page, f"/consultations/consultation-{n}")
    ]


def _found(page: str) -> Counter:
    """The oracle's findings, with record ids blurred (the console's own forms name them)."""
    return Counter(re.sub(r"\d+", "N", found) for found in dangerous_markup(page))


@pytest.fixture
def officer_client(client):
    client.login(make_user("officer", email="officer@example.org").email)
    return client


def test_every_xss_vector_in_officer_text_renders_harmless(officer_client):
    baseline = [_found(page) for page in _pages_with(officer_client, "Plain text.", 0)]
    problems = []
    for n, vector in enumerate(VECTORS, start=1):
        for page, reference in zip(_pages_with(officer_client, vector, n), baseline, strict=True):
            gained = _found(page) - reference
            if gained:
                problems.append(f"{vector[:60]!r}: {sorted(gained.elements())}")
    assert problems == []


def test_officer_markdown_keeps_its_formatting_but_links_carry_a_safe_rel(officer_client):
    pages = _pages_with(
        officer_client, "## Plans\n\n**Bold** and [the report](https://example.org/report)", 1
    )
    preview = pages[1]
    assert "<h2>Plans</h2>" in preview and "<strong>Bold</strong>" in preview
    assert re.search(r'<a href="https://example.org/report" rel="nofollow ugc noopener">', preview)
