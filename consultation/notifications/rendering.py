"""Writing messages: templates, links to the site, unsubscribe tokens and headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template
from itsdangerous import BadSignature, URLSafeSerializer

from consultation.notifications.kinds import Kind

#: Layouts a kind's templates extend: a whole email, or one entry of a daily summary.
EMAIL_LAYOUT = {
    "txt": "notifications/email/_layout.txt",
    "html": "notifications/email/_layout.html",
}
ENTRY_LAYOUT = {"txt": "notifications/email/_entry.txt", "html": "notifications/email/_entry.html"}

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    """A message's subject and bodies."""

    subject: str
    text: str
    html: str


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link to the site for an email, built from SITE_URL.

    Never from the request's Host header: a forged Host would otherwise put
    an attacker's address into a password-reset link.
    """
    parts = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token that turns off `kind` for one person, with no sign-in.

    It does not expire: mail clients offer the one-click link for as long as
    the message is kept, and RFC 8058 asks that it keeps working.
    """
    return _serializer().dumps({"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a token was signed for, or None when it is not genuine."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    kind = data.get("k")
    return (data["u"], kind) if isinstance(kind, str) else None


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail clients show an Unsubscribe button that POSTs."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def base_headers() -> dict[str, str]:
    """Headers every message carries; the Message-ID is fixed now so retries reuse it."""
    domain = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    return {
        "Message-ID": make_msgid(domain=domain or None),
        # RFC 3834: tells auto-responders not to answer.
        "Auto-Submitted": "auto-generated",
    }


def common_context() -> dict[str, Any]:
    """What every message template may use: the council's identity and key links."""
    config = current_app.config
    return {
        "council_name": config["COUNCIL_NAME"],
        "council_contact_email": config["COUNCIL_CONTACT_EMAIL"],
        "service_name": config["SERVICE_NAME"],
        "site_url": external_url("main.home"),
        "preferences_url": external_url("notifications.preferences"),
        "link": external_url,
    }


def _one_line(text: str) -> str:
    # A subject is one header line: folded white space also stops header injection.
    return _WHITESPACE.sub(" ", text).strip()[:250]


def _render(template: str, values: dict[str, Any], layout: dict[str, str]) -> Rendered:
    subject = _one_line(render_template(f"{template}.subject.txt", **values))
    values = {**values, "subject": subject}
    text = render_template(f"{template}.txt", layout=layout["txt"], **values)
    html = render_template(f"{template}.html", layout=layout["html"], **values)
    return Rendered(subject=subject, text=text.strip() + "\n", html=html)


def render_kind(kind: Kind, context: dict[str, Any], *, entry: bool = False) -> Rendered:
    """Render `kind` with `context`, as a whole email or (`entry`) as a daily-summary entry."""
    values = {**common_context(), **context, "kind": kind}
    return _render(kind.template, values, ENTRY_LAYOUT if entry else EMAIL_LAYOUT)


def render_page(template: str, context: dict[str, Any]) -> Rendered:
    """Render a whole message that is not a registered kind (the daily summary)."""
    return _render(template, {**common_context(), **context}, EMAIL_LAYOUT)
