"""Staff journeys of the bundled plugins, through the labels and buttons on the page:
a moderator decides a held comment, and assisted-digital staff enter a paper response.
"""

from __future__ import annotations

import secrets
from datetime import date

from browser_support import DEMO_EMAILS, fill_date, register, run_axe, sign_in
from playwright.sync_api import expect

HOURS_THREAD = "/consultations/library-opening-hours/threads/{hours_thread}"


def test_moderator_rejects_a_held_comment_and_the_resident_is_told_why(new_context, site):
    resident = new_context().new_page()
    name = f"Jamie {secrets.token_hex(3)}"
    register(resident, f"jamie.{secrets.token_hex(4)}@example.org", name)
    resident.goto(site.url(HOURS_THREAD))
    # A phone number in a public comment: the moderation checks hold it.
    resident.get_by_label("Your comment").fill(
        "Happy to volunteer on Saturdays, ring 07911 123456."
    )
    resident.get_by_role("button", name="Post comment").click()
    expect(resident.get_by_text("Awaiting moderation – only you can see this")).to_be_visible()

    # The demo moderator never signs out here: that would end the sessions other tests share.
    moderator = new_context().new_page()
    sign_in(moderator, DEMO_EMAILS["moderator"])
    moderator.get_by_role("link", name="Moderation", exact=True).click()
    moderator.get_by_role("link", name=f"Comment by {name}").click()
    expect(moderator.get_by_text("ring 07911 123456")).to_be_visible()

    # Rejecting needs a house rule: the error says so and the note typed is kept.
    moderator.get_by_label("Reject: not published").check()
    note = "Please post it again without your phone number."
    moderator.get_by_label("Note to the author (optional)").fill(note)
    moderator.get_by_role("button", name="Save decision").click()
    expect(
        moderator.get_by_role("link", name="Select the house rule the comment breaks")
    ).to_be_visible()
    expect(moderator.get_by_label("Note to the author (optional)")).to_have_value(note)
    assert run_axe(moderator).violations_count == 0, "the decision error page fails axe"
    moderator.get_by_label("House rule it breaks", exact=True).select_option(
        label="Keep personal information private"
    )
    moderator.get_by_role("button", name="Save decision").click()
    expect(moderator.get_by_text("Decision saved.")).to_be_visible()
    # Back in the queue, the comment no longer waits.
    expect(moderator.get_by_role("heading", name="Moderation queue")).to_be_visible()
    expect(moderator.get_by_role("link", name=f"Comment by {name}")).to_have_count(0)

    resident.get_by_role("link", name="My comments").click()
    row = resident.get_by_role("row").filter(has_text="ring 07911 123456")
    expect(row).to_contain_text("Not published")
    expect(row).to_contain_text(note)


def test_assisted_digital_staff_enter_a_paper_response_that_residents_can_read(new_context, site):
    staff = new_context().new_page()
    sign_in(staff, DEMO_EMAILS["assisted_digital"])
    staff.get_by_role("link", name="Offline responses").click()
    staff.get_by_role("link", name="Library opening hours").click()
    expect(staff.get_by_role("heading", name="Enter an offline response")).to_be_visible()

    # The answer is typed first; a missing channel is pointed out and the answer kept.
    answer = f"Please open on Sunday afternoons. (Paper form {secrets.token_hex(3)})"
    staff.get_by_label("Which opening hours would suit you?").fill(answer)
    staff.get_by_role("button", name="Save response").click()
    expect(staff.get_by_role("link", name="Select how the response was received")).to_be_visible()
    expect(staff.get_by_label("Which opening hours would suit you?")).to_have_value(answer)
    assert run_axe(staff).violations_count == 0, "the entry error page fails axe"

    staff.get_by_label("Paper form").check()
    fill_date(staff, "Date received", date.today())
    staff.get_by_label("Anonymous").check()
    staff.get_by_label("As an individual").check()
    staff.get_by_label("The respondent was given the privacy notice").check()
    staff.get_by_role("button", name="Save response").click()
    expect(staff.get_by_text("Response saved.")).to_be_visible()

    reader = new_context().new_page()
    reader.goto(site.url(HOURS_THREAD))
    response = reader.get_by_role("article").filter(has_text=answer)
    expect(response).to_contain_text("A resident")
    expect(response).to_contain_text("Received by post")
