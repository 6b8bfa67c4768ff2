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
            # Markup is the plugin's own rendered template; anything else is text.
            parts.append(html if isinstance(html, Markup) else escape(html))
    return Markup("").join(parts)
