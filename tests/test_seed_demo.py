"""`flask seed-demo` fills an empty database with one account per role, and touches no real one."""

from __future__ import annotations

from sqlalchemy import func, select

from consultation.auth.models import User, Ward
from consultation.comments.models import Comment
from consultation.consultations.models import Consultation, Lifecycle
from consultation.extensions import db
from consultation.testing.factories import make_user

ACCOUNTS = {
    "resident@example.org": {"resident"},
    "councillor@example.org": {"councillor"},
    "officer@example.org": {"officer"},
    "moderator@example.org": {"moderator"},
    "assisted@example.org": {"assisted_digital"},
    "admin@example.org": {"admin", "officer"},
}


def test_seed_demo_creates_one_account_per_role_and_prints_them(app, runner, client):
    result = runner.invoke(args=["seed-demo"], env={"DEMO_PASSWORD": "Demo-password-for-tests"})
    assert result.exit_code == 0, result.output
    for email in ACCOUNTS:
        assert email in result.output
    assert "Password for every account: Demo-password-for-tests" in result.output

    people = {u.email: u.roles for u in db.session.scalars(select(User))}
    assert people == ACCOUNTS
    assert db.session.scalar(select(func.count(Ward.id))) == 3
    steps = {c.status for c in db.session.scalars(select(Consultation))}
    assert steps == {Lifecycle.OPEN, Lifecycle.SCHEDULED, Lifecycle.OUTCOME_PUBLISHED}
    assert db.session.scalar(select(func.count(Comment.id))) >= 2

    councillor = db.session.scalar(select(User).where(User.email == "councillor@example.org"))
    assert councillor.councillor_ward is not None
    client.login("officer@example.org", "Demo-password-for-tests")


def test_seed_demo_run_twice_adds_nothing_the_second_time(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert "already there" in again.output
    assert db.session.scalar(select(func.count(User.id))) == len(ACCOUNTS)


def test_seed_demo_refuses_a_database_with_real_accounts(app, runner):
    make_user(email="real.person@example.org")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "did not create" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalar(select(func.count(Consultation.id))) == 0
