"""The FAQ plugin: officers add questions and answers; residents read them beside the proposal."""

import pytest

from consultation.testing.factories import make_consultation, make_user

pytestmark = pytest.mark.plugins("faq")  # load the plugin, switched on, for every test here


def test_officer_adds_a_question_residents_see_it_beside_the_proposal(client):
    consultation = make_consultation("open")
    make_user("officer", email="officer@example.org")
    client.login("officer@example.org")
    manage = f"/faq/{consultation.slug}/manage"

    response = client.submit(
        manage, {"question": "Is parking free?", "answer": "Yes, after **6pm**."}, page=manage
    )
    assert response.status_code == 302
    client.logout()

    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "Is parking free?" in page and "<strong>6pm</strong>" in page


def test_a_missing_answer_is_explained_and_the_question_kept(client):
    consultation = make_consultation("open")
    make_user("officer", email="officer@example.org")
    client.login("officer@example.org")
    manage = f"/faq/{consultation.slug}/manage"

    response = client.submit(manage, {"question": "Is parking free?"}, page=manage)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the answer" in html and 'value="Is parking free?"' in html


def test_only_officers_and_faq_editors_manage_questions(client):
    consultation = make_consultation("open")
    make_user(email="resident@example.org")
    make_user("faq_editor", email="editor@example.org")
    manage = f"/faq/{consultation.slug}/manage"

    client.login("resident@example.org")
    assert client.get(manage).status_code == 403
    client.logout()
    client.login("editor@example.org")
    assert client.get(manage).status_code == 200


def test_the_heading_is_a_setting(client):
    from consultation_faq.services import add_entry

    from consultation.plugin_system.services import save_settings

    consultation = make_consultation("open")
    add_entry(consultation, "Is parking free?", "Yes.")
    save_settings("faq", {"faq_heading": "Your questions answered"})
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    assert "Your questions answered" in page
