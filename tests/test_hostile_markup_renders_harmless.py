"""Script hidden in a comment or a display name never runs in anyone's browser.

Every vector in tests/data/xss_vectors.json is posted as a comment and used
as a display name; each page is parsed with html5lib as a browser would parse
it, and the oracle of tests/data/README.md (consultation.testing.html
.dangerous_markup) must find nothing the page did not already have.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from sqlalchemy import select

from consultation.auth.models import User
from consultation.extensions import db
from consultation.sanitiser import comment_html, markdown_html
from consultation.testing.factories import (
    PASSWORD,
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)
from consultation.testing.html import (
    dangerous_in,
    dangerous_markup,
    elements,
    local_name,
    parse,
)

VECTORS = [
    entry["vector"]
    for entry in json.loads((Path(__file__).parent / "data" / "xss_vectors.json").read_text())
]

#: What the comment sanitiser may leave in a comment's body.
COMMENT_ELEMENTS = {"p", "br", "a"}
COMMENT_ATTRIBUTES = {"href", "rel"}


@pytest.fixture
def app_config() -> dict:
    """Every test comment on one page, so pages differ only by what was posted."""
    return {"COMMENTS_PER_PAGE": 100}


def gained(page: str | Element, baseline: list[str]) -> list[str]:
    """Dangerous markup on the page that the reference page did not have."""
    found = dangerous_in(page) if isinstance(page, Element) else dangerous_markup(page)
    return sorted((Counter(found) - Counter(baseline)).elements())


def find_id(tree: Element, element_id: str) -> Element | None:
    return next((e for e in elements(tree) if e.get("id") == element_id), None)


def comment_body_problems(tree: Element, comment_id: int) -> list[str]:
    """Anything in a rendered comment beyond paragraphs, breaks and http(s) links."""
    article = find_id(tree, f"comment-{comment_id}")
    if article is None:
        return [f"comment {comment_id} is not on the page"]
    problems = dangerous_in(article)
    body = next(e for e in elements(article) if "app-comment__body" in e.get("class", ""))
    for element in list(elements(body))[1:]:
        name = local_name(element.tag)
        if name not in COMMENT_ELEMENTS:
            problems.append(f"<{name}> in the comment body")
        if set(element.attrib) - COMMENT_ATTRIBUTES:
            problems.append(f"<{name}> with attributes {sorted(element.attrib)}")
        href = element.get("href")
        if href is not None and not href.startswith(("http://", "https://")):
            problems.append(f"link to {href!r}")
    return problems


@pytest.mark.parametrize("vector", VECTORS, ids=[f"vector{i:02d}" for i in range(len(VECTORS))])
def test_the_sanitisers_leave_nothing_that_runs(vector):
    assert dangerous_markup(str(comment_html(vector)), fragment=True) == []
    assert dangerous_markup(str(markdown_html(vector)), fragment=True) == []


def test_every_vector_posted_as_a_comment_renders_harmless(client):
    thread = make_thread(make_consultation("open"))
    person = make_user()
    client.login(person.email)
    url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    newest_first = url + "?sort=newest"
    baseline = dangerous_markup(client.get(newest_first).get_data(as_text=True))
    token = client.csrf_token(url)
    problems = []
    for number, vector in enumerate(VECTORS):
        response = client.post(
            url + "/comments",
            data={"body": vector, "submission_token": f"xss-{number}", "csrf_token": token},
        )
        assert response.status_code == 303, f"vector {number} was not accepted"
        comment_id = int(response.headers["Location"].rsplit("#comment-", 1)[1])
        tree = parse(client.get(newest_first).get_data(as_text=True))
        problems += [f"vector {number}: {p}" for p in comment_body_problems(tree, comment_id)]
        if gained(tree, baseline):
            problems.append(f"vector {number}: the page gained {gained(tree, baseline)}")
    assert problems == []


def test_every_vector_as_a_display_name_renders_harmless(app, client):
    thread = make_thread(make_consultation("open"))
    thread_url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    baseline_thread = dangerous_markup(client.get(thread_url).get_data(as_text=True))
    problems = []
    for number, vector in enumerate(VECTORS):
        email = f"name{number}@example.org"
        registering = app.test_client()
        response = registering.submit(
            "/auth/register",
            {"email": email, "display_name": vector, "password": PASSWORD, "ward_id": ""},
        )
        html = response.get_data(as_text=True)
        if response.status_code == 400:
            # Refused: the form comes back with the name in its box, still harmless.
            reference = dangerous_markup(registering.get("/auth/register").get_data(as_text=True))
            if gained(html, reference):
                problems.append(
                    f"vector {number}: the refused form gained {gained(html, reference)}"
                )
            # The page must still show a name the form would take, so store one directly.
            person = make_user(email=f"direct{number}@example.org", name=vector[:80])
        else:
            assert response.status_code == 302, f"vector {number}: {response.status_code}"
            person = db.session.scalar(select(User).where(User.email == email))
            account = registering.get("/account/").get_data(as_text=True)
            reference = dangerous_markup(client_account_baseline(app))
            if gained(account, reference):
                problems.append(
                    f"vector {number}: the account page gained {gained(account, reference)}"
                )
        comment = make_comment(thread, person, f"Comment by name {number}")
        tree = parse(client.get(thread_url + "?sort=newest").get_data(as_text=True))
        article = find_id(tree, f"comment-{comment.id}")
        if article is None:
            problems.append(f"vector {number}: the comment is not on the page")
            continue
        problems += [f"vector {number}: {p}" for p in dangerous_in(article)]
        if gained(tree, baseline_thread):
            problems.append(
                f"vector {number}: the thread page gained {gained(tree, baseline_thread)}"
            )
    assert problems == []


_account_baseline: dict[int, str] = {}


def client_account_baseline(app) -> str:
    """The account page of a person with a plain name, as the reference."""
    key = id(app)
    if key not in _account_baseline:
        plain = make_user(email="plain@example.org", name="Plain Name")
        client = app.test_client()
        client.login(plain.email)
        _account_baseline[key] = client.get("/account/").get_data(as_text=True)
    return _account_baseline[key]
