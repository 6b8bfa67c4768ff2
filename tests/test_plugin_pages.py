"""What plugins add to pages: template slots, menu items and report sections."""

import logging

import pytest
from markupsafe import Markup

from consultation.plugin_api import (
    NavItem,
    Plugin,
    ReportSection,
    db,
    hookimpl,
    report_sections,
)
from consultation.plugin_system.models import PluginState
from consultation.plugin_system.slots import SLOTS, UnknownSlot, render_slot
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)


class Slotted(Plugin):
    """Puts a marked fragment into every slot it is asked about."""

    def __init__(self, name="slotted", priority=100, html=None):
        self.name, self.priority, self.html = name, priority, html

    @hookimpl
    def template_slot(self, slot, context):
        if self.html is not None:
            return self.html
        subject = context.get("comment") or context.get("thread") or context["consultation"]
        return Markup(f'<p class="govuk-body">{self.name} in {slot} for {subject.id}</p>')


class BrokenSlot(Plugin):
    name = "broken"

    @hookimpl
    def template_slot(self, slot, context):
        raise KeyError("template missing")


def test_hook_template_slot_fills_the_consultation_thread_and_comment_slots(plugin_app):
    app = plugin_app(Slotted())
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    comment = make_comment(thread, make_user())
    client = app.test_client()

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert f"slotted in consultation_sidebar for {consultation.id}" in page
    page = client.get(f"/consultations/{consultation.slug}/threads/{thread.id}").get_data(
        as_text=True
    )
    assert f"slotted in thread_sidebar for {thread.id}" in page
    assert f"slotted in comment_actions for {comment.id}" in page


class Batched(Plugin):
    """Answers the per-comment slot for a whole page at once, counting how often it is asked."""

    def __init__(self, name="batched", priority=50, broken=False):
        self.name, self.priority, self.broken = name, priority, broken
        self.calls = []

    @hookimpl
    def comment_slots(self, slot, comments, context):
        self.calls.append((slot, [c.id for c in comments]))
        if self.broken:
            raise LookupError("no such table")
        return {c.id: Markup(f"<p>{self.name} under {c.id}</p>") for c in comments[::2]} | {
            comments[-1].id: "<b>plain & escaped</b>"
        }


def test_hook_comment_slots_asks_once_per_page_with_every_comment_shown(plugin_app):
    batched = Batched()
    app = plugin_app(batched, Slotted("single", 90))
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    first = make_comment(thread, make_user(email="a@example.org"))
    reply = make_comment(thread, make_user(email="b@example.org"), parent=first)
    last = make_comment(thread, make_user(email="c@example.org"))

    page = app.test_client().get(f"/consultations/{consultation.slug}/threads/{thread.id}")

    html = page.get_data(as_text=True)
    assert batched.calls == [("comment_actions", [first.id, reply.id, last.id])]
    assert f"batched under {first.id}" in html and f"batched under {reply.id}" not in html
    assert "&lt;b&gt;plain &amp; escaped&lt;/b&gt;" in html
    # A plugin with only template_slot is still asked once per comment, after by priority.
    for comment in (first, reply, last):
        assert f"single in comment_actions for {comment.id}" in html
    article = html.split(f'id="comment-{first.id}"', 1)[1].split("</article>", 1)[0]
    assert article.index("batched under") < article.index("single in comment_actions")


def test_a_raising_comment_slots_plugin_leaves_only_its_own_fragments_out(plugin_app, caplog):
    app = plugin_app(Batched("broken", broken=True), Slotted())
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    comment = make_comment(thread, make_user())
    with caplog.at_level(logging.ERROR, logger="consultation.plugins"):
        page = app.test_client().get(f"/consultations/{consultation.slug}/threads/{thread.id}")
    assert page.status_code == 200
    assert f"slotted in comment_actions for {comment.id}" in page.get_data(as_text=True)
    assert any("broken failed in comment_slots" in r.getMessage() for r in caplog.records)
    db.session.expire_all()
    assert db.session.get(PluginState, "broken").last_error == "LookupError: no such table"


def test_slot_fragments_come_in_priority_order(plugin_app):
    plugin_app(Slotted("late", 90), Slotted("early", 10))
    consultation = make_consultation("open")
    html = str(render_slot("consultation_sidebar", consultation=consultation))
    assert html.index("early in") < html.index("late in")


def test_plain_text_from_a_slot_is_escaped(plugin_app):
    plugin_app(Slotted(html="<script>alert(1)</script>"))
    html = str(render_slot("consultation_sidebar", consultation=make_consultation("open")))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_raising_slot_renders_nothing_and_the_error_is_kept(plugin_app, caplog):
    app = plugin_app(BrokenSlot(), Slotted())
    consultation = make_consultation("open")
    with caplog.at_level(logging.ERROR, logger="consultation.plugins"):
        response = app.test_client().get(f"/consultations/{consultation.slug}")
    assert response.status_code == 200
    assert "slotted in consultation_sidebar" in response.get_data(as_text=True)
    assert any("broken failed in template_slot" in r.getMessage() for r in caplog.records)
    db.session.expire_all()
    state = db.session.get(PluginState, "broken")
    assert state.last_error == "KeyError: 'template missing'"
    assert state.last_error_hook == "template_slot consultation_sidebar"


def test_an_unknown_slot_is_an_error_under_test(plugin_app):
    plugin_app(Slotted())
    with pytest.raises(UnknownSlot, match="thread_footer"):
        render_slot("thread_footer", consultation=make_consultation("open"))
    assert "thread_footer" not in SLOTS


def test_a_disabled_plugin_leaves_no_fragment(plugin_app):
    app = plugin_app(Slotted(), enabled=False)
    consultation = make_consultation("open")
    page = app.test_client().get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "slotted in" not in page


class Menu(Plugin):
    name = "menu"

    @hookimpl
    def navigation_items(self, user):
        return [
            NavItem("Queue", "/menu/queue", roles=("moderator",)),
            {"text": "Help", "href": "/menu/help"},
        ]


def test_hook_navigation_items_per_role(plugin_app):
    app = plugin_app(Menu())
    make_user("moderator", email="mod@example.org")
    make_user(email="resident@example.org")

    moderator = app.test_client()
    moderator.login("mod@example.org")
    page = moderator.get("/").get_data(as_text=True)
    assert 'href="/menu/queue"' in page and 'href="/menu/help"' in page

    resident = app.test_client()
    resident.login("resident@example.org")
    page = resident.get("/").get_data(as_text=True)
    assert 'href="/menu/queue"' not in page and 'href="/menu/help"' in page


def test_a_disabled_plugins_menu_items_are_gone(plugin_app):
    app = plugin_app(Menu(), enabled=False)
    assert 'href="/menu/help"' not in app.test_client().get("/").get_data(as_text=True)


class Report(Plugin):
    def __init__(self, name, priority, fail=False):
        self.name, self.priority, self.fail = name, priority, fail

    @hookimpl
    def report_sections(self, consultation):
        if self.fail:
            raise ZeroDivisionError("no responses")
        return [ReportSection(f"{self.name}_summary", self.name.title(), Markup("<p>…</p>"))]


def test_hook_report_sections_in_priority_order_leaving_out_a_failing_plugin(plugin_app):
    plugin_app(Report("offline", 30), Report("moderation", 20), Report("broken", 10, fail=True))
    consultation = make_consultation("closed")
    sections = report_sections(consultation)
    assert [s.name for s in sections] == ["moderation_summary", "offline_summary"]
