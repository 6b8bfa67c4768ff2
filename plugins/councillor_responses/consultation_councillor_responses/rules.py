"""The rules that make requests by themselves: ward councillors respond to every thread of a
consultation, and residents' comments in a thread go to their ward councillors."""

from __future__ import annotations

from sqlalchemy import select

from consultation.plugin_api import Comment, Consultation, Thread, User, db, record
from consultation_councillor_responses.councillors import is_councillor, represented
from consultation_councillor_responses.models import (
    ConsultationRule,
    Origin,
    ResponseRequest,
    ThreadRule,
)
from consultation_councillor_responses.services import create_request


def rule_for(consultation: Consultation) -> bool:
    """True when ward councillors respond to each thread of the consultation."""
    rule = db.session.get(ConsultationRule, consultation.id)
    return bool(rule and rule.ward_councillors)


def set_rule(consultation: Consultation, on: bool, *, actor: User) -> int:
    """Set "ward councillors respond to each thread"; returns the requests it made now."""
    rule = db.session.get(ConsultationRule, consultation.id)
    if rule is None:
        rule = ConsultationRule(consultation_id=consultation.id, ward_councillors=False)
        db.session.add(rule)
    if rule.ward_councillors != on:
        rule.ward_councillors = on
        record("councillor_responses.rule", consultation, actor=actor, ward_councillors=on)
    db.session.commit()
    return apply_rule(consultation) if on else 0


def rule_wards(consultation: Consultation) -> list[int]:
    """The wards whose councillors respond: those the consultation names, else every
    ward a councillor represents (a consultation for the whole area)."""
    if consultation.wards:
        return [ward.id for ward in consultation.wards]
    return sorted({ward for wards in represented().values() for ward in wards})


def apply_rule(consultation: Consultation) -> int:
    """Make the requests the consultation's rule asks for, once it is open; returns how many.

    Run when the rule is set, when the consultation opens, and daily by
    `remind`, so threads added later are covered too.
    """
    if not rule_for(consultation) or not consultation.is_open():
        return 0
    wards = rule_wards(consultation)
    made = 0
    threads = db.session.scalars(select(Thread).where(Thread.consultation_id == consultation.id))
    for thread in threads:
        if thread.retired:
            continue
        for ward_id in wards:
            made += create_request(thread, origin=Origin.CONSULTATION, ward_id=ward_id)[1]
    db.session.commit()
    return made


def route_for(thread: Thread) -> bool:
    """True when residents' comments in `thread` go to their ward councillors."""
    rule = db.session.get(ThreadRule, thread.id)
    return bool(rule and rule.route_comments)


def set_route(thread: Thread, on: bool, *, actor: User) -> None:
    """Choose whether residents' comments in `thread` go to their ward councillors; audited."""
    rule = db.session.get(ThreadRule, thread.id)
    if rule is None:
        rule = ThreadRule(thread_id=thread.id, route_comments=False)
        db.session.add(rule)
    if rule.route_comments != on:
        rule.route_comments = on
        record("councillor_responses.route", thread, actor=actor, route_comments=on)
    db.session.commit()


def route_comment(comment: Comment) -> ResponseRequest | None:
    """A resident's new comment goes to their ward councillors when its thread allows it.

    Only top-level comments by people with a ward who are not councillors themselves.
    """
    author = comment.author
    if comment.parent_id is not None or author is None or author.ward_id is None:
        return None
    if is_councillor(author) or not route_for(comment.thread):
        return None
    request, _created = create_request(
        comment.thread, origin=Origin.ROUTED, comment_id=comment.id, ward_id=author.ward_id
    )
    return request
