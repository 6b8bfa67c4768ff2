"""Due dates count working days: weekends, bank holidays and pre-election periods are skipped;
"overdue" follows the server clock, with nothing written to the database in between."""

from datetime import UTC, date, datetime

import pytest
from consultation_councillor_responses import periods, services, standing
from consultation_councillor_responses.models import Origin
from consultation_councillor_responses.workdays import add_working_days, working_days_between

from consultation.plugin_system.services import save_settings

pytestmark = pytest.mark.plugins("councillor_responses")


def test_ten_working_days_from_a_friday_before_christmas_skip_weekends_and_bank_holidays():
    # Mon 21–Thu 24 (4); Fri 25 Christmas, Mon 28 Boxing Day observed; Tue 29–Thu 31 (7);
    # Fri 1 January; Mon 4–Wed 6 (10).
    assert add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)
    # Scotland also keeps 2 January (observed on Monday 4 January 2027).
    assert add_working_days(date(2026, 12, 18), 10, "SCT") == date(2027, 1, 7)


def test_a_pre_election_period_stops_the_count():
    suspended = [(date(2027, 4, 1), date(2027, 5, 6))]
    # From Tuesday 30 March: Wed 31 March counts, then nothing until Friday 7 May.
    assert add_working_days(date(2027, 3, 30), 2, suspended=suspended) == date(2027, 5, 7)
    assert working_days_between(date(2027, 3, 30), date(2027, 5, 7), suspended=suspended) == 2


def test_the_due_date_residents_see_crosses_the_bank_holidays(client, council):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )

    page = client.get(f"/consultations/library-hours/threads/{council.thread.id}").get_data(
        as_text=True
    )
    assert "A councillor response is expected by 6 January 2027" in page
    assert "the councillors for North Ward" in page


def test_the_working_days_are_a_site_setting(council):
    save_settings("councillor_responses", {"councillor_responses_working_days": 3})
    request, _created = services.create_request(
        council.thread, origin=Origin.THREAD, ward_id=council.north.id
    )
    # Mon 21, Tue 22, Wed 23 December.
    assert standing.due_on(request) == date(2026, 12, 23)


def test_a_request_becomes_overdue_when_the_server_clock_passes_its_due_date(
    client, council, clock
):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    thread_page = f"/consultations/library-hours/threads/{council.thread.id}"

    # 11:30pm on the due date, UK time (GMT in January): still on time.
    clock.move_to(datetime(2027, 1, 6, 23, 30, tzinfo=UTC))
    page = client.get(thread_page).get_data(as_text=True)
    assert "expected by 6 January 2027" in page and "Overdue" not in page

    # Half an hour later it is the 7th in the UK: overdue, with no job having run.
    clock.move_to(datetime(2027, 1, 7, 0, 30, tzinfo=UTC))
    page = client.get(thread_page).get_data(as_text=True)
    assert "Overdue" in page
    assert "was expected by 6 January 2027" in page


def test_due_dates_stand_still_during_a_pre_election_period_set_later(council):
    request, _created = services.create_request(
        council.thread, origin=Origin.THREAD, ward_id=council.north.id
    )
    assert standing.due_on(request) == date(2027, 1, 6)

    periods.add_period(date(2026, 12, 21), date(2027, 1, 1), actor=council.officer)

    # Counting starts again on Monday 4 January: ten working days end on the 15th.
    assert standing.due_on(request) == date(2027, 1, 15)
