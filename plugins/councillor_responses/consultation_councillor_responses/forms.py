"""The plugin's forms: settings, replies, passing on, asking, councillors, pre-election dates."""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange

from consultation.plugin_api import GovDateField, MaxChars, normalised, normalised_line, readable
from consultation_councillor_responses.models import PassOn
from consultation_councillor_responses.workdays import REGIONS

#: What `new_token` makes; anything else posted is replaced, never looked up.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class WholeNumberField(IntegerField):
    """A whole number, with a message that names the field instead of WTForms' own."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the typed number; say plainly when it is not one."""
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        text = str(valuelist[0]).strip()
        if not text.isdigit():
            self.data = None
            raise ValueError(_l("%(label)s must be a whole number, like 10", label=self.label.text))
        self.data = int(text)


class SettingsForm(FlaskForm):
    """Settings officers change on /officer/plugins/councillor_responses."""

    councillor_responses_working_days = WholeNumberField(
        _l("Working days a councillor has to respond"),
        default=10,
        validators=[
            InputRequired(message=_l("Enter the number of working days to respond")),
            NumberRange(1, 60, message=_l("Working days to respond must be between 1 and 60")),
        ],
        widget=GovTextInput(),
    )
    councillor_responses_holiday_region = RadioField(
        _l("Bank holidays that are not working days"),
        choices=list(REGIONS.items()),
        default="ENG",
        validators=[InputRequired(message=_l("Select which bank holidays to skip"))],
        widget=GovRadioInput(),
    )
    councillor_responses_escalate_after = WholeNumberField(
        _l(
            "Tell the consultation's officer when a response is overdue by more than (working days)"
        ),
        default=5,
        validators=[
            InputRequired(message=_l("Enter after how many working days to tell the officer")),
            NumberRange(
                0,
                60,
                message=_l("Working days before telling the officer must be between 0 and 60"),
            ),
        ],
        widget=GovTextInput(),
    )
    councillor_responses_pre_election = RadioField(
        _l("During a pre-election period, councillors' replies"),
        choices=[
            ("notice", _l("carry a pre-election period notice")),
            ("pause", _l("are paused until the period ends")),
        ],
        default="notice",
        validators=[InputRequired(message=_l("Select what happens to replies before an election"))],
        widget=GovRadioInput(),
    )
    councillor_responses_public_pages = BooleanField(
        _l("Show each councillor's page, with their response record, to the public"),
        default=False,
        widget=GovCheckboxInput(),
    )


def new_token() -> str:
    """A fresh token for one rendered reply form; a second submit of it stores nothing new."""
    return secrets.token_urlsafe(24)


class ReplyForm(FlaskForm):
    """A councillor's reply to a request, posted as a comment."""

    body = TextAreaField(
        _l("Your reply"),
        filters=[normalised],
        validators=[
            # After the filter: a reply of spaces alone is no reply.
            DataRequired(message=_l("Enter your reply")),
            MaxChars(config_key="COMMENT_MAX_LENGTH"),
            readable,
        ],
        widget=GovTextArea(),
    )
    submission_token = HiddenField()
    submit = SubmitField(_l("Post reply"), widget=GovSubmitInput())

    def validate_submission_token(self, field: HiddenField) -> None:
        """Never an error: a missing or malformed token is replaced by a fresh one."""
        self.ensure_token()

    def ensure_token(self) -> None:
        """Give the form a token unless it carries the one it was posted with."""
        if not _TOKEN_SHAPE.fullmatch(self.submission_token.data or ""):
            self.submission_token.data = new_token()


