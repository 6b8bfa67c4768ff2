"""Residents create an account, sign in and sign out — safely.

Registration refuses weak passwords and duplicate addresses; sign-in says the
same thing whatever was wrong; signing out revokes every copy of the session,
remember-me included; cookies are HttpOnly, SameSite=Lax and, in production,
Secure.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select

from consultation.auth.models import User
from consultation.extensions import db
from consultation.testing.factories import PASSWORD, make_user
from consultation.testing.html import error_summary, field_values, page_text

GOOD = {"email": "pat@example.org", "display_name": "Pat", "password": PASSWORD, "ward_id": ""}


def accounts() -> int:
    return db.session.scalar(select(func.count(User.id)))


def set_cookie(response, name: str) -> str:
    """The Set-Cookie header for `name`."""
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    return header


def test_a_resident_registers_and_is_signed_in_with_a_strongly_hashed_password(client):
    response = client.submit("/auth/register", GOOD)
    assert response.status_code == 302
    person = db.session.scalar(select(User).where(User.email == "pat@example.org"))
    assert person.roles == {"resident"}
    assert person.password_hash.startswith("scrypt:")  # memory-hard, salted per password
    assert PASSWORD not in person.password_hash
    assert client.get("/account/comments").status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "eleven-char"}, "Password must be 12 characters or more"),
        ({"password": "password1234"}, "That password is too common or easy to guess."),
        ({"password": "new@example.org1"}, "That password is too common or easy to guess."),
        ({"password": "qwertyuiop123"}, "That password is too common or easy to guess."),
        ({"email": "PAT@Example.ORG"}, "An account with this email address already exists."),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"display_name": ""}, "Enter a display name"),
        ({"display_name": "Councillor Pat"}, "Display name must not start with ‘Cllr’"),
    ],
    ids=[
        "too short",
        "common",
        "like the email",
        "keyboard walk",
        "duplicate email",
        "bad email",
        "no name",
        "cllr",
    ],
)
def test_registration_refuses_with_a_clear_message_and_keeps_what_was_typed(
    client, change, message
):
    make_user(email="pat@example.org")
    before = accounts()
    response = client.submit("/auth/register", {**GOOD, "email": "new@example.org", **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    [shown] = error_summary(html)
    assert shown.startswith(message)
    typed = {**GOOD, "email": "new@example.org", **change}
    assert field_values(html)["email"] == typed["email"]
    assert field_values(html)["display_name"] == typed["display_name"]
    assert "password" not in field_values(html) or field_values(html)["password"] == ""
    assert accounts() == before


def test_sign_in_says_the_same_for_an_unknown_email_and_a_wrong_password(client):
    make_user(email="known@example.org")
    unknown = client.submit("/auth/login", {"email": "nobody@example.org", "password": PASSWORD})
    wrong = client.submit(
        "/auth/login", {"email": "known@example.org", "password": "not it at all"}
    )
    assert unknown.status_code == wrong.status_code == 400
    message = ["Enter a correct email address and password"]
    assert error_summary(unknown.get_data(as_text=True)) == message
    assert error_summary(wrong.get_data(as_text=True)) == message
    assert page_text(unknown.get_data(as_text=True)) == page_text(wrong.get_data(as_text=True))


def test_a_deactivated_account_cannot_sign_in_and_hears_nothing_different(client):
    person = make_user(email="gone@example.org")
    person.active = False
    db.session.commit()
    response = client.submit("/auth/login", {"email": "gone@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "Enter a correct email address and password"
    ]


def test_the_sign_in_email_is_matched_whatever_its_case(client):
    make_user(email="mixed@example.org")
    response = client.submit("/auth/login", {"email": " Mixed@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302


def test_signing_out_revokes_a_copy_of_the_session_cookie_taken_before(app, client):
    person = make_user()
    client.login(person.email)
    stolen = app.test_client()
    cookie = client.get_cookie("session")
    stolen.set_cookie("session", cookie.value, domain=cookie.domain)
    assert stolen.get("/account/comments").status_code == 200

    client.logout()

    response = stolen.get("/account/comments")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_signing_out_revokes_keep_me_signed_in_too(app, client):
    person = make_user()
    response = client.submit(
        "/auth/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    remember = client.get_cookie("remember_token")
    assert remember is not None

    later = app.test_client()  # the browser reopened: only the long-lived cookie is left
    later.set_cookie("remember_token", remember.value, domain=remember.domain)
    assert later.get("/account/comments").status_code == 200

    client.logout()
    again = app.test_client()
    again.set_cookie("remember_token", remember.value, domain=remember.domain)
    assert again.get("/account/comments").status_code == 302
    assert response.status_code == 302


def test_keep_me_signed_in_lasts_at_most_30_days(client):
    person = make_user()
    response = client.submit(
        "/auth/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    header = set_cookie(response, "remember_token")
    expires = parsedate_to_datetime(header.split("Expires=", 1)[1].split(";", 1)[0])
    assert expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)
    assert expires >= datetime.now(UTC) + timedelta(days=29)


def test_session_cookies_are_httponly_and_samesite_lax(client):
    person = make_user()
    response = client.submit(
        "/auth/login", {"email": person.email, "password": PASSWORD, "remember": "y"}
    )
    for name in ("session", "remember_token"):
        header = set_cookie(response, name)
        assert "HttpOnly" in header and "SameSite=Lax" in header
        assert "Secure" not in header  # the test server speaks plain http


def test_in_production_cookies_are_sent_over_https_only(app, make_app, monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-key-for-this-test")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    secure_app = make_app(SECRET_KEY="a-long-random-production-key-for-this-test")
    assert secure_app.config["PRODUCTION"] and secure_app.config["SESSION_COOKIE_SECURE"]
    person = make_user()
    client = secure_app.test_client()
    page = client.get("/auth/login", base_url="https://localhost")
    token = field_values(page.get_data(as_text=True))["csrf_token"]
    response = client.post(
        "/auth/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/auth/login"},
        data={"email": person.email, "password": PASSWORD, "remember": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        assert "Secure" in set_cookie(response, name)
