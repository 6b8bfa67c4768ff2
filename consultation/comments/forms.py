"""The comment and reply form."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from consultation.forms import MaxChars, normalised, readable

#: What new_submission_token makes; anything else posted (a NUL byte, SQL,
#: 10,000 characters) is replaced rather than looked up in the database.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_submission_token() -> str:
    """A fresh token for one rendered form; a second submit of it stores nothing new."""
    return secrets.token_urlsafe(24)


class CommentForm(FlaskForm):
    """Post a comment, or a reply to one."""

    body = TextAreaField(
        _l("Your comment"),
        filters=[normalised],
        validators=[
            # DataRequired, not InputRequired: a comment of only spaces is empty once cleaned.
            DataRequired(message=_l("Enter your comment")),
            MaxChars(config_key="COMMENT_MAX_LENGTH"),
            readable,
        ],
        widget=GovTextArea(),
    )
    submission_token = HiddenField()
    submit = SubmitField(_l("Post comment"), widget=GovSubmitInput())

    def validate_submission_token(self, field: HiddenField) -> None:
        """Never an error: a missing or malformed token is replaced by a fresh one."""
        self.ensure_token()

    def ensure_token(self) -> None:
        """Give the form a token unless it already carries the one it was posted with."""
        if not _TOKEN_SHAPE.fullmatch(self.submission_token.data or ""):
            self.submission_token.data = new_submission_token()
