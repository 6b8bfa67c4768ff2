"""What the public sees: notices on threads and comments, counts beside each consultation,
councillor pages when the council allows them; all gone (data kept) when the plugin is off."""

import re
from datetime import UTC, datetime

import pytest
from consultation_councillor_responses import rules, services, standing
from consultation_councillor_responses.models import PassOn, RequestStatus, ResponseRequest
from sqlalchemy import func, select

from consultation.plugin_api import db
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment, make_thread

pytestmark = pytest.mark.plugins("councillor_responses")


def counts_on(page: str) -> dict[str, str]:
    """The figures in the consultation page's "Councillor responses" box."""
    box = page.split('id="councillor-responses-heading"', 1)[1].split("</aside>", 1)[0]
    keys = re.findall(r'summary-list__key">\s*(.*?)\s*</dt>', box, re.S)
    values = re.findall(r'summary-list__value">\s*(.*?)\s*</dd>', box, re.S)
    return dict(zip(keys, values, strict=True))


def answer(request: ResponseRequest, councillor, text: str) -> None:
    services.answer(request, councillor, text, token=f"answer-{request.id}")


def test_the_consultation_page_counts_on_time_late_and_outstanding(client, council, clock):
    threads = [council.thread] + [
        make_thread(council.consultation, f"Question {n}") for n in range(2, 6)
    ]
    for thread in threads:
        services.ask(thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer)
    on_time, late, overdue, waiting, referred = (
        db.session.scalars(select(ResponseRequest).order_by(ResponseRequest.id)).unique().all()
    )
    answer(on_time, council.north_councillor, "Answered the same day.")
    services.pass_on(
        referred, council.north_councillor, PassOn.REFERRED, ward_id=None, detail="Officer matter."
    )
    # 7 January: one day after they were all due.
    clock.move_to(datetime(2027, 1, 7, 10, tzinfo=UTC))
    answer(late, council.north_councillor, "Sorry for the wait.")

    page = client.get("/consultations/library-hours").get_data(as_text=True)

    assert "5 requests for a councillor response" in page
    assert counts_on(page) == {
        "Answered on time": "1",
        "Answered late": "1",
        "Outstanding": "2 (2 overdue)",
        "Passed to an officer": "1",
    }
    by_status = dict(
        db.session.execute(
            select(ResponseRequest.status, func.count()).group_by(ResponseRequest.status)
        ).all()
    )
    assert by_status == {"answered": 2, "awaiting": 2, "referred": 1}
    assert {overdue.id, waiting.id} == {
        r.id for r in standing.requests_of(council.consultation.id) if r.is_open
    }


def test_the_thread_and_the_comment_say_who_replied_and_when(client, council):
    rules.set_route(council.thread, True, actor=council.officer)
    make_comment(council.thread, council.resident, "Will Sunday opening cost more?")
    request = db.session.scalars(select(ResponseRequest)).unique().one()
    thread_page = f"/consultations/library-hours/threads/{council.thread.id}"

    before = client.get(thread_page).get_data(as_text=True)
    assert "A councillor response is expected by 6 January 2027" in before

    answer(request, council.north_councillor, "No, it is within the current budget.")
    after = client.get(thread_page).get_data(as_text=True)
    assert "Cllr Alex Morgan replied on 18 December 2026" in after
    assert "Councillor response" in after


def test_switching_the_plugin_off_removes_the_notices_and_the_dashboard_and_keeps_the_data(
    client, council, runner
):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    thread_page = f"/consultations/library-hours/threads/{council.thread.id}"
    client.login("north@example.org")
    assert client.get("/councillor-responses/").status_code == 200
    assert "expected by 6 January 2027" in client.get(thread_page).get_data(as_text=True)

    assert runner.invoke(args=["plugins", "disable", "councillor_responses"]).exit_code == 0

    assert client.get("/councillor-responses/").status_code == 404
    assert "expected by" not in client.get(thread_page).get_data(as_text=True)
    page = client.get("/consultations/library-hours").get_data(as_text=True)
    assert "requests for a councillor response" not in page
    assert db.session.scalar(select(func.count(ResponseRequest.id))) == 1

    assert runner.invoke(args=["plugins", "enable", "councillor_responses"]).exit_code == 0
    assert "expected by 6 January 2027" in client.get(thread_page).get_data(as_text=True)


def test_switching_off_for_one_consultation_hides_its_requests_from_the_dashboard(
    client, council, runner
):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    result = runner.invoke(
        args=["plugins", "disable", "councillor_responses", "--consultation", "library-hours"]
    )
    assert result.exit_code == 0, result.output
    client.login("north@example.org")
    board = client.get("/councillor-responses/").get_data(as_text=True)
    assert "Nothing is waiting for your response." in board


