"""Every type of page the browser checks visit: ONE line per page type.

Each entry names the page, its address (`{name}` picks an id of the demo
data, see live_site.demo_ids), who looks at it, and optionally the button to
press first so the page shows its form errors. The axe, 320px-reflow and
screenshot tests all run over this list, once per role named.
"""

from __future__ import annotations

from dataclasses import dataclass

from browser_support import DEMO_EMAILS

#: None is a person who has not signed in.
SIGNED_IN: tuple[str | None, ...] = tuple(DEMO_EMAILS)
EVERYONE: tuple[str | None, ...] = (None, *SIGNED_IN)
SIGNED_OUT: tuple[str | None, ...] = (None,)
OFFICERS: tuple[str | None, ...] = ("officer", "admin")


@dataclass(frozen=True)
class PageType:
    """A kind of page: where it is, who sees it, what to press to show its errors."""

    name: str
    path: str
    roles: tuple[str | None, ...] = EVERYONE
    submit: str | None = None
    status: int = 200


HOURS = "/consultations/library-opening-hours"
HOURS_THREAD = HOURS + "/threads/{hours_thread}"
REPLY = HOURS_THREAD + "/comments/{resident_comment}/reply"
NEW = "/officer/consultations/new"
LIBRARY = "/officer/consultations/{library}"
PARKING = "/officer/consultations/{parking}"
OFFLINE = "/offline/library-opening-hours"
ASSISTED: tuple[str | None, ...] = ("assisted_digital",)
CR_LIBRARY = "/councillor-responses/consultations/{library}"
CR_ASK = CR_LIBRARY + "/threads/{hours_thread}/ask"
CR_ASK_COMMENT = CR_LIBRARY + "/comments/{resident_comment}/ask"
CR_ELECTION = "/councillor-responses/pre-election"
CR_REQUEST = "/councillor-responses/requests/{councillor_request}"
CR_PASS_ON = CR_REQUEST + "/pass-on"
MOD = "/moderation"
MODERATORS: tuple[str | None, ...] = ("moderator", "admin")
MOD_HELD = MOD + "/comments/{moderation_held}"
MOD_REJECTED = MOD + "/comments/{moderation_rejected}"

