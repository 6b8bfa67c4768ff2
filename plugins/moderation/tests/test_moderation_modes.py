"""Post- and pre-moderation, the automatic rules, and switching moderation per consultation.

Every held comment waits in the queue with the rule that held it named.
"""

import pytest
from moderation_support import (
    item_of,
    latest_comment,
    open_thread,
    people,
    post_through_form,
    text,
    thread_url,
)

from consultation.plugin_system.services import save_settings

pytestmark = pytest.mark.plugins("moderation")


def test_post_moderation_publishes_a_clean_comment_at_once(client):
    cast = people()
    consultation, thread = open_thread()
    client.login(cast.author.email)

    response = post_through_form(client, consultation, thread, "Later hours on Thursdays, please.")

    assert response.status_code == 303
    comment = latest_comment()
    assert comment.status == "published"
    assert item_of(comment) is None
    client.logout()
    assert "Later hours on Thursdays" in text(client.get(thread_url(consultation, thread)))


def test_pre_moderation_holds_every_comment_and_names_the_rule_on_the_queue(client):
    cast = people()
    save_settings("moderation", {"moderation_mode": "pre"})
    consultation, thread = open_thread()
    client.login(cast.author.email)

    response = post_through_form(client, consultation, thread, "Later hours on Thursdays, please.")
    page = text(client.get(response.headers["Location"]))

    assert "awaiting moderation" in page
    comment = latest_comment()
    assert comment.status == "pending"
    assert item_of(comment).rule == "premoderation"
    client.logout()
    assert "Later hours on Thursdays" not in text(client.get(thread_url(consultation, thread)))
    client.login(cast.moderator.email)
    queue = text(client.get("/moderation/"))
    assert "1 comment is waiting." in queue
    assert "Later hours on Thursdays" in queue
    assert "Pre-moderation: every comment is checked" in queue


def test_an_officer_puts_one_consultation_under_pre_moderation(client):
    cast = people()
    strict, strict_thread = open_thread(title="Library closures")
    relaxed, relaxed_thread = open_thread(title="Park benches")
    client.login(cast.officer.email)
    page = f"/moderation/consultations/{strict.id}/mode"

    assert client.submit(page, {"mode": "pre"}, page=page).status_code == 303
    client.logout()
    client.login(cast.author.email)
    post_through_form(client, strict, strict_thread, "Keep the branch libraries open.")
    held = latest_comment()
    post_through_form(client, relaxed, relaxed_thread, "More benches near the pond.")
    published = latest_comment()

    assert (held.status, published.status) == ("pending", "published")
    client.logout()
    client.login(cast.officer.email)
    modes = text(client.get("/moderation/modes"))
    assert "Library closures Pre-moderation" in modes
    assert "Park benches Site default (Post-moderation)" in modes


RULES = [
    ("personal_data", "Ring me on 07911 123456 about it.", "Personal information: a phone number"),
    ("personal_data", "Write to jo.bloggs@example.co.uk", "Personal information: an email address"),
    ("personal_data", "My NI is JN 12 34 56 C", "a National Insurance number"),
    ("personal_data", "Pay with 4111 1111 1111 1111", "Personal information: a card number"),
    (
        "links",
        "See https://a.example.com, https://b.example.org and www.example.net",
        "Too many links: 3 links",
    ),
    ("classifier", "You are all fucking idiots.", "Offensive language (automatic classifier)"),
]


@pytest.mark.parametrize(("rule", "body", "named"), RULES, ids=[r[2] for r in RULES])
def test_each_automatic_rule_holds_a_comment_and_is_named_on_the_queue(client, rule, body, named):
    cast = people()
    consultation, thread = open_thread()
    client.login(cast.author.email)

    post_through_form(client, consultation, thread, body)

    comment = latest_comment()
    assert comment.status == "pending"
    assert item_of(comment).rule == rule
    client.logout()
    client.login(cast.moderator.email)
    assert named in text(client.get("/moderation/"))
    assert named in text(client.get(f"/moderation/comments/{comment.id}"))


def test_a_word_an_officer_lists_holds_comments_in_disguise_too(client):
    cast = people()
    consultation, thread = open_thread()
    client.login(cast.officer.email)
    client.submit("/moderation/words", {"phrase": "Scumbag"}, page="/moderation/words")
    client.logout()
    client.login(cast.author.email)

    post_through_form(client, consultation, thread, "The planners are $CUMB4GS? No: sc\u200bumbag!")

    comment = latest_comment()
    assert (comment.status, item_of(comment).rule) == ("pending", "words")
    assert "a word or phrase that a moderator checks" in comment.status_reason
    assert "umbag" not in comment.status_reason  # the author is not told the word
    client.logout()
    client.login(cast.moderator.email)
    assert "Word or phrase on the list: ‘Scumbag’" in text(client.get("/moderation/"))


def test_switching_moderation_off_for_one_consultation_publishes_there_at_once(client, runner):
    cast = people()
    save_settings("moderation", {"moderation_mode": "pre"})
    unmoderated, unmoderated_thread = open_thread(title="Bin collection days")
    moderated, moderated_thread = open_thread(title="Library opening hours")

    result = runner.invoke(
        args=["plugins", "disable", "moderation", "--consultation", unmoderated.slug]
    )
    assert result.exit_code == 0, result.output

    client.login(cast.author.email)
    post_through_form(client, unmoderated, unmoderated_thread, "Fridays suit me best.")
    straight_out = latest_comment()
    post_through_form(client, moderated, moderated_thread, "Open until 8pm.")
    held = latest_comment()
    assert (straight_out.status, held.status) == ("published", "pending")
    assert item_of(straight_out) is None
    client.logout()
    assert "Fridays suit me best." in text(client.get(thread_url(unmoderated, unmoderated_thread)))
    assert "Open until 8pm." not in text(client.get(thread_url(moderated, moderated_thread)))


def test_officers_change_the_site_default_on_the_plugin_page(client):
    cast = people()
    consultation, thread = open_thread()
    client.login(cast.officer.email)
    settings = {
        "moderation_mode": "pre",
        "moderation_flag_threshold": "3",
        "moderation_max_links": "2",
        "moderation_target_hours": "24",
        "moderation_classifier": "on",
        "moderation_classifier_threshold": "90",
    }
    page = "/officer/plugins/moderation"
    response = client.submit(f"{page}/settings", settings, page=page)
    assert response.status_code in (302, 303)
    client.logout()
    client.login(cast.author.email)

    post_through_form(client, consultation, thread, "Open until 8pm.")

    assert latest_comment().status == "pending"
