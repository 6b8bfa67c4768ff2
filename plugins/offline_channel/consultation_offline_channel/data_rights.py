"""Offline respondents' personal data: found for subject access, anonymised after retention.

Offline responses are not tied to accounts: a respondent is found by name,
contact details or postcode (`find_personal_data`). An account holder whose
email address is a response's contact detail gets that response in their own
download, and their account's erasure anonymises it. Retention removes the
name, contact details and postcode (and the same fields kept in the history
of corrections); the answers, the ward and the equality-monitoring answers
stay for the decision and its equality analysis, no longer linked to anyone.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from consultation.plugin_api import (
    Comment,
    Consultation,
    PersonalDataHit,
    Thread,
    User,
    channel_labels,
    db,
)
from consultation_offline_channel.models import (
    OfflineAnswer,
    OfflineCorrection,
    OfflineEquality,
    OfflineResponse,
)

#: Fields of a response (and of its corrections' before/after) that identify the respondent.
PERSONAL_FIELDS = ("respondent_name", "contact", "postcode")

#: Most responses one search lists.
SEARCH_LIMIT = 100


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _identified():
    """Responses still holding a name, contact details or postcode."""
    return or_(*(getattr(OfflineResponse, name).is_not(None) for name in PERSONAL_FIELDS))


def response_data(response: OfflineResponse) -> dict[str, Any]:
    """Everything held about one offline response: details, answers, equality answers, history."""
    consultation = db.session.get(Consultation, response.consultation_id)
    answers = db.session.execute(
        select(Thread.title, Comment.body_text, Comment.status)
        .select_from(OfflineAnswer)
        .join(Comment, Comment.id == OfflineAnswer.comment_id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(OfflineAnswer.response_id == response.id)
        .order_by(Thread.position, Thread.id)
    ).all()
    equality = db.session.get(OfflineEquality, response.id)
    corrections = db.session.scalars(
        select(OfflineCorrection)
        .where(OfflineCorrection.response_id == response.id)
        .order_by(OfflineCorrection.corrected_at, OfflineCorrection.id)
    ).all()
    return {
        "id": response.id,
        "consultation": {"slug": consultation.slug, "title": consultation.title}
        if consultation
        else None,
        "channel": channel_labels().get(response.channel, response.channel),
        "received_on": _iso(response.received_on),
        "late": response.late,
        "respondent_name": response.respondent_name,
        "contact": response.contact,
        "wants_reply": response.wants_reply,
        "postcode": response.postcode,
        "organisation": response.organisation,
        "privacy_notice_given": response.privacy_notice_given,
        "offline_reason": response.offline_reason,
        "paper_reference": response.paper_reference,
        "answers": [
            {"question": title, "text": text, "status": status} for title, text, status in answers
        ],
        "equality_monitoring": {
            "age_band": equality.age_band,
            "sex": equality.sex,
            "disability": equality.disability,
            "ethnic_group": equality.ethnic_group,
        }
        if equality
        else None,
        "corrections": [
            {
                "corrected_at": _iso(c.corrected_at),
                "reason": c.reason,
                "before": c.before,
                "after": c.after,
            }
            for c in corrections
        ],
    }


def _by_contact(email: str) -> list[OfflineResponse]:
    """Responses whose contact details hold exactly this address (not one ending with it)."""
    if not email:
        return []
    exact = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)", re.IGNORECASE)
    candidates = db.session.scalars(
        select(OfflineResponse)
        .where(func.lower(OfflineResponse.contact).contains(email.lower(), autoescape=True))
        .order_by(OfflineResponse.id)
    )
    return [r for r in candidates if exact.search(r.contact or "")]


def personal_data(user: User) -> dict[str, Any] | None:
    """Offline responses giving the account's email address as their contact detail."""
    responses = _by_contact(user.email)
    if not responses:
        return None
    return {"responses_with_your_email_address": [response_data(r) for r in responses]}


def _anonymise(response: OfflineResponse) -> bool:
    """Remove the respondent's identifying details from one response and its history."""
    changed = False
    for name in PERSONAL_FIELDS:
        if getattr(response, name) is not None:
            setattr(response, name, None)
            changed = True
    if response.wants_reply:
        response.wants_reply = False
        changed = True
    response.anonymous = True
    for correction in db.session.scalars(
        select(OfflineCorrection).where(OfflineCorrection.response_id == response.id)
    ):
        before = dict(correction.before or {})
        after = dict(correction.after or {})
        if any(before.get(n) is not None or after.get(n) is not None for n in PERSONAL_FIELDS):
            for name in PERSONAL_FIELDS:
                if name in before:
                    before[name] = None
                if name in after:
                    after[name] = None
            correction.before, correction.after = before, after
            changed = True
    return changed


def erase_personal_data(user: User) -> None:
    """Anonymise responses that give the erased account's email address as their contact."""
    for response in _by_contact(user.email):
        _anonymise(response)


def find_personal_data(query: str) -> list[PersonalDataHit]:
    """Responses whose name, contact details or postcode contain `query`."""
    needle = query.lower()
    compact = needle.replace(" ", "").upper()
    responses = db.session.scalars(
        select(OfflineResponse)
        .where(
            or_(
                func.lower(OfflineResponse.respondent_name).contains(needle, autoescape=True),
                func.lower(OfflineResponse.contact).contains(needle, autoescape=True),
                func.replace(OfflineResponse.postcode, " ", "").contains(compact, autoescape=True),
            )
        )
        .order_by(OfflineResponse.id)
        .limit(SEARCH_LIMIT)
    ).all()
    hits = []
    for response in responses:
        data = response_data(response)
        where = data["consultation"]["title"] if data["consultation"] else ""
        hits.append(
            PersonalDataHit(
                reference=f"response-{response.id}",
                label=_("Offline respondent"),
                name=response.respondent_name or _("(no name given)"),
                summary=_(
                    "%(where)s: %(channel)s, received %(day)s",
                    where=where,
                    channel=data["channel"],
                    day=f"{response.received_on:%d %B %Y}",
                ),
                data=data,
            )
        )
    return hits


def anonymise_consultation(consultation: Consultation) -> int:
    """Anonymise every response to `consultation` still identifying its respondent."""
    changed = 0
    for response in db.session.scalars(
        select(OfflineResponse).where(OfflineResponse.consultation_id == consultation.id)
    ):
        changed += _anonymise(response)
    return changed
