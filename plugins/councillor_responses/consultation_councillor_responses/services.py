"""Requests for a councillor response: asking, routing, answering, passing on, reassigning.

The reply itself is a comment, stored by the core's one posting service
(`post_comment`); this module only records which request it answered.
Every privileged change is audited in the transaction that makes it.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.plugin_api import (
    Comment,
    CommentRefused,
    CommentStatus,
    Lifecycle,
    Receipt,
    Thread,
    User,
    db,
    plugin_settings,
    post_comment,
    record,
    utcnow,
)
from consultation_councillor_responses.councillors import (
    councillors_for_ward,
    is_councillor,
    ward_ids_of,
)
from consultation_councillor_responses.models import (
    Handover,
    Origin,
    PassOn,
    RequestStatus,
    ResponseRequest,
)
from consultation_councillor_responses.periods import replies_paused
from consultation_councillor_responses.workdays import uk_date

NAME = "councillor_responses"


class RequestRefused(Exception):
    """The request cannot be acted on now; `message` says why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def working_days() -> int:
    """Working days a councillor has to respond (a site setting, 10 unless changed)."""
    return int(plugin_settings(NAME).get("councillor_responses_working_days") or 10)


def _key(thread_id: int, comment_id: int | None, ward_id: int | None, user_id: int | None) -> str:
    return f"t{thread_id}-c{comment_id or 0}-w{ward_id or 0}-u{user_id or 0}"


def _start_clock(request: ResponseRequest) -> None:
    now = utcnow()
    request.requested_at = now
    request.requested_on = uk_date(now)
    request.working_days = working_days()


def create_request(
    thread: Thread,
    *,
    origin: Origin,
    comment_id: int | None = None,
    ward_id: int | None = None,
    councillor_id: int | None = None,
    actor: User | None = None,
) -> tuple[ResponseRequest, bool]:
    """Ask for a response once; asking again for the same thing returns the first request.

    Adds to the caller's transaction; returns (request, created).
    """
    key = _key(thread.id, comment_id, ward_id, councillor_id)
    query = select(ResponseRequest).where(ResponseRequest.dedupe_key == key)
    existing = db.session.scalar(query)
    if existing is not None:
        return existing, False
    request = ResponseRequest(
        consultation_id=thread.consultation_id,
        thread_id=thread.id,
        comment_id=comment_id,
        ward_id=ward_id,
        councillor_id=councillor_id,
        origin=origin,
        status=RequestStatus.AWAITING,
        created_by_id=actor.id if actor else None,
        dedupe_key=key,
    )
    _start_clock(request)
    try:
        # A savepoint: a double submit racing this one loses only this row.
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:
        return db.session.scalar(query), False
    if actor is not None:
        record(
            "councillor_responses.request",
            request,
            actor=actor,
            thread_id=thread.id,
            comment_id=comment_id,
            ward_id=ward_id,
            councillor_id=councillor_id,
        )
    return request, True


def ask(
    thread: Thread,
    *,
    ward_ids: list[int],
    councillor_ids: list[int],
    actor: User,
    comment: Comment | None = None,
) -> list[ResponseRequest]:
    """An officer asks wards' or named councillors to respond to a thread or a comment."""
    if thread.consultation.state() not in (Lifecycle.OPEN, Lifecycle.CLOSED):
        raise RequestRefused(
            _("You can ask for responses once the consultation is open to the public.")
        )
    made = []
    origin = Origin.COMMENT if comment is not None else Origin.THREAD
    comment_id = comment.id if comment is not None else None
    for ward_id in ward_ids:
        made.append(
            create_request(
                thread, origin=origin, comment_id=comment_id, ward_id=ward_id, actor=actor
            )[0]
        )
    for user_id in councillor_ids:
        made.append(
            create_request(
                thread,
                origin=Origin.NAMED,
                comment_id=comment_id,
                councillor_id=user_id,
                actor=actor,
            )[0]
        )
    db.session.commit()
    return made


def refuse_if_paused(user: User | None) -> None:
    """Raise CommentRefused when `user` is a councillor and the site pauses their replies now."""
    if not is_councillor(user):
        return
    paused = replies_paused()
    if paused is not None:
        raise CommentRefused(
            _(
                "Councillors' replies are paused during the pre-election period, until "
                "%(day)s. Your reply has not been posted; you can copy it and post it after.",
                day=format_date(paused[1], "d MMMM yyyy"),
            )
        )


