"""The queue page costs the database the same with 10 waiting comments or 10,000.

Statements are counted with a SQLAlchemy event listener on the engine; the
10,000 comments are added with bulk inserts.
"""

from contextlib import contextmanager

import pytest
from moderation_support import open_thread, people, seed_waiting, text
from sqlalchemy import event

from consultation.plugin_api import db

pytestmark = pytest.mark.plugins("moderation")


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def queue_statements(client, url="/moderation/"):
    client.get(url)  # warm: sign-in checks and caches behave as on every later request
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements, text(response)


def test_the_queue_page_runs_a_fixed_number_of_queries_with_10_or_10000_waiting(client):
    cast = people()
    _consultation, thread = open_thread()
    client.login(cast.moderator.email)

    seed_waiting(thread, cast.author, 10)
    small, small_page = queue_statements(client)
    filtered_small, _ = queue_statements(client, "/moderation/?reason=spam&state=overdue")
    seed_waiting(thread, cast.author, 9_990)
    large, large_page = queue_statements(client)
    filtered_large, _ = queue_statements(client, "/moderation/?reason=spam&state=overdue")

    assert "10 comments are waiting." in small_page
    assert (
        "10,000 comments are waiting." in large_page or "10000 comments are waiting." in large_page
    )
    assert len(large) == len(small), "\n".join(large)
    assert len(filtered_large) == len(filtered_small)
    assert len(small) <= 15, "\n".join(small)


def test_my_comments_costs_the_same_with_2_or_6_rejected_comments(client):
    from consultation_moderation import decisions

    from consultation.plugin_system.services import save_settings
    from consultation.testing.factories import make_comment

    cast = people()
    save_settings("moderation", {"moderation_mode": "pre"})
    _consultation, thread = open_thread()

    def reject(count):
        for n in range(count):
            comment = make_comment(thread, cast.author, f"Rejected comment {n}.")
            result = decisions.decide(
                comment, action="reject", moderator=cast.moderator, seen_version=1, rule="spam"
            )
            assert result.decided

    client.login(cast.author.email)
    reject(2)
    few, few_page = queue_statements(client, "/account/comments")
    reject(4)
    many, many_page = queue_statements(client, "/account/comments")

    assert few_page.count("Edit and send it back to the moderators") == 2
    assert many_page.count("Edit and send it back to the moderators") == 6
    assert len(many) == len(few), "\n".join(many)
