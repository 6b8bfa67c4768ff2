"""A resident registers, signs in, comments, replies, sees it and signs out."""

from sqlalchemy import select

from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.factories import PASSWORD, make_consultation, make_thread, make_user


def test_resident_registers_comments_replies_and_signs_out(client):
    consultation = make_consultation("open", title="Library opening hours")
    thread = make_thread(consultation, title="Which hours suit you?")
    other = make_user(name="Pat Neighbour")
    thread_url = f"/consultations/{consultation.slug}/threads/{thread.id}"

    home = client.get("/").get_data(as_text=True)
    assert "Library opening hours" in home

    response = client.submit(
        "/auth/register",
        {
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "password": PASSWORD,
            "ward_id": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    client.login("new.person@example.org")

    page = client.get(thread_url).get_data(as_text=True)
    assert "Add your comment" in page
    response = client.submit(
        f"{thread_url}/comments",
        {
            "body": "Open later on Thursdays, please.",
            "submission_token": "tok-1",
        },
        page=thread_url,
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment has been published." in page
    assert "Open later on Thursdays, please." in page

    theirs = Comment(
        thread_id=thread.id,
        author_id=other.id,
        body_text="I agree.",
        body_html="<p>I agree.</p>",
        submission_token="other-1",
    )
    db.session.add(theirs)
    db.session.commit()
    reply_url = f"{thread_url}/comments/{theirs.id}/reply"
    response = client.submit(
        reply_url, {"body": "Me too!", "submission_token": "tok-2"}, page=reply_url
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Me too!" in page
    reply = db.session.scalar(select(Comment).where(Comment.submission_token == "tok-2"))
    assert reply.parent_id == theirs.id

    mine = client.get("/account/comments").get_data(as_text=True)
    assert "Open later on Thursdays, please." in mine and "Me too!" in mine

    client.logout()
    assert client.get("/account/comments").status_code == 302
