"""The floor: the least a Flask page showing a thread's comments can cost.

One query for the thread's N newest published top-level comments (with the
author's name; the index range that serves the real page serves it), one
template compiled once at import, nothing else: no sessions, no CSRF, no
permissions, no plugins. The real thread page is measured against
this in the same run, and the ratio project ÷ floor is the figure that counts.

    DATABASE_URL=sqlite:///$PWD/bench/.data/sqlite-1000.db \
        gunicorn -w 2 -b 127.0.0.1:8001 --chdir bench floor:app
"""

from __future__ import annotations

import os

from flask import Flask, request
from jinja2 import Environment
from sqlalchemy import create_engine, text

_url = os.environ["DATABASE_URL"]
if _url.startswith(("postgres://", "postgresql://")):
    _url = "postgresql+psycopg://" + _url.split("://", 1)[1]
engine = create_engine(_url)

QUERY = text(
    "SELECT c.id, c.body_html, c.created_at, u.display_name FROM comment c "
    "LEFT JOIN user_account u ON u.id = c.author_id "
    "WHERE c.thread_id = :thread AND c.status = 'published' AND c.parent_id IS NULL "
    "ORDER BY c.created_at DESC LIMIT :n"
)

TEMPLATE = Environment(autoescape=True).from_string(
    """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Thread {{ thread }}</title></head><body><main><h1>Thread {{ thread }}</h1>
{% for c in comments %}<article id="comment-{{ c.id }}"><p><strong>{{ c.display_name }}</strong>
<time>{{ c.created_at }}</time></p><div>{{ c.body_html | safe }}</div></article>
{% endfor %}</main></body></html>"""
)

app = Flask(__name__)


@app.route("/threads/<int:thread>")
def thread_page(thread: int) -> str:
    """The `n` (default 100) newest published top-level comments of `thread`."""
    n = min(request.args.get("n", 100, type=int), 1000)
    with engine.connect() as conn:
        comments = conn.execute(QUERY, {"thread": thread, "n": n}).all()
    return TEMPLATE.render(thread=thread, comments=comments)


@app.route("/hello")
def hello() -> str:
    """A bare page: what Flask and gunicorn alone cost on this machine."""
    return "hello"


@app.route("/healthz")
def healthz() -> str:
    """Readiness for the bench harness."""
    return "ok"
