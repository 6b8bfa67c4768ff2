"""Helpers for the offline channel's tests: staff, a consultation, a filled-in entry form."""

from __future__ import annotations

from datetime import date

from consultation.testing.factories import make_consultation, make_thread, make_user

STAFF = "staff@offline.example.org"


def staff():
    """An assisted-digital member of staff."""
    return make_user("assisted_digital", email=STAFF, name="Sam Staff")


def consultation_with_questions(state: str = "open", **fields):
    """A consultation with two questions."""
    consultation = make_consultation(state, **fields)
    first = make_thread(consultation, title="What do you think of the library hours?")
    second = make_thread(consultation, title="Anything else?")
    return consultation, first, second


def entry_data(first, second=None, *, received: date | None = None, **overrides) -> dict:
    """A complete, valid entry form (anonymous, paper, privacy notice given)."""
    received = received or date.today()
    data = {
        "token": overrides.pop("token", "a" * 32),
        "channel": "paper",
        "received_on-day": str(received.day),
        "received_on-month": str(received.month),
        "received_on-year": str(received.year),
        f"answer_{first.id}": "Open the library later on Thursdays, please.",
        "respondent": "anonymous",
        "capacity": "individual",
        "privacy_notice": "y",
    }
    if second is not None:
        data[f"answer_{second.id}"] = ""
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def enter_url(consultation) -> str:
    """The entry page of `consultation`."""
    return f"/offline/{consultation.slug}/enter"
