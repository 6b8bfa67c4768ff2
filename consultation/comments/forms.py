"""The comment and reply form."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from consultation.forms import MaxChars, normalised


def new_submission_token() -> str:
    """A fresh token for one rendered form; a second submit of it stores nothing new."""
    return secrets.token_urlsafe(24)


class CommentForm(FlaskForm):
    """Post a comment, or a reply to one."""

    body = TextAreaField(
        _l("Your comment"),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter your comment")),
            MaxChars(config_key="COMMENT_MAX_LENGTH"),
        ],
        widget=GovTextArea(),
    )
    submission_token = HiddenField()
    submit = SubmitField(_l("Post comment"), widget=GovSubmitInput())

    def ensure_token(self) -> None:
        """Give the form a token unless it already carries the one it was posted with."""
        if not self.submission_token.data or len(self.submission_token.data) > 64:
            self.submission_token.data = new_submission_token()
