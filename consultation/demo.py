"""Demo data: one account per role, three wards, three consultations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from consultation.auth import services as auth_services
from consultation.auth.models import User, Ward
from consultation.comments.services import post_comment
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomePoint, OutcomeVersion
from consultation.outcomes.services import snapshot
from consultation.sanitiser import markdown_html

DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("resident@example.org", "Sam Resident", ("resident",), "North Ward"),
    ("councillor@example.org", "Alex Morgan", ("councillor",), "North Ward"),
    ("officer@example.org", "Priya Officer", ("officer",), None),
    ("moderator@example.org", "Jo Moderator", ("moderator",), None),
    ("assisted@example.org", "Chris Assisted", ("assisted_digital",), None),
    ("admin@example.org", "Admin User", ("admin", "officer"), None),
)

WARDS = (
    ("E05000001", "North Ward"),
    ("E05000002", "Riverside Ward"),
    ("E05000003", "Old Town Ward"),
)


class DemoRefused(Exception):
    """The database holds real data; demo data must not be mixed into it."""


def seed_demo(password: str) -> list[tuple[str, tuple[str, ...]]]:
    """Create the demo data and return the accounts made (empty if already there)."""
    real_users = db.session.scalar(select(func.count(User.id)).where(User.is_demo.is_(False)))
    if real_users:
        raise DemoRefused(
            f"The database holds {real_users} account(s) that seed-demo did not create. "
            "Demo data is only for an empty database."
        )
    if db.session.scalar(select(func.count(User.id))):
        return []
    wards = {name: Ward(code=code, name=name) for code, name in WARDS}
    db.session.add_all(wards.values())
    db.session.flush()
    users = {}
    for email, name, roles, ward in DEMO_ACCOUNTS:
        users[roles[0]] = auth_services.register(
            email,
            name,
            password,
            ward_id=wards[ward].id if ward else None,
            roles=roles,
            is_demo=True,
        )
    now = utcnow()
    officer = users["officer"]
    # Staff belong to a team: the officer console lists their team's consultations first.
    officer.team = users["admin"].team = "engagement"

    def consultation(slug, title, summary, body, status, opens, closes, **extra):
        item = Consultation(
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            body_html=str(markdown_html(body)),
            status=status,
            opens_at=opens,
            closes_at=closes,
            created_by_id=officer.id,
            decision_maker=extra.pop("decision_maker", "Cabinet"),
            **extra,
        )
        db.session.add(item)
        return item

    library = consultation(
        "library-opening-hours",
        "Library opening hours",
        "We propose new opening hours for the three town libraries. Tell us what works for you.",
        "## What we propose\n\nOpen **later on weekdays** (until 8pm) and close on Monday "
        "mornings.\n\n- Central Library\n- Riverside Library\n- Old Town Library\n\n"
        "Read the [equality impact assessment](https://example.org/eqia).",
        Lifecycle.OPEN,
        now - timedelta(days=10),
        now + timedelta(days=20),
        decision_due=(now + timedelta(days=60)).date(),
        owning_team="engagement",
    )
    library.wards = list(wards.values())
    parks = consultation(
        "parks-strategy-2027",
        "Parks and green spaces strategy 2027",
        "Help shape how we look after parks for the next ten years.",
        "Our draft strategy covers play areas, trees, and wildlife.",
        Lifecycle.SCHEDULED,
        now + timedelta(days=5),
        now + timedelta(days=47),
    )
    parking = consultation(
        "town-centre-parking",
        "Town centre parking charges",
        "We asked about changes to parking charges in the town centre.",
        "We proposed free parking after 6pm and a new residents' permit zone.",
        Lifecycle.OUTCOME_PUBLISHED,
        now - timedelta(days=90),
        now - timedelta(days=30),
        decision_due=(now - timedelta(days=5)).date(),
    )
    parking.wards = [wards["Old Town Ward"]]
    db.session.flush()

    threads = {}
    for item, questions in (
        (library, ("Which opening hours would suit you?", "What else should libraries offer?")),
        (parks, ("What do you value most in our parks?",)),
        (parking, ("What do you think of free parking after 6pm?",)),
    ):
        for position, title in enumerate(questions):
            thread = Thread(
                consultation_id=item.id,
                title=title,
                position=position,
                prompt_html="",
                created_by_id=officer.id,
            )
            thread.consultation = item
            db.session.add(thread)
            threads[title] = thread
    db.session.flush()

    first = threads["Which opening hours would suit you?"]
    resident, councillor = users["resident"], users["councillor"]
    comment = post_comment(
        thread=first,
        token="demo-1",
        author=resident,
        body="Later opening would help me: I work until 6pm.\n\n"
        "Please keep Saturday mornings as they are.",
    ).comment
    post_comment(
        thread=first,
        token="demo-2",
        author=councillor,
        parent=comment,
        body="Thank you – Saturday hours are not changing under this proposal.",
    )
    evening = post_comment(
        thread=threads["What do you think of free parking after 6pm?"],
        token="demo-3",
        author=resident,
        enforce_open=False,
        body="Free evening parking would bring people back to the town centre.",
    ).comment
    outcome = Outcome(
        consultation_id=parking.id,
        we_asked="Whether parking should be free after 6pm.",
        we_asked_html=str(markdown_html("Whether parking should be free after 6pm.")),
        you_said="Most of the 214 responses supported free evening parking.",
        you_said_html=str(
            markdown_html("Most of the 214 responses supported free evening parking.")
        ),
        we_did="Cabinet agreed free parking after 6pm from April.",
        we_did_html=str(markdown_html("Cabinet agreed free parking after 6pm from April.")),
        decision="Free parking after 6pm in council car parks from 1 April.",
        decision_maker="Cabinet",
        decision_date=(now - timedelta(days=10)).date(),
        decision_url="https://example.org/decisions/parking",
        published_at=now - timedelta(days=9),
        published_by_id=officer.id,
    )
    point = "You asked for free evening parking: it starts on 1 April."
    # The decision trail: the point answers the question and the resident's comment.
    outcome.points = [
        OutcomePoint(
            body=point,
            body_html=str(markdown_html(point)),
            threads=[threads["What do you think of free parking after 6pm?"]],
            comments=[evening],
        )
    ]
    db.session.add(outcome)
    db.session.flush()
    outcome.versions = [
        OutcomeVersion(
            number=1,
            content=snapshot(outcome),
            published_at=outcome.published_at,
            published_by_id=officer.id,
        )
    ]
    # The decision report: populations, costs, letters and calls, a representative comment.
    from consultation.reports import demo as report_demo

    report_demo.seed(
        parking,
        library,
        threads["What do you think of free parking after 6pm?"],
        evening.id,
        officer,
        users["assisted_digital"],
    )
    db.session.commit()
    # The demo shows the bundled plugins: those that ask for it are switched on.
    from consultation.plugin_system.services import enable_demo_plugins

    enable_demo_plugins()
    # With the plugins on, so their sections are in it: one final version of the report.
    report_demo.freeze(parking, officer)
    return [(email, roles) for email, _name, roles, _ward in DEMO_ACCOUNTS]
