"""Someone hammering sign-in, registration or comments is slowed down — and told so plainly.

A limited request gets the page it came from (not a bare 429), with a GOV.UK
error summary and the text typed still in the form. With
RATELIMIT_STORAGE_URI=redis://… the counts live in Redis, shared by every
worker and host.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import PASSWORD, make_consultation, make_thread, make_user
from consultation.testing.html import error_summary, field_values, kept_text

SLOWED = (
    "You have sent a lot of requests in a short time. We kept what you typed – wait a "
    "minute, then send it again."
)
#: Redis for the storage test; a key prefix of its own keeps it apart from anyone else's.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def app_config() -> dict:
    return {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_LOGIN": "2 per minute",
        "RATELIMIT_REGISTER": "2 per minute",
        "RATELIMIT_COMMENT": "2 per minute",
    }


def comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def assert_slowed_down_with_the_text_kept(response, *typed: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert error_summary(html) == [SLOWED]
    assert set(typed) <= kept_text(html)
    assert "govuk-header" in html or "govuk-template" in html  # the site's own page


def test_repeated_sign_in_attempts_are_slowed_down_with_the_email_kept(client):
    for _ in range(2):
        response = client.submit("/auth/login", {"email": "who@example.org", "password": "guess"})
        assert response.status_code == 400
    response = client.submit("/auth/login", {"email": "who@example.org", "password": "guess"})
    assert_slowed_down_with_the_text_kept(response, "who@example.org")
    assert "password" not in kept_text(response.get_data(as_text=True))


def test_repeated_registrations_are_slowed_down_with_the_form_kept(client):
    for n in range(2):
        response = client.submit(
            "/auth/register",
            {
                "email": f"p{n}@example.org",
                "display_name": "P",
                "password": PASSWORD,
                "ward_id": "",
            },
        )
        assert response.status_code == 302
        client.logout()
    response = client.submit(
        "/auth/register",
        {
            "email": "third@example.org",
            "display_name": "Third Person",
            "password": PASSWORD,
            "ward_id": "",
        },
    )
    assert_slowed_down_with_the_text_kept(response, "third@example.org", "Third Person")


def test_commenting_too_fast_is_slowed_down_and_the_comment_kept(client):
    thread = make_thread(make_consultation("open"))
    client.login(make_user().email)
    url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    token = client.csrf_token(url)
    for n in range(2):
        response = client.post(
            url + "/comments",
            data={"body": f"Comment {n}", "submission_token": f"fast-{n}", "csrf_token": token},
        )
        assert response.status_code == 303
    text = "A third thought, typed in a hurry"
    response = client.post(
        url + "/comments",
        data={"body": text, "submission_token": "fast-2", "csrf_token": token},
    )
    assert_slowed_down_with_the_text_kept(response, text)
    assert field_values(response.get_data(as_text=True))["submission_token"] == "fast-2"
    assert comments() == 2


def test_reading_is_never_limited(client):
    for _ in range(10):
        assert client.get("/").status_code == 200


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis storage check needs Redis at {REDIS_URL}: {error}")
    yield client
    client.close()


def test_limits_live_in_redis_when_configured(make_app, redis_client):
    worker = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="2 per minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX="consultation-test",
    )
    client = worker.test_client()
    # Limits count per client address: one nobody else uses finds this test's keys.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    client.environ_base["REMOTE_ADDR"] = address
    try:
        for expected in (400, 400, 429):
            response = client.submit("/auth/login", {"email": "r@example.org", "password": "x"})
            assert response.status_code == expected
        keys = redis_client.keys(f"*{address}*")
        assert keys, "the counts are in Redis"
        # The count is Redis's, not the worker's: clear it there and the worker lets us in.
        redis_client.delete(*keys)
        response = client.submit("/auth/login", {"email": "r@example.org", "password": "x"})
        assert response.status_code == 400
    finally:
        leftover = redis_client.keys(f"*{address}*")
        if leftover:
            redis_client.delete(*leftover)
