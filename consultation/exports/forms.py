"""The officer's export form: which format, and whether personal data goes in (and why)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from consultation.forms import MaxChars, normalised, readable


class ExportForm(FlaskForm):
    """Download every response: CSV for spreadsheets, JSON for other systems."""

    format = RadioField(
        _l("Format"),
        choices=[
            ("csv", _l("CSV – opens in Excel and other spreadsheets")),
            ("json", _l("JSON – for other systems")),
        ],
        default="csv",
        validators=[InputRequired(message=_l("Choose CSV or JSON"))],
        widget=GovRadioInput(),
    )
    personal = BooleanField(
        _l("Include personal data: email addresses, respondents' names and contact details"),
        widget=GovCheckboxInput(),
    )
    reason = TextAreaField(
        _l("Why do you need personal data in this export?"),
        description=_l(
            "Only if you include personal data. This goes in the audit log, for example "
            "“to reply to respondents who asked for an answer”."
        ),
        filters=[normalised],
        validators=[MaxChars(500), readable],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Download the responses"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:  # type: ignore[override]
        """The form's checks, and a reason whenever personal data is asked for."""
        valid = super().validate(extra_validators)
        if self.personal.data and not (self.reason.data or "").strip():
            self.reason.errors = [
                *self.reason.errors,
                _l("Enter why you need personal data, or untick “Include personal data”"),
            ]
            valid = False
        return valid