def may_answer(user: User | None, request: ResponseRequest) -> bool:
    """True for the councillor it is for, or a councillor sharing its ward.

    A request for a ward is shared by the ward's councillors; a request for a
    named councillor may also be answered by a councillor of one of their wards.
    """
    if not is_councillor(user):
        return False
    if request.councillor_id == user.id:
        return True
    if request.ward_id is not None:
        wards = {request.ward_id}
    else:
        wards = ward_ids_of(request.councillor) if request.councillor else set()
    return bool(wards & ward_ids_of(user))


def _close(request: ResponseRequest, reply: Comment, by: User) -> None:
    request.status = RequestStatus.ANSWERED
    request.answered_at = reply.created_at
    request.answered_by_id = by.id
    request.reply_comment_id = reply.id
    record("councillor_responses.answer", request, actor=by, comment_id=reply.id)


def answer(request: ResponseRequest, user: User, body: str, token: str) -> Receipt:
    """Post `user`'s reply through the core and close the request with it.

    The same form submitted twice posts one reply. Replies go in even after
    the consultation closed: a councillor's answer is still owed.
    """
    mine = db.session.scalar(
        select(Comment).where(Comment.submission_token == token, Comment.author_id == user.id)
    )
    if mine is not None:
        return Receipt(mine, created=False)
    if not request.is_open:
        raise RequestRefused(_("This request has already been answered or passed on."))
    try:
        refuse_if_paused(user)
    except CommentRefused as refused:
        raise RequestRefused(refused.message) from refused
    thread = db.session.get(Thread, request.thread_id)
    parent = None
    if request.comment_id is not None:
        parent = db.session.get(Comment, request.comment_id)
        if parent is None or parent.status != CommentStatus.PUBLISHED:
            raise RequestRefused(
                _(
                    "The comment was removed, so there is nothing to reply to. "
                    "Pass the request on instead."
                )
            )
        if parent.parent_id is not None:
            # Replies nest one level: answer a reply under the comment it replied to.
            parent = db.session.get(Comment, parent.parent_id)
    receipt = post_comment(
        thread=thread, body=body, token=token, author=user, parent=parent, enforce_open=False
    )
    db.session.refresh(request)
    if request.is_open:
        if receipt.comment.status == CommentStatus.PUBLISHED:
            _close(request, receipt.comment, user)
        else:
            # Held for moderation: it answers the request once it is published.
            request.reply_comment_id = receipt.comment.id
        db.session.commit()
    return receipt


def close_by_reply(comment: Comment) -> list[ResponseRequest]:
    """A councillor's published comment closes the requests it answers (hook).

    A top-level comment answers the thread's requests; a reply answers the
    requests about the comment it replies to; a reply held for moderation
    answers its request when it is published. Only requests the councillor
    may answer are closed.
    """
    author = comment.author
    if not is_councillor(author):
        return []
    target = ResponseRequest.comment_id.is_(None)
    if comment.parent_id is not None:
        target = ResponseRequest.comment_id == comment.parent_id
    query = select(ResponseRequest).where(
        ResponseRequest.status == RequestStatus.AWAITING,
        ResponseRequest.thread_id == comment.thread_id,
        target | (ResponseRequest.reply_comment_id == comment.id),
    )
    closed = []
    for request in db.session.scalars(query).unique():
        if request.reply_comment_id == comment.id or may_answer(author, request):
            _close(request, comment, author)
            closed.append(request)
    return closed


