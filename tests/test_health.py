"""A load balancer can tell a live process from a ready one; a database outage loses no text.

/healthz answers while the process runs; /readyz answers 503 when the
database cannot be reached (a SQLite file that cannot be opened, or a
PostgreSQL database that does not exist), and every page then gives the
GOV.UK "service unavailable" page, which keeps a comment being sent.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from consultation.config import normalise_database_url
from consultation.testing.factories import make_consultation, make_thread, make_user
from consultation.testing.html import kept_text, page_text

UNAVAILABLE = "Sorry, the service is unavailable"


def unreachable_databases(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.db'}"]
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        missing = f"missing_{uuid.uuid4().hex[:8]}"
        urls.append(
            sa.make_url(normalise_database_url(server))
            .set(database=missing)
            .render_as_string(hide_password=False)
        )
    return urls


def test_healthz_and_readyz_say_ok_when_all_is_well(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


def test_without_its_database_the_app_is_live_but_not_ready(make_app, tmp_path):
    for url in unreachable_databases(tmp_path):
        down = make_app(DATABASE_URL=url).test_client()
        assert down.get("/healthz").status_code == 200, url
        ready = down.get("/readyz")
        assert ready.status_code == 503, url
        assert ready.get_json()["status"] == "unavailable"


def test_pages_say_the_service_is_unavailable_rather_than_fail(make_app, tmp_path):
    for url in unreachable_databases(tmp_path):
        down = make_app(DATABASE_URL=url).test_client()
        for page in ("/", "/consultations/anything", "/auth/login"):
            response = down.get(page)
            text = page_text(response.get_data(as_text=True))
            if page == "/auth/login":
                assert response.status_code == 200  # needs no database to show the form
                continue
            assert response.status_code == 503, (url, page)
            assert UNAVAILABLE in text


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "signed out"])
def test_a_comment_sent_while_the_database_is_down_comes_back(
    app, client, make_app, tmp_path, signed_in
):
    thread = make_thread(make_consultation("open"))
    url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    if signed_in:
        client.login(make_user().email)
    token = client.csrf_token(url)
    cookie = client.get_cookie("session")
    [broken] = unreachable_databases(tmp_path)[:1]
    down = make_app(DATABASE_URL=broken).test_client()
    down.set_cookie("session", cookie.value, domain=cookie.domain)
    text = "Written before the outage, and not to be lost"

    response = down.post(
        url + "/comments", data={"body": text, "submission_token": "outage", "csrf_token": token}
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert UNAVAILABLE in page_text(html)
    assert text in kept_text(html)
