"""Named template slots: `{{ hook('thread_sidebar', consultation=c, thread=t) }}`."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from markupsafe import Markup, escape

from consultation.plugin_system.calling import active_impls, call, failed, log

#: Every slot a template offers, with where it is and what its context holds.
#: Add a slot here and document it in docs/plugins.md when a template grows one.
SLOTS: dict[str, str] = {
    "consultation_sidebar": "consultation page, right-hand column; context: consultation",
    "thread_sidebar": "thread page, right-hand column; context: consultation, thread",
    "comment_actions": "under each comment of a thread; context: consultation, thread, comment",
    "account_comment": "under each comment on My comments; context: consultation, comment",
    "officer_dashboard": "officer console, under the main buttons; no context",
}

#: Slots under each comment of a list that a page fills for all its comments at
#: once (`comment_slots`), rather than asking every plugin once per comment.
COMMENT_SLOTS: frozenset[str] = frozenset({"comment_actions"})


def render_fragment(template: str, **context: Any) -> Markup:
    """Render a plugin template for a slot (Markup, so it is not escaped again)."""
    # The template is autoescaped, so its output is safe HTML as a whole.
    return Markup(render_template(template, **context))  # noqa: S704


class UnknownSlot(LookupError):
    """A template asked for a slot that is not in SLOTS."""


def render_slot(slot: str, **context: Any) -> Markup:
    """The HTML enabled plugins put in `slot`, in priority order ('' when none)."""
    if slot not in SLOTS:
        if current_app.testing:
            raise UnknownSlot(f"no template slot is called {slot!r}; known: {', '.join(SLOTS)}")
        log.error("template asked for the unknown slot %r", slot)
        return Markup("")
    consultation = context.get("consultation")
    consultation_id = getattr(consultation, "id", None)
    parts: list[Markup] = []
    for loaded, impl in active_impls("template_slot", consultation_id):
        try:
            html = call(impl, {"slot": slot, "context": context})
        except Exception as exc:
            failed(loaded.name, f"template_slot {slot}", exc)
            continue
        if html:
            parts.append(_html(html))
    return Markup("").join(parts)


def _html(fragment: Any) -> Markup:
    # Markup is the plugin's own rendered template; anything else is text.
    return fragment if isinstance(fragment, Markup) else escape(fragment)


def render_comment_slots(slot: str, comments: list[Any], **context: Any) -> dict[int, Markup]:
    """{comment id: the HTML enabled plugins put under it in `slot`}, for a whole page.

    Each plugin implementing `comment_slots` is asked once for all the
    comments; a plugin that only implements `template_slot` is asked once
    per comment, as before. Fragments are joined in plugin priority order.
    """
    if slot not in COMMENT_SLOTS:
        raise UnknownSlot(f"{slot!r} is not a per-comment slot; known: {', '.join(COMMENT_SLOTS)}")
    if not comments:
        return {}
    consultation_id = getattr(context.get("consultation"), "id", None)
    batch = list(active_impls("comment_slots", consultation_id))
    answered = {loaded.name for loaded, _impl in batch}
    single = [
        (loaded, impl)
        for loaded, impl in active_impls("template_slot", consultation_id)
        if loaded.name not in answered
    ]
    callers = sorted(
        [(loaded, impl, True) for loaded, impl in batch]
        + [(loaded, impl, False) for loaded, impl in single],
        key=lambda row: (row[0].priority, row[0].name),
    )
    parts: dict[int, list[Markup]] = {}
    for loaded, impl, many in callers:
        try:
            if many:
                found = call(impl, {"slot": slot, "comments": comments, "context": context}) or {}
            else:
                found = {
                    comment.id: call(
                        impl, {"slot": slot, "context": {**context, "comment": comment}}
                    )
                    for comment in comments
                }
        except Exception as exc:
            failed(loaded.name, f"{'comment_slots' if many else 'template_slot'} {slot}", exc)
            continue
        for comment_id, fragment in found.items():
            if fragment:
                parts.setdefault(comment_id, []).append(_html(fragment))
    return {comment_id: Markup("").join(html) for comment_id, html in parts.items()}