def pass_on(
    request: ResponseRequest, user: User, reason: str, *, ward_id: int | None, detail: str
) -> str:
    """A councillor passes a request on; returns what happened: "reassigned" or "referred"
    or "declined". Not my ward, with a ward named, goes to that ward's councillors with a
    fresh due date; without one, and referrals and refusals, go to the consultation's officer.
    """
    from consultation_councillor_responses.reminders import tell_officers

    if not request.is_open:
        raise RequestRefused(_("This request has already been answered or passed on."))
    handover = Handover(request_id=request.id, by_id=user.id, reason=reason, detail=detail or "")
    db.session.add(handover)
    if reason == PassOn.NOT_MY_WARD and ward_id is not None:
        request.ward_id, request.councillor_id, request.escalated_at = ward_id, None, None
        _start_clock(request)
        handover.to_ward_id = ward_id
        outcome = "reassigned"
    elif reason == PassOn.DECLINED and _others_may_answer(request, user):
        # A ward request belongs to every councillor of the ward: one declining
        # leaves it with the others (off this councillor's list, clock running).
        outcome = "declined_for_you"
    else:
        request.status = (
            RequestStatus.DECLINED if reason == PassOn.DECLINED else RequestStatus.REFERRED
        )
        request.closed_at = utcnow()
        outcome = str(request.status)
    db.session.flush()
    record(
        "councillor_responses.pass_on",
        request,
        actor=user,
        reason=reason,
        ward_id=ward_id,
        detail=detail or "",
    )
    if outcome not in ("reassigned", "declined_for_you"):
        tell_officers(request, handover)
    db.session.commit()
    return outcome


def declined_by(request: ResponseRequest) -> set[int]:
    """Councillors who declined the request since it was last (re)assigned."""
    query = select(Handover.by_id).where(
        Handover.request_id == request.id,
        Handover.reason == PassOn.DECLINED,
        Handover.created_at >= request.requested_at,
    )
    return {by_id for by_id in db.session.scalars(query) if by_id is not None}


def _others_may_answer(request: ResponseRequest, user: User) -> bool:
    """True for a ward's request that a councillor of the ward other than `user` may still take."""
    if request.councillor_id is not None or request.ward_id is None:
        return False
    remaining = {c.id for c in councillors_for_ward(request.ward_id) if c.active}
    return bool(remaining - declined_by(request) - {user.id})


def assign(request: ResponseRequest, target: str, *, actor: User) -> None:
    """An officer gives a request to a ward ("ward-<id>") or a councillor ("councillor-<id>").

    It is open again with a fresh due date, whatever it was before.
    """
    kind, _sep, ident = target.partition("-")
    ward_id = int(ident) if kind == "ward" else None
    councillor_id = int(ident) if kind == "councillor" else None
    request.ward_id, request.councillor_id = ward_id, councillor_id
    request.status, request.closed_at, request.escalated_at = RequestStatus.AWAITING, None, None
    _start_clock(request)
    db.session.add(
        Handover(
            request_id=request.id,
            by_id=actor.id,
            reason=PassOn.REASSIGNED,
            to_ward_id=ward_id,
            to_councillor_id=councillor_id,
        )
    )
    record(
        "councillor_responses.assign",
        request,
        actor=actor,
        ward_id=ward_id,
        councillor_id=councillor_id,
    )
    db.session.commit()


def open_for(user: User) -> list[ResponseRequest]:
    """Requests waiting for `user`: named for them, or for a ward they represent.

    A ward request this councillor declined while colleagues still may answer it
    is no longer theirs.
    """
    wards = ward_ids_of(user)
    mine = ResponseRequest.councillor_id == user.id
    if wards:
        mine = mine | (ResponseRequest.councillor_id.is_(None) & ResponseRequest.ward_id.in_(wards))
    declined = (
        select(Handover.id)
        .where(
            Handover.request_id == ResponseRequest.id,
            Handover.by_id == user.id,
            Handover.reason == PassOn.DECLINED,
            Handover.created_at >= ResponseRequest.requested_at,
        )
        .exists()
    )
    query = select(ResponseRequest).where(
        ResponseRequest.status == RequestStatus.AWAITING, mine, ~declined
    )
    return list(db.session.scalars(query).unique())


def answered_by(user: User, limit: int = 50) -> list[ResponseRequest]:
    """Requests `user` answered, newest first."""
    query = (
        select(ResponseRequest)
        .where(ResponseRequest.answered_by_id == user.id)
        .order_by(ResponseRequest.answered_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def passed_on_by(user: User, limit: int = 50) -> list[Handover]:
    """What `user` passed on, newest first."""
    query = (
        select(Handover)
        .where(Handover.by_id == user.id, Handover.reason != PassOn.REASSIGNED)
        .order_by(Handover.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())
