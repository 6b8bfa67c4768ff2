"""The decision report: counts equal the database; costs, representative comments, versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from markupsafe import Markup
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.officer.services import RESPONSE_STATUSES
from consultation.plugin_system.base import Plugin, ReportSection
from consultation.plugin_system.hookspecs import hookimpl
from consultation.reports import services
from consultation.reports.forms import to_hundredths, to_pence
from consultation.reports.models import ChannelCost, FinalReport, RepresentativeComment
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)
from consultation.testing.html import by_id, error_summary, field_values, parse, text_of


@pytest.fixture
def officer(client):
    person = make_user("officer", email="olu@example.org", name="Olu Officer")
    client.login(person.email)
    return person


@pytest.fixture
def closed():
    """A closed consultation: two questions, two wards, web comments and staff-entered ones."""
    consultation = make_consultation("closed", slug="library-hours", title="Library hours")
    first = make_thread(consultation, title="Which hours suit you?", position=1)
    second = make_thread(consultation, title="Anything else?", position=2)
    north, south = make_ward("North Ward"), make_ward("South Ward")
    amir = make_user(email="amir@example.org", ward=north)
    bea = make_user(email="bea@example.org", ward=south)
    nobody = make_user(email="cy@example.org")  # no ward: "Ward not known"
    staff = make_user("assisted_digital", email="sam@example.org")
    comments = [
        make_comment(first, amir, "Later on Thursdays."),
        make_comment(first, bea, "Weekends matter more."),
        make_comment(second, nobody, "Keep the children's corner."),
        make_comment(
            first, None, "By phone: open at 8.", channel="phone", entered_by=staff, ward_id=north.id
        ),
        make_comment(second, None, "On paper: more seats.", channel="paper", entered_by=staff),
    ]
    reply = make_comment(first, bea, "Agreed.", parent=comments[0])
    refused = make_comment(second, amir, "Refused words.")
    refused.status = CommentStatus.REJECTED
    db.session.commit()
    return consultation, (first, second), (north, south), comments + [reply]


def _db_counts(consultation, column):
    return dict(
        db.session.execute(
            select(column, func.count(Comment.id))
            .join(Thread, Thread.id == Comment.thread_id)
            .where(Thread.consultation_id == consultation.id, Comment.status.in_(RESPONSE_STATUSES))
            .group_by(column)
        ).all()
    )


def test_report_counts_equal_the_database_per_channel_ward_and_thread(client, officer, closed):
    consultation, threads, wards, _comments = closed
    report = services.build(consultation)

    assert {x.key: x.count for x in report.by_channel} == _db_counts(consultation, Comment.channel)
    by_ward = {x.key: x.count for x in report.by_ward}
    stored = _db_counts(consultation, Comment.ward_id)
    assert by_ward["unknown"] == stored[None] == 2  # the ward-less resident and the paper form
    assert {k: v for k, v in by_ward.items() if k != "unknown" and v} == {
        str(k): v for k, v in stored.items() if k is not None
    }
    assert {x.key: x.count for x in report.by_thread} == {
        str(k): v for k, v in _db_counts(consultation, Comment.thread_id).items()
    }
    # Six responses: the refused comment is not one.
    assert report.total == 6 == sum(stored.values())

    page = client.get(f"/officer/consultations/{consultation.id}/report")
    assert page.status_code == 200
    shown = table_counts(page.text, "Responses by channel")
    assert shown == {line.label: line.count for line in report.by_channel}
    assert shown == {"Online": 4, "By phone": 1, "Received by post": 1}
    wards_shown = table_counts(page.text, "Responses by ward, and per 1,000 residents")
    assert wards_shown["Ward not known"] == 2
    assert wards_shown["North Ward"] == by_ward[str(wards[0].id)] == 2
    questions = table_counts(page.text, "Responses by question")
    assert questions == {"Which hours suit you?": 4, "Anything else?": 2}


def table_counts(html: str, caption: str) -> dict[str, int]:
    """Row header → first number of the table with this caption, as the page shows it."""
    for table in parse(html).iter("table"):
        found = table.find("caption")
        if found is not None and text_of(found) == caption:
            rows = {}
            for row in table.find("tbody").iter("tr"):
                header, first = row.find("th"), row.find("td")
                rows[text_of(header)] = int(text_of(first).replace(",", ""))
            return rows
    raise AssertionError(f"no table captioned {caption!r}")


def test_every_chart_is_an_accessible_svg_with_its_table(client, officer, closed):
    consultation = closed[0]
    html = client.get(f"/officer/consultations/{consultation.id}/report").text
    tree = parse(html)
    svgs = [e for e in tree.iter() if str(e.tag).endswith("svg")]
    assert len(svgs) == 4
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert by_id(html, title_id) is not None and by_id(html, desc_id) is not None
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]  # no chart script
    assert html.count('<table class="govuk-table">') >= 4
    assert "@media print" in html


def test_the_report_is_found_by_the_consultations_address_name(client, officer, closed):
    consultation = closed[0]
    answer = client.get("/officer/consultations/library-hours/report")
    assert answer.status_code == 301
    assert answer.headers["Location"].endswith(f"/officer/consultations/{consultation.id}/report")
    assert client.get("/officer/consultations/no-such-thing/report").status_code == 404


def test_the_report_works_with_no_plugin_loaded(client, officer, closed):
    consultation = closed[0]
    report = services.build(consultation)
    assert report.sections == []
    assert report.blocks == []
    assert client.get(f"/officer/consultations/{consultation.id}/report").status_code == 200


def test_over_time_counts_by_uk_day_and_by_week_for_long_consultations(officer):
    consultation = make_consultation("closed")
    thread = make_thread(consultation)
    start = utcnow() - timedelta(days=60)
    for days in (0, 0, 1, 40):
        make_comment(
            thread, None, "Hi.", channel="letter", received_at=start + timedelta(days=days)
        )
    period, lines = services.over_time(consultation)
    assert period == "week"
    assert sum(line.count for line in lines) == 4
    assert (
        lines[0].count == 3 or lines[0].count + lines[1].count == 3
    )  # days 0-1 span one or two weeks
    short = make_consultation("closed")
    short_thread = make_thread(short)
    make_comment(short_thread, None, "Hi.", channel="letter", received_at=start)
    make_comment(short_thread, None, "Hi.", channel="letter", received_at=start + timedelta(days=2))
    period, lines = services.over_time(short)
    assert period == "day"
    assert [line.count for line in lines] == [1, 0, 1]


# --- finalising ---------------------------------------------------------------------


def test_finalising_freezes_a_version_that_later_comments_do_not_change(client, officer, closed):
    consultation, (first, _second), _wards, _comments = closed
    url = f"/officer/consultations/{consultation.id}/report"
    response = client.submit(f"{url}/finalise", page=url)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}/final/1")
    frozen = client.get(f"{url}/final/1").text
    final = db.session.scalars(select(FinalReport)).one()
    assert final.data["total"] == 6

    # A double submit stores no second version.
    assert client.submit(f"{url}/finalise", page=url).status_code == 303
    assert db.session.scalar(select(func.count(FinalReport.id))) == 1

    make_comment(first, None, "A late letter.", channel="letter")
    assert _main(client.get(f"{url}/final/1").text) == _main(frozen)
    assert services.build(consultation).total == 7

    # Finalising again makes version 2; version 1 stays as it was.
    assert client.submit(f"{url}/finalise", page=url).status_code == 303
    db.session.expire_all()
    versions = {f.version: f.data["total"] for f in db.session.scalars(select(FinalReport))}
    assert versions == {1: 6, 2: 7}
    assert _main(client.get(f"{url}/final/1").text) == _main(frozen)
    events = db.session.scalars(select(AuditEvent).filter_by(action="report.finalise")).all()
    assert [e.actor_id for e in events] == [officer.id, officer.id]


def _main(html: str) -> str:
    """The frozen body, without the "latest version" note that the page adds around it."""
    start = html.index('<div class="app-report-section">')
    return html[start : html.index("</main>")]


def test_an_open_consultation_cannot_be_finalised(client, officer):
    consultation = make_consultation("open")
    url = f"/officer/consultations/{consultation.id}/report"
    page = client.get(url).text
    assert "The consultation has not closed" in page
    refused = client.submit(f"{url}/finalise", page=url)
    assert refused.status_code == 409
    assert any("has not closed" in line for line in error_summary(refused.text))
    assert db.session.scalar(select(func.count(FinalReport.id))) == 0


def test_an_unknown_final_version_is_not_found(client, officer, closed):
    consultation = closed[0]
    assert client.get(f"/officer/consultations/{consultation.id}/report/final/1").status_code == 404


# --- representative comments --------------------------------------------------------


def test_marking_a_comment_representative_shows_it_in_the_report_audited(client, officer, closed):
    consultation, _threads, _wards, comments = closed
    comment = comments[0]
    url = f"/officer/consultations/{consultation.id}/comments/{comment.id}/representative"
    assert client.get(url).status_code == 200
    data = {"note": "Stands for the many asking for later hours."}
    assert client.submit(url, data, page=url).status_code == 303
    assert client.submit(url, data, page=url).status_code == 303  # double submit: one mark
    assert db.session.scalar(select(func.count(RepresentativeComment.id))) == 1
    report = client.get(f"/officer/consultations/{consultation.id}/report").text
    assert "Stands for the many asking for later hours." in report
    assert "Later on Thursdays." in report

    assert client.submit(f"{url}/remove", page=url).status_code == 303
    assert db.session.scalar(select(func.count(RepresentativeComment.id))) == 0
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("report.representative%"))
    ).all()
    assert sorted(actions) == ["report.representative_mark", "report.representative_unmark"]


def test_only_a_published_comment_of_the_consultation_can_be_marked(client, officer, closed):
    consultation = closed[0]
    refused = db.session.scalar(select(Comment).filter_by(status=CommentStatus.REJECTED))
    url = f"/officer/consultations/{consultation.id}/comments/{refused.id}/representative"
    response = client.submit(url, {"note": "Typed text."}, page=url)
    assert response.status_code == 409
    assert error_summary(response.text) == [
        "Only a published comment can be marked as representative."
    ]
    assert "Typed text." in response.text
    other = make_comment(
        make_thread(make_consultation("closed")), None, "Elsewhere.", channel="letter"
    )
    elsewhere = f"/officer/consultations/{consultation.id}/comments/{other.id}/representative"
    assert client.get(elsewhere).status_code == 404


# --- costs ----------------------------------------------------------------------------


def test_cost_per_response_arithmetic(officer, closed):
    consultation = closed[0]
    # Online: 4 responses; 7.5 hours at £20.00 + £12.34 other = £162.34 → £40.585 → £40.59.
    services.save_cost(
        consultation,
        "web",
        staff_hours_hundredths=750,
        hourly_rate_pence=2000,
        printing_pence=0,
        venue_pence=0,
        other_pence=1234,
        other_note="Adverts",
        officer=officer,
    )
    # Phone: 1 response; 0.33 hours at £25.01 = 825.33p → 825p; + £1.00 venue.
    services.save_cost(
        consultation,
        "phone",
        staff_hours_hundredths=33,
        hourly_rate_pence=2501,
        printing_pence=0,
        venue_pence=100,
        other_pence=0,
        other_note="",
        officer=officer,
    )
    # Email: no responses, a cost recorded: shown, cost per response not known.
    services.save_cost(
        consultation,
        "email",
        staff_hours_hundredths=0,
        hourly_rate_pence=0,
        printing_pence=500,
        venue_pence=0,
        other_pence=0,
        other_note="",
        officer=officer,
    )
    report = services.build(consultation)
    lines = {line.channel: line for line in report.costs}
    assert lines["web"].responses == 4
    assert lines["web"].total_pence == 16234
    assert lines["web"].per_response_pence == 4059
    assert lines["phone"].total_pence == 925
    assert lines["phone"].per_response_pence == 925
    assert lines["email"].per_response_pence is None
    assert lines["paper"].cost is None and lines["paper"].total_pence == 0
    assert report.cost_total_pence == 16234 + 925 + 500
    assert report.cost_per_response_pence == (17659 * 2 + 6) // 12  # 2943.17 → 2943
    assert services.pounds(1234567) == "£12,345.67"
    assert services.hours(750) == "7.5" and services.hours(1200) == "12"


def test_money_and_hours_are_read_as_people_type_them():
    assert to_pence("£1,250.5") == 125050
    assert to_pence("0.99") == 99
    assert to_pence("") == 0
    assert to_pence("12.345") is None and to_pence("ten") is None and to_pence("1,25") is None
    assert to_hundredths("7.5") == 750 and to_hundredths("7.25") == 725
    assert to_hundredths("7.125") is None and to_hundredths("-1") is None


def test_the_costs_form_saves_audits_and_keeps_bad_input(client, officer, closed):
    consultation = closed[0]
    url = f"/officer/consultations/{consultation.id}/report/costs/paper"
    assert client.get(url).status_code == 200
    bad = client.submit(
        url,
        {
            "staff_hours": "seven",
            "hourly_rate": "20",
            "printing": "£12.345",
            "venue": "",
            "other": "5",
            "other_note": "",
        },
        page=url,
    )
    assert bad.status_code == 400
    assert error_summary(bad.text) == [
        "Staff hours must be a number of hours, like 7 or 7.5",
        "Printing and postage, in pounds must be an amount in pounds, like 120 or 120.50",
        "Say what the other costs were",
    ]
    assert field_values(bad.text)["staff_hours"] == "seven"
    assert db.session.scalar(select(func.count(ChannelCost.id))) == 0

    good = {
        "staff_hours": "3.5",
        "hourly_rate": "£22",
        "printing": "1,200.50",
        "venue": "",
        "other": "",
        "other_note": "",
    }
    assert client.submit(url, good, page=url).status_code == 303
    assert client.submit(url, good, page=url).status_code == 303  # the same again: no change
    cost = db.session.scalars(select(ChannelCost)).one()
    assert (cost.staff_hours_hundredths, cost.hourly_rate_pence, cost.printing_pence) == (
        350,
        2200,
        120050,
    )
    assert cost.total_pence == 7700 + 120050
    events = db.session.scalars(select(AuditEvent).filter_by(action="report.cost_save")).all()
    assert len(events) == 1 and events[0].actor_id == officer.id
    # The form shows what is stored.
    assert field_values(client.get(url).text)["printing"] == "1,200.50"
    report = client.get(f"/officer/consultations/{consultation.id}/report").text
    assert "£1,277.50" in report  # 3.5 h × £22 + £1,200.50; one paper response
    assert (
        client.get(
            f"/officer/consultations/{consultation.id}/report/costs/carrier-pigeon"
        ).status_code
        == 404
    )


def test_responses_per_thousand_residents_by_ward(officer, closed):
    consultation, _threads, (north, south), _comments = closed
    north.population = 4000
    db.session.commit()
    lines = {line.label: line for line in services.build(consultation).by_ward}
    # North: Amir's comment, the phone response and... Amir's ward only; Bea's reply is South.
    assert lines["North Ward"].count == 2
    assert lines["North Ward"].per_thousand == 0.5
    assert lines["South Ward"].per_thousand is None  # population not loaded


# --- the site-wide comparison --------------------------------------------------------


def test_the_comparison_page_shows_channel_mix_and_cost_per_response(client, officer, closed):
    consultation = closed[0]
    make_consultation("draft", title="Not yet opened")
    services.save_cost(
        consultation,
        "web",
        staff_hours_hundredths=1000,
        hourly_rate_pence=3000,
        printing_pence=0,
        venue_pence=0,
        other_pence=0,
        other_note="",
        officer=officer,
    )
    rows, channels = services.comparison()
    assert [row.consultation.id for row in rows] == [consultation.id]
    row = rows[0]
    assert row.responses == 6 and row.by_channel == {"web": 4, "phone": 1, "paper": 1}
    assert row.share("web") == 67
    assert row.per_response_pence == 5000
    assert channels[0] == "web"
    html = client.get("/officer/reports").text
    assert "Library hours" in html and "Not yet opened" not in html
    assert "£50.00" in html and "67%" in html
    assert sum(1 for e in parse(html).iter() if str(e.tag).endswith("svg")) == 2


# --- the plugin contract: a section may block finalising ---------------------------------


class Blocking(Plugin):
    """A plugin whose section blocks finalising until its `done` flag is set."""

    name = "probe"
    done = False

    @hookimpl
    def report_sections(self, consultation):
        reason = None if self.done else "Two post bags are not entered yet."
        return [ReportSection("probe_bags", "Post bags", Markup("<p>Bags.</p>"), {}, reason)]


def test_hook_report_sections_blocks_final_refuses_until_the_reason_goes(plugin_app):
    probe = Blocking()
    app = plugin_app(probe)
    client = app.test_client()
    officer = make_user("officer", email="olu@example.org")
    client.login(officer.email)
    consultation = make_consultation("closed")
    url = f"/officer/consultations/{consultation.id}/report"
    page = client.get(url).text
    assert "Two post bags are not entered yet." in page
    assert f'action="{url}/finalise"' not in page  # no button while blocked
    refused = client.submit(f"{url}/finalise", page=url)
    assert refused.status_code == 409
    assert error_summary(refused.text) == ["Post bags: Two post bags are not entered yet."]
    assert db.session.scalar(select(func.count(FinalReport.id))) == 0

    probe.done = True
    assert f'action="{url}/finalise"' in client.get(url).text
    assert client.submit(f"{url}/finalise", page=url).status_code == 303
    assert db.session.scalar(select(func.count(FinalReport.id))) == 1


ALL_PLUGINS = ("moderation", "offline_channel", "councillor_responses")


@pytest.mark.plugins(*ALL_PLUGINS)
def test_every_enabled_plugin_adds_its_sections(client, officer, closed):
    consultation = closed[0]
    names = [s.name for s in services.build(consultation).sections]
    for name in (
        "moderation_summary",
        "offline_channel_mix",
        "offline_channel_reconciliation",
        "offline_channel_late",
    ):
        assert name in names
    page = client.get(f"/officer/consultations/{consultation.id}/report")
    assert page.status_code == 200
    assert "Offline reconciliation" in page.text and "Moderation" in page.text


@pytest.mark.plugins(*ALL_PLUGINS, enabled=False)
def test_with_the_plugins_switched_off_the_report_still_counts_every_response(
    client, officer, closed
):
    consultation = closed[0]
    report = services.build(consultation)
    assert report.sections == [] and report.total == 6
    url = f"/officer/consultations/{consultation.id}/report"
    assert client.get(url).status_code == 200
    assert client.submit(f"{url}/finalise", page=url).status_code == 303


def test_every_report_form_needs_its_csrf_token_even_from_an_officer(client, officer, closed):
    consultation, _threads, _wards, comments = closed
    base = f"/officer/consultations/{consultation.id}"
    posts = {
        f"{base}/report/finalise": {},
        f"{base}/report/costs/web": {"staff_hours": "2", "hourly_rate": "20"},
        f"{base}/comments/{comments[0].id}/representative": {"note": "Typical."},
        f"{base}/comments/{comments[0].id}/representative/remove": {},
    }
    for url, data in posts.items():
        for token in (None, "IjEyMyI.forged.token"):
            sent = data | ({"csrf_token": token} if token else {})
            assert client.post(url, data=sent).status_code == 400, url
    assert db.session.scalar(select(func.count(FinalReport.id))) == 0
    assert db.session.scalar(select(func.count(ChannelCost.id))) == 0
    assert db.session.scalar(select(func.count(RepresentativeComment.id))) == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("report.%"))) is None


def test_over_time_counts_by_the_uk_day_not_the_utc_day(officer):
    from datetime import UTC, datetime

    consultation = make_consultation("closed")
    thread = make_thread(consultation)
    # 23:30 UTC on 1 July is 00:30 on 2 July in the UK (British Summer Time).
    for moment in (
        datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 7, 1, 23, 30, tzinfo=UTC),
    ):
        make_comment(thread, None, "Hi.", channel="letter", received_at=moment)
    period, lines = services.over_time(consultation)
    assert period == "day"
    assert {line.key: line.count for line in lines} == {"2026-07-01": 1, "2026-07-02": 1}


def test_hostile_ward_names_notes_and_comments_render_as_text(client, officer, closed):
    consultation, (first, _second), (north, _south), _comments = closed
    north.name = '<script>alert("ward")</script>'
    db.session.commit()
    hostile = make_comment(first, None, '<img src=x onerror=alert("c")>', channel="letter")
    url = f"/officer/consultations/{consultation.id}/comments/{hostile.id}/representative"
    note = '<b onmouseover=alert("note")>why</b>'
    assert client.submit(url, {"note": note}, page=url).status_code == 303
    html = client.get(f"/officer/consultations/{consultation.id}/report").text
    for raw in ('<script>alert("ward")', "<img src=x", "<b onmouseover"):
        assert raw not in html
    assert "&lt;script&gt;alert(" in html  # the ward's name, shown as typed (table and chart)
    assert "&lt;b onmouseover=" in html
