"""Equality monitoring: optional answers kept apart, shown only as aggregates of large groups.

The scan enters a small group with distinctive answers, then asks for every
page the core and the plugin serve, as every role, and looks for them.
"""

import csv
import io
import re
from datetime import date

import pytest
from consultation_offline_channel import equality
from consultation_offline_channel.models import OfflineEquality, OfflineResponse
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff

from consultation.plugin_api import Comment, db
from consultation.testing.access import ROLES, client_as, make_people

pytestmark = pytest.mark.plugins("offline_channel")

#: Answers few respondents give, so any page showing them per person would give it away.
DISTINCTIVE = {
    "age_band": "75_plus",
    "sex": "female",
    "disability": "yes",
    "ethnic_group": "black",
}
LABELS = ("75 or over", "Black, Black British, Caribbean or African", "Under 18", "Mixed or")
#: The entry form lists every answer as an option; on it, none may be pre-selected.
OPTION_PAGES = ("/enter",)


def _enter(client, consultation, first, n: int, **answers) -> None:
    page = enter_url(consultation)
    data = entry_data(first, token=f"{n:032d}", **answers)
    response = client.submit(page, data, page=page)
    assert response.status_code == 302, response.text[:500]


def _import(client, consultation, rows: list[dict]) -> None:
    header = [*equality.QUESTIONS, "paper_reference", "channel", "date_received"]
    header += ["privacy_notice_given", "question_1"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    page = f"/offline/{consultation.slug}/import"
    response = client.submit(
        page,
        {"file": (io.BytesIO(out.getvalue().encode()), "forms.csv")},
        page=page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text[:2000]


def _csv_row(reference: str, **answers) -> dict:
    return {
        "paper_reference": reference,
        "channel": "paper",
        "date_received": date.today().isoformat(),
        "privacy_notice_given": "yes",
        "question_1": f"Answer on form {reference}.",
        **answers,
    }


def test_answers_are_optional_and_stored_apart_from_the_response(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    _enter(client, consultation, first, 1)  # none given: no row at all
    _enter(client, consultation, first, 2, **DISTINCTIVE)
    _enter(client, consultation, first, 3, sex="prefer_not_to_say")
    rows = db.session.scalars(db.select(OfflineEquality).order_by(OfflineEquality.response_id))
    stored = [(r.age_band, r.sex, r.disability, r.ethnic_group) for r in rows]
    assert stored == [
        ("75_plus", "female", "yes", "black"),
        (None, "prefer_not_to_say", None, None),
    ]
    # The response and its comments hold nothing of it.
    for response in db.session.scalars(db.select(OfflineResponse)).all():
        assert "black" not in repr(vars(response)) and "75_plus" not in repr(vars(response))


def test_an_unknown_answer_is_refused_with_its_column(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    response = client.submit(page, entry_data(first, ethnic_group="martian"), page=page)
    assert response.status_code == 400
    assert "Not a valid choice" in response.text
    header = "paper_reference,channel,date_received,privacy_notice_given,question_1,age_band\n"
    body = header + "P-1,paper,2026-11-20,yes,An answer.,ninety\n"
    page = f"/offline/{consultation.slug}/import"
    response = client.submit(
        page,
        {"file": (io.BytesIO(body.encode()), "forms.csv")},
        page=page,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "age_band" in response.text and "under_18" in response.text
    assert db.session.scalar(db.select(db.func.count(OfflineEquality.response_id))) == 0


@pytest.mark.parametrize(
    ("counts", "minimum", "hidden"),
    [
        # Nothing small: nothing hidden.
        ({"a": 12, "b": 10, "c": 15}, 10, set()),
        # One small cell would be total minus the rest: the next smallest goes too.
        ({"a": 3, "b": 12, "c": 20}, 10, {"a", "b"}),
        # Two small cells that together still make fewer than 10: a third goes.
        ({"a": 2, "b": 3, "c": 11, "d": 30}, 10, {"a", "b", "c"}),
        # Two small cells that make 10 or more together are enough.
        ({"a": 6, "b": 7, "c": 30}, 10, {"a", "b"}),
        # Zeros are hidden too, but hiding only zeros gives nobody away.
        ({"a": 0, "b": 12, "c": 20}, 10, {"a"}),
        ({"a": 0, "b": 1, "c": 25}, 10, {"a", "b", "c"}),
        ({"a": 4, "b": 4}, 5, {"a", "b"}),
    ],
)
def test_suppression_hides_small_cells_and_any_cell_that_would_give_them_away(
    counts, minimum, hidden
):
    assert equality.suppress(counts, minimum) == hidden
    # Whatever is hidden is either nobody or at least a minimum group together.
    held = sum(counts[c] for c in hidden)
    assert held == 0 or held >= minimum


def test_the_aggregate_page_shows_only_groups_of_the_minimum_size(client, app):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = f"/offline/{consultation.slug}/equality"
    # 3 responses: too few for any table.
    for n in range(3):
        _enter(client, consultation, first, n, **DISTINCTIVE)
    html = client.get(page).text
    assert "Fewer than 10 offline responses, so no equality counts are shown" in html
    assert "75 or over" not in html and "Black, Black British" not in html
    # 3 black respondents (above), 12 white and 11 Asian: 26 in all. The 3 are hidden,
    # and so is the next smallest count (11), so 26 minus the shown 12 gives nothing away.
    rows = [_csv_row(f"W-{n}", ethnic_group="white", sex="male") for n in range(12)]
    rows += [_csv_row(f"A-{n}", ethnic_group="asian", sex="female") for n in range(11)]
    _import(client, consultation, rows)
    html = client.get(page).text
    table = _table(html, "Ethnic group")
    assert table["Black, Black British, Caribbean or African"] == "fewer than 10"
    assert table["Asian or Asian British"] == "not shown"
    assert table["White"] == "12"
    assert 26 - sum(int(v) for v in table.values() if v.isdigit()) >= 10
    sex = _table(html, "Sex")
    assert (sex["Female"], sex["Male"], sex["Not answered"]) == ("14", "12", "fewer than 10")
    # Every number on the page is the total or a count of at least 10.
    for cells in (table, sex, _table(html, "Age")):
        assert all(not v.isdigit() or int(v) >= 10 for v in cells.values())
    # The decision report's section and data say the same, with None for hidden cells.
    from consultation.plugin_api import report_sections

    with app.test_request_context():
        [section] = [
            s for s in report_sections(consultation) if s.name == "offline_channel_equality"
        ]
    assert section.data["tables"]["ethnic_group"]["black"] is None
    assert section.data["tables"]["ethnic_group"]["asian"] is None
    assert section.data["tables"]["sex"]["male"] == 12
    assert "fewer than 10" in str(section.html)


def test_the_minimum_group_size_comes_from_config(client, app):
    staff()
    app.config["OFFLINE_CHANNEL_EQUALITY_MIN_GROUP"] = 3
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    for n in range(4):
        _enter(client, consultation, first, n, sex="female")
    html = client.get(f"/offline/{consultation.slug}/equality").text
    assert _table(html, "Sex")["Female"] == "4"
    assert "fewer than 3" in html


def _table(html: str, caption: str) -> dict[str, str]:
    """The rows of the table with `caption`: answer → what the count cell says."""
    start = html.index(f'govuk-table__caption--s">{caption}<')
    end = html.index("</table>", start)
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>',
        html[start:end],
    )
    return {label.replace("&#39;", "'"): value for label, value in rows}


def _urls(app, values: dict) -> list[str]:
    """Every GET page of the app, with its placeholders filled; rules it cannot fill are skipped."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        for fmt in ("csv", "json"):
            filled = {k: values[k] for k in rule.arguments} | {
                k: fmt for k in ("ext", "fmt") if k in rule.arguments
            }
            # Built from the rule itself: every rule is visited, whatever its endpoint shares.
            built = rule.build(filled, append_unknown=False)
            if built is not None:
                urls.append(built[1])
    return sorted(set(urls))


def test_equality_answers_appear_on_no_page_but_the_aggregates(client, app):
    clerk = staff()
    consultation, first, second = consultation_with_questions()
    client.login(STAFF)
    # A small group with distinctive answers, entered on the form and imported.
    for n in range(2):
        _enter(client, consultation, first, n, **DISTINCTIVE)
    _import(
        client,
        consultation,
        [_csv_row("E-1", age_band="under_18", ethnic_group="mixed", disability="yes")],
    )
    batch = client.submit(
        f"/offline/{consultation.slug}/batches",
        {
            "name": "Library drop-in",
            "received_on-day": "1",
            "received_on-month": "11",
            "received_on-year": "2026",
            "channel": "event",
            "expected": "5",
        },
        page=f"/offline/{consultation.slug}/batches",
    )
    assert batch.status_code == 302
    # What the entry's confirmation shows: the form comes back empty.
    after = client.get(enter_url(consultation)).text
    assert not re.search(r'name="(age_band|sex|disability|ethnic_group)"[^>]*checked', after)
    client.logout()

    response = db.session.scalars(db.select(OfflineResponse)).first()
    comment = db.session.scalars(db.select(Comment).where(Comment.channel == "paper")).first()
    values = {
        "slug": consultation.slug,
        "consultation_id": consultation.id,
        "thread_id": first.id,
        "comment_id": comment.id,
        "response_id": response.id,
        "batch_id": int(batch.headers["Location"].rsplit("/", 1)[1]),
        "user_id": clerk.id,
        "channel": "paper",
        "name": "offline_channel",
        "version": 1,
    }
    urls = _urls(app, values)
    assert len(urls) > 40, urls  # the scan reaches the core's pages and the plugin's
    people = make_people()
    people["assisted_digital"] = clerk
    seen = 0
    for role in ROLES:
        browser = client_as(app, people[role])
        pages = [(url, browser.get(url)) for url in urls]
        if role == "officer":
            token = browser.csrf_token(f"/officer/consultations/{consultation.id}/export")
            for fmt in ("csv", "json"):
                pages.append(
                    (
                        f"export {fmt}",
                        browser.post(
                            f"/officer/consultations/{consultation.id}/export",
                            data={
                                "csrf_token": token,
                                "format": fmt,
                                "personal": "y",
                                "reason": "To check what an export holds.",
                            },
                        ),
                    )
                )
        for url, page in pages:
            text = page.get_data(as_text=True)
            if url.startswith("export"):
                assert page.status_code == 200 and "Answer on form E-1" in text, url
            seen += page.status_code == 200
            if url.endswith(OPTION_PAGES) or url.endswith("/correct"):
                assert not re.search(
                    r'name="(age_band|sex|disability|ethnic_group)"[^>]*checked', text
                ), (role, url)
                continue
            for label in LABELS:
                assert label not in text, (role, url, label)
            if "/import" not in url:  # the import page documents the codes of its columns
                for code in ("75_plus", "under_18"):
                    assert code not in text, (role, url, code)
    assert seen > 100  # the pages were really served, not all refused