PAGES: list[PageType] = [
    PageType("home", "/"),
    PageType("consultation open", HOURS),
    PageType("consultation scheduled", "/consultations/parks-strategy-2027"),
    PageType("consultation with outcome", "/consultations/town-centre-parking"),
    PageType("thread", HOURS_THREAD),
    PageType("thread closed", "/consultations/town-centre-parking/threads/{parking_thread}"),
    PageType("thread comment error", HOURS_THREAD, SIGNED_IN, "Post comment", 400),
    PageType("reply", REPLY, SIGNED_IN),
    PageType("reply error", REPLY, SIGNED_IN, "Post reply", 400),
    PageType("sign in", "/auth/login", SIGNED_OUT),
    PageType("sign in error", "/auth/login", SIGNED_OUT, "Sign in", 400),
    PageType("register", "/auth/register", SIGNED_OUT),
    PageType("register error", "/auth/register", SIGNED_OUT, "Create account", 400),
    PageType("account", "/account/", SIGNED_IN),
    PageType("my comments", "/account/comments", SIGNED_IN),
    PageType("your data", "/account/data", SIGNED_IN),
    PageType("delete account", "/account/delete", ("resident",)),
    PageType("delete account error", "/account/delete", ("resident",), "Delete my account", 400),
    PageType("delete account staff", "/account/delete", ("officer", "councillor")),
    PageType("accessibility statement", "/accessibility"),
    PageType("privacy notice", "/privacy"),
    PageType("page not found", "/no-such-page", status=404),
    PageType("not allowed", "/officer/", ("resident",), status=403),
    # --- officer console
    PageType("officer dashboard", "/officer/", OFFICERS),
    PageType("officer audit log", "/officer/audit", OFFICERS),
    PageType("officer new consultation", NEW, OFFICERS),
    PageType("officer new consultation error", NEW, OFFICERS, "Save as draft", 400),
    PageType("officer consultation open", LIBRARY, OFFICERS),
    PageType("officer consultation scheduled", "/officer/consultations/{parks}", OFFICERS),
    PageType("officer consultation with outcome", PARKING, OFFICERS),
    PageType("officer preview", "/officer/consultations/{parks}/preview", OFFICERS),
    PageType("officer edit consultation", LIBRARY + "/edit", OFFICERS),
    PageType("officer extend", LIBRARY + "/extend", OFFICERS),
    PageType("officer extend error", LIBRARY + "/extend", OFFICERS, "Extend the closing date", 400),
    PageType("officer close early", LIBRARY + "/close", OFFICERS),
    PageType(
        "officer close error", LIBRARY + "/close", OFFICERS, "Close the consultation now", 400
    ),
    PageType("officer new question", LIBRARY + "/threads/new", OFFICERS),
    PageType(
        "officer new question error", LIBRARY + "/threads/new", OFFICERS, "Save question", 400
    ),
    PageType("officer question", LIBRARY + "/threads/{hours_thread}", OFFICERS),
    PageType("officer edit question", LIBRARY + "/threads/{hours_thread}/edit", OFFICERS),
    PageType("officer outcome", PARKING + "/outcome", OFFICERS),
    PageType("officer new outcome point", PARKING + "/outcome/points/new", OFFICERS),
    PageType("officer people", "/officer/people", ("admin",)),
    PageType("officer person", "/officer/people/{resident_user}", ("admin",)),
    PageType("subject access", "/officer/subject-access?q=example.org", ("admin",)),
    PageType("subject access error", "/officer/subject-access?q=ab", ("admin",), status=400),
    PageType("erase account", "/officer/people/{resident_user}/erase", ("admin",)),
    PageType(
        "erase account error",
        "/officer/people/{resident_user}/erase",
        ("admin",),
        "Erase the account",
        400,
    ),
    # --- the decision report (demo: costs, a marked comment and version 1 on parking)
    PageType("officer decision report", PARKING + "/report", OFFICERS),
    PageType("officer decision report final version", PARKING + "/report/final/1", OFFICERS),
    PageType("officer report costs", PARKING + "/report/costs/web", OFFICERS),
    PageType(
        "officer representative comment",
        LIBRARY + "/comments/{resident_comment}/representative",
        OFFICERS,
    ),
    PageType("officer reports compared", "/officer/reports", OFFICERS),
    # --- exports and the learning log (demo: parking has its outcome, so it can be evaluated)
    PageType("officer export", LIBRARY + "/export", OFFICERS),
    PageType("learning log", "/officer/learning", OFFICERS),
    PageType("learning evaluation", PARKING + "/evaluation", OFFICERS),
    PageType(
        "learning evaluation error", PARKING + "/evaluation", OFFICERS, "Save the evaluation", 400
    ),
    PageType("learning evaluation not yet", LIBRARY + "/evaluation", OFFICERS, status=409),
    # --- plugin switches
    PageType("plugins", "/officer/plugins/", OFFICERS),
    PageType("plugin", "/officer/plugins/moderation", OFFICERS),
    PageType(
        "plugin error", "/officer/plugins/moderation", OFFICERS, "Save for this consultation", 400
    ),
    # --- the bundled plugins' own pages
    PageType("moderation queue", "/moderation/", ("moderator", "admin")),
    PageType("offline responses", "/offline/", ("assisted_digital", "admin")),
    PageType("offline entry", OFFLINE + "/enter", ASSISTED),
    PageType("offline entry error", OFFLINE + "/enter", ASSISTED, "Save response", 400),
    PageType("offline import", OFFLINE + "/import", ASSISTED),
    PageType("offline import error", OFFLINE + "/import", ASSISTED, "Check and import", 400),
    PageType("offline batches", OFFLINE + "/batches", ASSISTED),
    PageType("offline batches error", OFFLINE + "/batches", ASSISTED, "Start batch", 400),
    PageType("offline paper form", OFFLINE + "/paper-form", ASSISTED),
    PageType("offline channel mix", OFFLINE + "/channel-mix", ("assisted_digital", "officer")),
    PageType("offline equality", OFFLINE + "/equality", ("assisted_digital", "officer")),
    PageType("offline response", OFFLINE + "/responses/{offline_response}", ASSISTED),
    PageType("offline correction", OFFLINE + "/responses/{offline_response}/correct", ASSISTED),
    PageType(
        "offline correction error",
        OFFLINE + "/responses/{offline_response}/correct",
        ASSISTED,
        "Save correction",
        400,
    ),
    # --- email: choices, forgotten password, emailed links, the outbox
    PageType("email notifications", "/account/notifications", ("resident", "admin")),
    PageType("forgotten password", "/auth/forgot-password", SIGNED_OUT),
    PageType(
        "forgotten password error", "/auth/forgot-password", SIGNED_OUT, "Send me a link", 400
    ),
    PageType("emailed link not valid", "/auth/reset-password/not-issued", SIGNED_OUT, status=400),
    PageType("outbox", "/officer/outbox", ("admin",)),
    # --- councillor responses (plugin); its demo requests come from `… seed-demo`
    PageType("councillor responses dashboard", "/councillor-responses/", ("councillor",)),
    PageType("councillor responses request", CR_REQUEST, ("councillor",)),
    PageType("councillor responses request error", CR_REQUEST, ("councillor",), "Post reply", 400),
    PageType("councillor responses pass on", CR_PASS_ON, ("councillor",)),
    PageType("councillor responses pass on error", CR_PASS_ON, ("councillor",), "Pass it on", 400),
    PageType("councillor responses report", "/councillor-responses/report", OFFICERS),
    PageType("councillor responses consultation", CR_LIBRARY, OFFICERS),
    PageType("councillor responses ask", CR_ASK, OFFICERS),
    PageType("councillor responses ask error", CR_ASK, OFFICERS, "Ask for a response", 400),
    PageType("councillor responses ask about a comment", CR_ASK_COMMENT, OFFICERS),
    PageType("councillor responses councillors", "/councillor-responses/councillors", OFFICERS),
    PageType("councillor responses pre-election", CR_ELECTION, ("admin",)),
    PageType(
        "councillor responses pre-election error", CR_ELECTION, ("admin",), "Add the period", 400
    ),
    # --- moderation (plugin); its demo records come from `flask moderation seed-demo`
    PageType("moderation queue error", MOD + "/", ("moderator",), "Approve selected", 400),
    PageType("moderation decided", MOD + "/?state=decided", ("moderator",)),
    PageType("moderation comment", MOD_HELD, MODERATORS),
    PageType("moderation comment error", MOD_HELD, ("moderator",), "Save decision", 400),
    PageType("house rules", MOD + "/house-rules"),
    PageType("moderation summary", MOD + "/consultations/library-opening-hours/summary"),
    PageType("report a comment", MOD + "/comments/{councillor_reply}/report", ("resident",)),
    PageType(
        "report a comment error",
        MOD + "/comments/{councillor_reply}/report",
        ("resident",),
        "Report comment",
        400,
    ),
    PageType("edit a rejected comment", MOD_REJECTED + "/edit", ("resident",)),
    PageType("ask for a review", MOD_REJECTED + "/appeal", ("resident",)),
    PageType(
        "ask for a review error", MOD_REJECTED + "/appeal", ("resident",), "Ask for a review", 400
    ),
    PageType("moderation words", MOD + "/words", OFFICERS),
    PageType("moderation words error", MOD + "/words", OFFICERS, "Add to the list", 400),
    PageType("moderation modes", MOD + "/modes", OFFICERS),
    PageType("moderation mode", MOD + "/consultations/{library}/mode", OFFICERS),
]


def cases() -> list:
    """(page type, role) pairs as pytest parameters with readable ids."""
    import pytest

    return [
        pytest.param(page_type, role, id=f"{page_type.name}--{role or 'signed-out'}")
        for page_type in PAGES
        for role in page_type.roles
    ]
