"""Officers ask for responses, set rules, reassign, keep councillors' wards; all audited."""

from datetime import UTC, date, datetime

import pytest
from consultation_councillor_responses import councillors
from consultation_councillor_responses.models import (
    PreElectionPeriod,
    RequestStatus,
    ResponseRequest,
)
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.plugin_api import db
from consultation.testing.factories import make_consultation, make_thread, make_user, make_ward

pytestmark = pytest.mark.plugins("councillor_responses")

CONSULTATIONS = "/councillor-responses/consultations"


def requests() -> list[ResponseRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(ResponseRequest).order_by(ResponseRequest.id)).unique())


def audited(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_an_officer_asks_a_wards_councillors_and_a_named_councillor_once(client, council):
    client.login("officer@example.org")
    ask = f"{CONSULTATIONS}/{council.consultation.id}/threads/{council.thread.id}/ask"
    form = {"wards": str(council.north.id), "councillors": str(council.south_councillor.id)}

    assert client.submit(ask, form, page=ask).status_code == 303
    assert client.submit(ask, form, page=ask).status_code == 303  # a double submit

    made = requests()
    assert [(r.ward_id, r.councillor_id) for r in made] == [
        (council.north.id, None),
        (None, council.south_councillor.id),
    ]
    assert audited("councillor_responses.request") == 2


def test_asking_nobody_is_explained(client, council):
    client.login("officer@example.org")
    ask = f"{CONSULTATIONS}/{council.consultation.id}/threads/{council.thread.id}/ask"

    response = client.submit(ask, {}, page=ask)
    assert response.status_code == 400
    assert "Select at least one ward or councillor" in response.get_data(as_text=True)
    assert requests() == []


def test_ward_councillors_respond_to_each_question_once_the_consultation_opens(
    client, council, clock, runner
):
    draft = make_consultation(
        "scheduled", slug="parks", opens_at=datetime(2027, 1, 4, 9, tzinfo=UTC)
    )
    draft.wards = [council.north, council.south]
    db.session.commit()
    make_thread(draft, "What do you value in parks?")
    client.login("officer@example.org")
    rule = f"/councillor-responses/consultations/{draft.id}/rule"

    saved = client.submit(
        rule, {"ward_councillors": "y"}, page=f"/councillor-responses/consultations/{draft.id}"
    )
    assert saved.status_code == 303
    assert requests() == []  # not open yet: nobody is asked

    clock.move_to(datetime(2027, 1, 4, 10, tzinfo=UTC))
    make_thread(draft, "Which parks do you visit?")
    db.session.commit()
    assert runner.invoke(args=["councillor-responses", "remind"]).exit_code == 0

    made = requests()
    assert len(made) == 4  # two questions × two wards
    assert {r.ward_id for r in made} == {council.north.id, council.south.id}
    assert all(r.requested_on == date(2027, 1, 4) for r in made)
    assert audited("councillor_responses.rule") == 1


def test_an_officer_reassigns_a_referred_request_with_a_fresh_due_date(client, council, clock):
    from consultation_councillor_responses import services

    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = requests()[0]
    services.pass_on(request, council.north_councillor, "referred", ward_id=None, detail="Budget.")
    clock.move_to(datetime(2026, 12, 21, 9, tzinfo=UTC))
    client.login("officer@example.org")
    url = f"/councillor-responses/requests/{request.id}/assign"

    response = client.submit(url, {"target": f"councillor-{council.south_councillor.id}"}, page=url)

    assert response.status_code == 303
    request = requests()[0]
    assert (request.status, request.councillor_id) == (
        RequestStatus.AWAITING,
        council.south_councillor.id,
    )
    assert request.requested_on == date(2026, 12, 21)
    assert audited("councillor_responses.assign") == 1


def test_an_officer_sets_the_wards_a_councillor_represents(client, council):
    east = make_ward("East Ward")
    client.login("officer@example.org")
    url = f"/councillor-responses/councillors/{council.north_councillor.id}/edit"
    assert councillors.ward_ids_of(council.north_councillor) == {council.north.id}

    response = client.submit(
        url,
        {
            "wards": [str(council.north.id), str(east.id)],
            "portfolio": "Cabinet member for libraries",
            "committees": "Planning\nLicensing",
            "term_starts-day": "6",
            "term_starts-month": "5",
            "term_starts-year": "2022",
        },
        page=url,
    )

    assert response.status_code == 303
    db.session.expire_all()
    assert councillors.ward_ids_of(council.north_councillor) == {council.north.id, east.id}
    assert [u.id for u in councillors.councillors_for_ward(east.id)] == [
        council.north_councillor.id
    ]
    assert audited("councillor_responses.councillor") == 1


def test_a_term_that_ends_before_it_starts_is_explained_and_the_dates_kept(client, council):
    client.login("officer@example.org")
    url = f"/councillor-responses/councillors/{council.north_councillor.id}/edit"
    response = client.submit(
        url,
        {
            "wards": str(council.north.id),
            "term_starts-day": "6",
            "term_starts-month": "5",
            "term_starts-year": "2026",
            "term_ends-day": "1",
            "term_ends-month": "5",
            "term_ends-year": "2022",
        },
        page=url,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "End of term must be after the start of term" in html
    assert 'value="2022"' in html and 'value="2026"' in html


def test_only_an_admin_sets_pre_election_periods(client, council):
    make_user("admin", email="admin@example.org")
    url = "/councillor-responses/pre-election"
    period = {
        "starts_on-day": "1",
        "starts_on-month": "4",
        "starts_on-year": "2027",
        "ends_on-day": "6",
        "ends_on-month": "5",
        "ends_on-year": "2027",
    }
    client.login("officer@example.org")
    assert client.get(url).status_code == 403
    client.logout()

    client.login("admin@example.org")
    assert client.submit(url, period, page=url).status_code == 303
    assert client.submit(url, period, page=url).status_code == 303  # a double submit
    assert db.session.scalar(select(func.count(PreElectionPeriod.id))) == 1
    assert "1 April 2027 to 6 May 2027" in client.get(url).get_data(as_text=True)
    assert audited("councillor_responses.pre_election_add") == 1

    missing = client.submit(url, {"starts_on-day": "1", "starts_on-month": "4"}, page=url)
    assert missing.status_code == 400
    html = missing.get_data(as_text=True)
    assert "First day must include a year" in html and "Enter the last day" in html


def test_the_settings_are_explained_when_wrong_and_kept_when_right(client, council):
    from consultation.plugin_api import plugin_settings

    client.login("officer@example.org")
    page = "/officer/plugins/councillor_responses"
    settings = {
        "councillor_responses_working_days": "ten",
        "councillor_responses_holiday_region": "SCT",
        "councillor_responses_escalate_after": "3",
        "councillor_responses_pre_election": "pause",
    }
    wrong = client.submit(page + "/settings", settings, page=page)
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "Working days a councillor has to respond must be a whole number, like 10" in html
    assert 'value="ten"' in html

    saved = client.submit(
        page + "/settings", settings | {"councillor_responses_working_days": "15"}, page=page
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert plugin_settings("councillor_responses") == {
        "councillor_responses_working_days": 15,
        "councillor_responses_holiday_region": "SCT",
        "councillor_responses_escalate_after": 3,
        "councillor_responses_pre_election": "pause",
        "councillor_responses_public_pages": False,
    }
    assert audited("plugin.settings") == 1