class PassOnForm(FlaskForm):
    """Pass a request on: not my ward, referred to an officer, or declined."""

    reason = RadioField(
        _l("Why are you passing this on?"),
        choices=[
            (PassOn.NOT_MY_WARD.value, _l("It is not about my ward")),
            (PassOn.REFERRED.value, _l("An officer should answer it")),
            (PassOn.DECLINED.value, _l("I decline to respond")),
        ],
        validators=[InputRequired(message=_l("Select why you are passing this on"))],
        widget=GovRadioInput(),
    )
    ward = SelectField(
        _l("Which ward is it about? (if it is not about your ward)"),
        choices=[],
        default="",
        validate_choice=True,
        widget=GovSelect(),
    )
    detail = TextAreaField(
        _l("Explain why"),
        filters=[normalised],
        validators=[MaxChars(2000), readable],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Pass it on"), widget=GovSubmitInput())

    def validate_detail(self, field: TextAreaField) -> None:
        """Declining and referring need a reason; the officer and the record read it."""
        if self.reason.data == PassOn.DECLINED and not field.data:
            raise ValidationError(_l("Explain why you decline to respond"))
        if self.reason.data == PassOn.REFERRED and not field.data:
            raise ValidationError(_l("Explain what the officer needs to answer"))


class AskForm(FlaskForm):
    """An officer asks wards' councillors, or named councillors, to respond."""

    wards = SelectMultipleField(
        _l("Councillors for these wards"),
        choices=[],
        coerce=int,
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    councillors = SelectMultipleField(
        _l("These councillors"),
        choices=[],
        coerce=int,
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    submit = SubmitField(_l("Ask for a response"), widget=GovSubmitInput())

    def validate_wards(self, field: SelectMultipleField) -> None:
        """Somebody must be asked."""
        if not field.data and not self.councillors.data:
            raise ValidationError(_l("Select at least one ward or councillor"))


class RouteForm(FlaskForm):
    """Whether residents' comments in a thread go to their ward councillors."""

    route_comments = BooleanField(
        _l("Send each resident's comment in this question to the councillors for their ward"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class RuleForm(FlaskForm):
    """Whether ward councillors respond to every thread of a consultation."""

    ward_councillors = BooleanField(
        _l("Ward councillors respond to each question"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class AssignForm(FlaskForm):
    """An officer gives a request to a ward's councillors or to one councillor."""

    target = SelectField(
        _l("Who should respond"),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message=_l("Select who should respond"))],
        widget=GovSelect(),
    )
    submit = SubmitField(_l("Give it to them"), widget=GovSubmitInput())

    def validate_target(self, field: SelectField) -> None:
        """Only the wards and councillors offered (a stale page may send a removed one)."""
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Select who should respond"))


class CouncillorForm(FlaskForm):
    """What officers keep about a councillor: wards, committees, portfolio, term of office."""

    wards = SelectMultipleField(
        _l("Wards they represent"),
        choices=[],
        coerce=int,
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    portfolio = StringField(
        _l("Portfolio (optional)"),
        filters=[normalised_line],
        validators=[MaxChars(200), readable],
        widget=GovTextInput(),
    )
    committees = TextAreaField(
        _l("Committees (optional, one a line)"),
        filters=[normalised],
        validators=[MaxChars(2000), readable],
        widget=GovTextArea(),
    )
    term_starts = GovDateField(
        _l("Term of office starts (optional)"), date_name=_l("start of term")
    )
    term_ends = GovDateField(_l("Term of office ends (optional)"), date_name=_l("end of term"))
    submit = SubmitField(_l("Save councillor"), widget=GovSubmitInput())

    def validate_wards(self, field: SelectMultipleField) -> None:
        """A councillor represents at least one ward."""
        if not field.data:
            raise ValidationError(_l("Select at least one ward"))

    def validate_term_ends(self, field: GovDateField) -> None:
        """A term ends after it starts."""
        if field.data and self.term_starts.data and field.data < self.term_starts.data:
            raise ValidationError(_l("End of term must be after the start of term"))


class PeriodForm(FlaskForm):
    """An admin sets a pre-election period."""

    starts_on = GovDateField(_l("First day"), date_name=_l("first day"), required=True)
    ends_on = GovDateField(_l("Last day"), date_name=_l("last day"), required=True)
    submit = SubmitField(_l("Add the period"), widget=GovSubmitInput())

    def validate_ends_on(self, field: GovDateField) -> None:
        """The period ends on or after its first day."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Last day must be the same as or after the first day"))