def test_a_councillors_public_page_shows_their_record_only_when_the_council_allows_it(
    client, council
):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = db.session.scalars(select(ResponseRequest)).unique().one()
    answer(request, council.north_councillor, "Thank you for asking.")
    url = f"/councillor-responses/councillors/{council.north_councillor.id}"
    assert client.get(url).status_code == 404

    thread_page = f"/consultations/library-hours/threads/{council.thread.id}"
    assert "response record" not in client.get(thread_page).get_data(as_text=True)

    save_settings("councillor_responses", {"councillor_responses_public_pages": True})
    assert f'href="{url}"' in client.get(thread_page).get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Cllr Alex Morgan" in page and "North Ward" in page
    assert "Answered on time" in page
    assert "Which opening hours would suit you?" in page
    assert client.get(f"/councillor-responses/councillors/{council.resident.id}").status_code == 404


def test_replies_in_a_pre_election_period_carry_a_notice(client, council):
    from datetime import date

    from consultation_councillor_responses import periods

    periods.add_period(date(2026, 12, 14), date(2026, 12, 31), actor=council.officer)
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = db.session.scalars(select(ResponseRequest)).unique().one()
    answer(request, council.north_councillor, "Council business as usual.")

    page = client.get(f"/consultations/library-hours/threads/{council.thread.id}").get_data(
        as_text=True
    )
    assert "Posted during the pre-election period (14 December 2026 to 31 December 2026)" in page


def test_replies_can_be_paused_in_a_pre_election_period_and_the_text_comes_back(client, council):
    from datetime import date

    from consultation_councillor_responses import periods

    save_settings("councillor_responses", {"councillor_responses_pre_election": "pause"})
    periods.add_period(date(2026, 12, 14), date(2026, 12, 31), actor=council.officer)
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = db.session.scalars(select(ResponseRequest)).unique().one()
    client.login("north@example.org")
    assert "Replies are paused until 31 December 2026." in client.get(
        "/councillor-responses/"
    ).get_data(as_text=True)

    response = client.submit(
        f"/councillor-responses/requests/{request.id}/reply",
        {"body": "My considered answer."},
        page="/councillor-responses/",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "paused during the pre-election period" in html
    assert "My considered answer." in html
    db.session.expire_all()
    assert db.session.get(ResponseRequest, request.id).status == RequestStatus.AWAITING


def test_a_pause_also_refuses_a_councillor_commenting_on_the_thread_page(client, council):
    from datetime import date

    from consultation_councillor_responses import periods

    from consultation.plugin_api import Comment

    save_settings("councillor_responses", {"councillor_responses_pre_election": "pause"})
    periods.add_period(date(2026, 12, 14), date(2026, 12, 31), actor=council.officer)
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    before = db.session.scalar(select(func.count()).select_from(Comment))
    url = f"/consultations/library-hours/threads/{council.thread.id}"
    client.login("north@example.org")

    response = client.submit(f"{url}/comments", {"body": "Posted around the dashboard."}, page=url)

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "paused during the pre-election period, until 31 December 2026" in html
    assert "Posted around the dashboard." in html
    assert db.session.scalar(select(func.count()).select_from(Comment)) == before
    db.session.expire_all()
    assert db.session.scalars(select(ResponseRequest)).unique().one().is_open

    # Residents are not councillors: the pause never touches them.
    client.logout()
    client.login(council.resident.email)
    response = client.submit(f"{url}/comments", {"body": "A resident's view."}, page=url)
    assert response.status_code == 303


def test_officers_see_the_record_per_councillor_and_per_ward(client, council):
    second = make_thread(council.consultation, "What else should libraries offer?")
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    services.ask(second, ward_ids=[council.south.id], councillor_ids=[], actor=council.officer)
    first = (
        db.session.scalars(
            select(ResponseRequest).where(ResponseRequest.ward_id == council.north.id)
        )
        .unique()
        .one()
    )
    answer(first, council.north_councillor, "Answered.")

    rows = {row.label: row.counts for row in standing.by_councillor(council.consultation.id)}
    assert (rows["Alex Morgan"].on_time, rows["Alex Morgan"].outstanding) == (1, 0)
    assert (rows["Sam Patel"].on_time, rows["Sam Patel"].outstanding) == (0, 1)
    wards = {row.label: row.counts for row in standing.by_ward(council.consultation.id)}
    assert (wards["North Ward"].on_time, wards["South Ward"].outstanding) == (1, 1)

    client.login("officer@example.org")
    page = client.get(f"/councillor-responses/consultations/{council.consultation.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "By councillor" in html and "Alex Morgan" in html and "Sam Patel" in html
    assert "By ward" in html and "South Ward" in html
