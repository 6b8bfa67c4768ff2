"""Staff correcting an offline entry: audited, with the values it had before kept.

A correction changes the response (channel, date received, respondent's
details) and the text of its answers in one transaction; one
`OfflineCorrection` row keeps, for each field that changed, what it was and
what it became, and an audit event names who did it. Answer text goes through
the core's comment service (`correct_body`), which renders it with the one
sanitiser. Equality-monitoring answers are never part of a correction: no
page shows them per response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from consultation.plugin_api import (
    Comment,
    Consultation,
    Thread,
    User,
    correct_body,
    db,
    record,
)
from consultation_offline_channel.models import OfflineAnswer, OfflineCorrection, OfflineResponse
from consultation_offline_channel.services import (
    CHANNELS,
    REASONS,
    Respondent,
    is_late,
    received_moment,
    ward_for_postcode,
)

#: Fields of the response a correction may change, in the order the history lists them.
FIELDS = (
    "channel",
    "received_on",
    "anonymous",
    "respondent_name",
    "contact",
    "wants_reply",
    "postcode",
    "organisation",
    "offline_reason",
)


@dataclass
class Correction:
    """What staff want the entry to say now, and why."""

    channel: str
    received_on: date
    respondent: Respondent
    answers: dict[int, str]  #: new text by thread id, for the questions already answered
    reason: str


def response_for(consultation: Consultation, response_id: int) -> OfflineResponse | None:
    """The offline response `response_id` of `consultation` (None for another's: object check)."""
    response = db.session.get(OfflineResponse, response_id)
    if response is None or response.consultation_id != consultation.id:
        return None
    return response


def answers_of(response: OfflineResponse) -> list[tuple[Thread, Comment]]:
    """The response's answers: each question with the comment it became, in question order."""
    rows = db.session.execute(
        db.select(Thread, Comment)
        .join(OfflineAnswer, OfflineAnswer.thread_id == Thread.id)
        .join(Comment, Comment.id == OfflineAnswer.comment_id)
        .where(OfflineAnswer.response_id == response.id)
        .order_by(Thread.position, Thread.id)
    ).all()
    return [(thread, comment) for thread, comment in rows]


def history(response: OfflineResponse) -> list[tuple[OfflineCorrection, User | None]]:
    """Every correction of `response`, oldest first, with who made it."""
    rows = db.session.execute(
        db.select(OfflineCorrection, User)
        .outerjoin(User, User.id == OfflineCorrection.corrected_by_id)
        .where(OfflineCorrection.response_id == response.id)
        .order_by(OfflineCorrection.corrected_at, OfflineCorrection.id)
    ).all()
    return [(correction, user) for correction, user in rows]


def _value(value: object) -> object:
    """A field's value as JSON keeps it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def correct(
    consultation: Consultation, response: OfflineResponse, change: Correction, staff: User
) -> OfflineCorrection | None:
    """Apply `change` to `response` and its comments, keep the old values, audit; commit.

    Returns None (and stores nothing) when nothing would change, so a double
    submit of the same correction records it once.
    """
    who = change.respondent
    wanted = {
        "channel": change.channel,
        "received_on": change.received_on,
        "anonymous": who.anonymous,
        "respondent_name": None if who.anonymous else who.name,
        "contact": None if who.anonymous else who.contact,
        "wants_reply": bool(who.wants_reply and not who.anonymous),
        "postcode": who.postcode,
        "organisation": who.organisation,
        "offline_reason": who.offline_reason,
    }
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for name in FIELDS:
        old = getattr(response, name)
        if old != wanted[name]:
            before[name], after[name] = _value(old), _value(wanted[name])
            setattr(response, name, wanted[name])
    answers = answers_of(response)
    for thread, comment in answers:
        text = change.answers.get(thread.id)
        if text is not None and text != comment.body_text:
            key = f"answer_{thread.id}"
            before[key], after[key] = comment.body_text, text
            correct_body(comment, text)
    if not after:
        return None
    response.late = is_late(consultation, response.received_on)
    ward = ward_for_postcode(response.postcode)
    response.ward_id = ward.id if ward else None
    # The comments carry the channel, date received and ward like a web comment does.
    for _thread, comment in answers:
        comment.channel = response.channel
        comment.received_at = received_moment(response.received_on)
        comment.ward_id = response.ward_id
    row = OfflineCorrection(
        response_id=response.id,
        corrected_by_id=staff.id,
        reason=change.reason,
        before=before,
        after=after,
    )
    db.session.add(row)
    db.session.flush()
    # The audit trail names the fields, not their (personal) values; the history keeps those.
    record(
        "offline_channel.response_corrected",
        response,
        actor=staff,
        consultation_id=consultation.id,
        fields=sorted(after),
        correction_id=row.id,
    )
    db.session.commit()
    return row


def form_defaults(
    response: OfflineResponse, answers: list[tuple[Thread, Comment]]
) -> dict[str, object]:
    """The correction form filled in with what the entry says now."""
    return {
        "channel": response.channel,
        "received_on": response.received_on,
        "respondent": "anonymous" if response.anonymous else "named",
        "name": response.respondent_name,
        "contact": response.contact,
        "wants_reply": response.wants_reply,
        "postcode": response.postcode,
        "capacity": "organisation" if response.organisation else "individual",
        "organisation": response.organisation,
        "offline_reason": response.offline_reason,
        **{f"answer_{thread.id}": comment.body_text for thread, comment in answers},
    }


_LABELS = {
    "channel": _l("Channel"),
    "received_on": _l("Date received"),
    "anonymous": _l("Anonymous"),
    "respondent_name": _l("Respondent's name"),
    "contact": _l("Contact details"),
    "wants_reply": _l("Wants a reply"),
    "postcode": _l("Postcode"),
    "organisation": _l("Organisation"),
    "offline_reason": _l("Why they responded offline"),
}


def field_label(name: str) -> str:
    """A changed field's name for the history table (answers by question number)."""
    if name.startswith("answer_"):
        thread = db.session.get(Thread, int(name.removeprefix("answer_")))
        return str(_l("Answer: %(question)s", question=thread.title if thread else name))
    return str(_LABELS.get(name, name))


def show_value(name: str, value: object) -> str:
    """A kept value as the history table shows it."""
    if value is None or value == "":
        return str(_l("(blank)"))
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if name == "channel":
        return str(CHANNELS.get(str(value), value))
    if name == "offline_reason":
        return str(REASONS.get(str(value), value))
    return str(value)
