"""Open data: closed consultations' published comments, anonymised, under the OGL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from consultation.comments.models import CommentStatus
from consultation.exports.cells import restore
from consultation.exports.open_data import LICENCE
from consultation.extensions import db
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)

API = "/api/v1/consultations"
#: Distinctive personal details that must never reach open data.
SECRETS = (
    "Zebedee Quillfeather",
    "zebedee.quillfeather@private.example.org",
    "Wilhelmina Paperdrop",
    "wilhelmina@letters.example.org",
    "Xanthe Staffmember",
    "xanthe.staff@council.example.org",
    "Quillfeather Ward",
)


@pytest.fixture
def closed():
    """A closed consultation with web, reply, staff-entered and unpublished comments."""
    ward = make_ward(name="Quillfeather Ward")
    consultation = make_consultation("closed", slug="closed-for-open-data", title="Bins")
    thread = make_thread(consultation, title="Weekly or fortnightly?")
    resident = make_user(email=SECRETS[1], name=SECRETS[0], ward=ward)
    staff = make_user("assisted_digital", email=SECRETS[6], name=SECRETS[5])
    top = make_comment(thread, resident, "Weekly, please.")
    make_comment(thread, make_user(name="Another Person"), "Fortnightly is fine.", parent=top)
    make_comment(
        thread,
        None,
        "Sent by letter.",
        channel="letter",
        entered_by=staff,
        respondent_name=SECRETS[2],
    )
    hidden = make_comment(thread, resident, "Hidden by a moderator.")
    hidden.status = CommentStatus.HIDDEN
    pending = make_comment(thread, resident, "Waiting for a moderator.")
    pending.status = CommentStatus.PENDING
    db.session.commit()
    return consultation


def test_the_comments_as_json_carry_the_licence_and_only_published_comments(client, closed):
    response = client.get(f"{API}/{closed.slug}/comments")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Link"] == f'<{LICENCE["url"]}>; rel="license"'
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["ETag"]
    document = json.loads(response.text)
    assert document["licence"] == LICENCE
    bodies = [c["body"] for c in document["comments"]]
    assert "Weekly, please." in bodies and "Fortnightly is fine." in bodies
    assert "Hidden by a moderator." not in bodies
    assert "Waiting for a moderator." not in bodies
    first, reply, letter = document["comments"]
    assert set(first) == {"id", "thread_id", "thread", "reply_to", "channel", "created_on", "body"}
    assert reply["reply_to"] == first["id"]
    assert letter["channel"] == "letter"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/comments", "application/json"),
        ("/comments.json", "application/json"),
        ("/comments.csv", "text/csv"),
        ("/comments?format=csv", "text/csv"),
    ],
)
def test_no_personal_data_in_either_format(client, closed, url, kind):
    response = client.get(f"{API}/{closed.slug}{url}")

    assert response.mimetype == kind
    text = response.get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in text
    assert "@" not in text  # no email address of any kind
    listing = client.get(API).text
    for secret in SECRETS:
        assert secret not in listing


def test_csv_opens_in_excel_and_reads_back(client, closed):
    response = client.get(f"{API}/{closed.slug}/comments", headers={"Accept": "text/csv"})

    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [restore(r["body"]) for r in rows][:2] == ["Weekly, please.", "Fortnightly is fine."]
    assert response.headers["Link"] == f'<{LICENCE["url"]}>; rel="license"'


def test_a_formula_in_a_comment_is_neutralised_in_open_data(client, closed):
    thread = closed.threads[0]
    make_comment(thread, make_user(), '=HYPERLINK("http://attacker.example/","x")')
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"{API}/{closed.slug}/comments.csv").text.lstrip("\ufeff"))
        )
    )
    cell = rows[-1]["body"]
    assert cell.startswith("'=")
    assert restore(cell) == '=HYPERLINK("http://attacker.example/","x")'


def test_an_unchanged_answer_is_not_sent_again(client, closed):
    first = client.get(f"{API}/{closed.slug}/comments")
    again = client.get(
        f"{API}/{closed.slug}/comments", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    hidden = make_comment(closed.threads[0], make_user(), "Later hidden.")
    hidden.status = CommentStatus.HIDDEN
    db.session.commit()
    changed = client.get(
        f"{API}/{closed.slug}/comments", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200


def test_open_and_unpublished_consultations_are_not_open_data(client, closed):
    open_one = make_consultation("open", slug="still-open")
    draft = make_consultation("draft", slug="a-draft")
    scheduled = make_consultation("scheduled", slug="not-yet")

    assert client.get(f"{API}/{open_one.slug}/comments").status_code == 403
    assert client.get(f"{API}/{draft.slug}/comments").status_code == 404
    assert client.get(f"{API}/{scheduled.slug}/comments.csv").status_code == 404
    assert client.get(f"{API}/no-such-thing/comments").status_code == 404
    listing = json.loads(client.get(API).text)
    assert [c["slug"] for c in listing["consultations"]] == [closed.slug]


def test_the_listing_counts_published_comments_and_names_the_licence(client, closed):
    published = make_consultation("outcome_published", slug="with-an-outcome")
    make_comment(make_thread(published), make_user(), "Counted.")

    response = client.get(API)

    assert response.headers["Link"] == f'<{LICENCE["url"]}>; rel="license"'
    document = json.loads(response.text)
    assert document["licence"] == LICENCE
    by_slug = {c["slug"]: c for c in document["consultations"]}
    assert by_slug[closed.slug]["published_comments"] == 3
    assert by_slug[closed.slug]["threads"] == 1
    assert by_slug[closed.slug]["state"] == "closed"
    assert by_slug["with-an-outcome"]["published_comments"] == 1
    assert by_slug["with-an-outcome"]["licence"]["name"] == "Open Government Licence v3.0"


def test_an_unknown_format_is_refused_clearly(client, closed):
    response = client.get(f"{API}/{closed.slug}/comments?format=xlsx")
    assert response.status_code == 400
    assert "format=json or format=csv" in response.json["error"]


@pytest.mark.plugins("offline_channel")
def test_offline_respondents_names_contacts_and_postcodes_stay_out(client):
    from datetime import date, timedelta

    from consultation.database import utcnow

    consultation = make_consultation("open", slug="paper-and-web")
    thread = make_thread(consultation, title="Tell us")
    make_user("assisted_digital", email="sam@open-data.example.org")
    client.login("sam@open-data.example.org")
    page = f"/offline/{consultation.slug}/enter"
    today = date.today()
    response = client.submit(
        page,
        {
            "token": "o" * 32,
            "channel": "paper",
            "received_on-day": str(today.day),
            "received_on-month": str(today.month),
            "received_on-year": str(today.year),
            f"answer_{thread.id}": "Paper says yes.",
            "respondent": "named",
            "name": "Ottoline Inkwell",
            "contact": "ottoline@inkwell.example.org, 01632 960999",
            "postcode": "SW1A 2AA",
            "capacity": "individual",
            "privacy_notice": "y",
        },
        page=page,
    )
    assert response.status_code in (302, 303), response.text[:1000]
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    for url in ("/comments.json", "/comments.csv"):
        text = client.get(f"{API}/{consultation.slug}{url}").get_data(as_text=True)
        assert "Paper says yes." in text
        for secret in ("Ottoline", "Inkwell", "ottoline@", "01632 960999", "SW1A", "2AA"):
            assert secret not in text
