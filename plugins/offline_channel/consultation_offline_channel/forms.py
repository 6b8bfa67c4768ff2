"""The entry form: one offline response, with an answer field per question."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from consultation.plugin_api import GovDateField, MaxChars, normalised, normalised_line, readable
from consultation_offline_channel import equality
from consultation_offline_channel.services import CHANNELS, REASONS, normalise_postcode


def _postcode(form: FlaskForm, field: Any) -> None:
    try:
        field.data = normalise_postcode(field.data)
    except ValueError:
        raise ValidationError(_l("Enter a real postcode, like SW1A 1AA")) from None


class ResponseForm(FlaskForm):
    """The respondent, the channel and the date: shared by entry and correction."""

    channel = RadioField(
        _l("How was the response received?"),
        choices=list(CHANNELS.items()),
        validators=[InputRequired(message=_l("Select how the response was received"))],
        widget=GovRadioInput(),
    )
    received_on = GovDateField(_l("Date received"), date_name=_l("date received"), required=True)
    respondent = RadioField(
        _l("Who is responding?"),
        choices=[
            ("anonymous", _l("Anonymous")),
            ("named", _l("Named: they gave their name and contact details")),
        ],
        default="anonymous",
        validators=[InputRequired(message=_l("Select whether the respondent is anonymous"))],
        widget=GovRadioInput(),
    )
    name = StringField(
        _l("Respondent's name"),
        filters=[normalised_line],
        validators=[Optional(), MaxChars(120), readable],
        widget=GovTextInput(),
    )
    contact = TextAreaField(
        _l("Contact details (address, email or phone)"),
        filters=[normalised],
        validators=[Optional(), MaxChars(500), readable],
        widget=GovTextArea(),
    )
    wants_reply = BooleanField(_l("They would like a reply"), widget=GovCheckboxInput())
    postcode = StringField(
        _l("Postcode (optional)"),
        filters=[normalised_line],
        validators=[Optional(), _postcode],
        widget=GovTextInput(),
    )
    capacity = RadioField(
        _l("Are they responding as an individual or for an organisation?"),
        choices=[
            ("individual", _l("As an individual")),
            ("organisation", _l("On behalf of an organisation")),
        ],
        default="individual",
        validators=[InputRequired(message=_l("Select individual or organisation"))],
        widget=GovRadioInput(),
    )
    organisation = StringField(
        _l("Name of the organisation"),
        filters=[normalised_line],
        validators=[Optional(), MaxChars(200), readable],
        widget=GovTextInput(),
    )
    offline_reason = RadioField(
        _l("Why did they respond offline? (optional)"),
        choices=list(REASONS.items()),
        validators=[Optional()],
        widget=GovRadioInput(),
    )

    #: Names of the answer fields, in question order, set by `entry_form`.
    answer_names: list[tuple[str, int]] = []

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then: at least one answer; a name when not anonymous."""
        ok = super().validate(extra_validators)
        if self.received_on.data is None and not self.received_on.errors:
            self.received_on.errors = [_l("Enter the date received")]
            ok = False
        if not any((self[name].data or "").strip() for name, _ in self.answer_names):
            first = self[self.answer_names[0][0]]
            first.errors = [*first.errors, _l("Enter an answer to at least one question")]
            ok = False
        if self.respondent.data == "named" and not self.name.data:
            self.name.errors = [*self.name.errors, _l("Enter the name of the respondent")]
            ok = False
        if self.capacity.data == "organisation" and not self.organisation.data:
            self.organisation.errors = [
                *self.organisation.errors,
                _l("Enter the name of the organisation"),
            ]
            ok = False
        return ok

    def answers(self) -> dict[int, str]:
        """The answers typed, by thread id (blank ones left out)."""
        return {
            tid: self[name].data
            for name, tid in self.answer_names
            if (self[name].data or "").strip()
        }


class EntryForm(ResponseForm):
    """A new response: the shared fields, consent, optional equality monitoring."""

    token = HiddenField()
    privacy_notice = BooleanField(
        _l("The respondent was given the privacy notice"),
        validators=[
            InputRequired(message=_l("Confirm the respondent was given the privacy notice"))
        ],
        widget=GovCheckboxInput(),
    )
    # Equality monitoring: optional, special-category data, stored apart (equality.py).
    age_band = RadioField(
        equality.QUESTIONS["age_band"][0],
        choices=equality.choices("age_band"),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    sex = RadioField(
        equality.QUESTIONS["sex"][0],
        choices=equality.choices("sex"),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    disability = RadioField(
        equality.QUESTIONS["disability"][0],
        choices=equality.choices("disability"),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    ethnic_group = RadioField(
        equality.QUESTIONS["ethnic_group"][0],
        choices=equality.choices("ethnic_group"),
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Save response"), widget=GovSubmitInput())

    #: The equality-monitoring fields, in order (the template and the view loop over them).
    equality_names: tuple[str, ...] = tuple(equality.QUESTIONS)

    def equality_answers(self) -> dict[str, str | None]:
        """The equality-monitoring answers given (None where left blank)."""
        return {name: self[name].data or None for name in self.equality_names}


def entry_form(threads: list[Any], **kwargs: Any) -> EntryForm:
    """An entry form with one answer box per question; a fresh token on first view."""
    form = _with_answers(EntryForm, threads, **kwargs)
    if not form.token.data:
        form.token.data = secrets.token_hex(16)
    return form


class CorrectionForm(ResponseForm):
    """A correction of an entry: the shared fields, each answer given, and why."""

    reason = TextAreaField(
        _l("Why are you correcting this entry?"),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter why you are correcting this entry")),
            MaxChars(1000),
            readable,
        ],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save correction"), widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        """The shared checks; an answer given before cannot be blanked here."""
        ok = super().validate(extra_validators)
        for name, _tid in self.answer_names:
            if not (self[name].data or "").strip():
                # Replaces "at least one answer": here every answer given must stay.
                self[name].errors = [
                    _l("Enter the answer as written; a moderator can remove an answer")
                ]
                ok = False
        return ok


def correction_form(threads: list[Any], **kwargs: Any) -> CorrectionForm:
    """A correction form with a box for each question the response answered."""
    return _with_answers(CorrectionForm, threads, **kwargs)


def _with_answers(base: type[Any], threads: list[Any], **kwargs: Any) -> Any:
    """An instance of a subclass of `base` with one answer box per thread."""

    class _Form(base):  # type: ignore[valid-type, misc]
        pass

    names = []
    for thread in threads:
        name = f"answer_{thread.id}"
        setattr(
            _Form,
            name,
            TextAreaField(
                thread.title,
                filters=[normalised],
                validators=[Optional(), MaxChars(config_key="COMMENT_MAX_LENGTH"), readable],
                widget=GovTextArea(),
            ),
        )
        names.append((name, thread.id))
    _Form.answer_names = names
    return _Form(**kwargs)


class ImportForm(FlaskForm):
    """A CSV file of transcribed forms."""

    file = FileField(
        _l("Upload a CSV file"),
        validators=[FileRequired(message=_l("Select a CSV file"))],
        widget=GovFileInput(),
    )
    submit = SubmitField(_l("Check and import"), widget=GovSubmitInput())


class BatchForm(FlaskForm):
    """A new batch: an event or a post bag."""

    name = StringField(
        _l("Batch name"),
        filters=[normalised_line],
        validators=[
            InputRequired(message=_l("Enter a name for the batch")),
            MaxChars(120),
            readable,
        ],
        widget=GovTextInput(),
    )
    received_on = GovDateField(_l("Date received"), date_name=_l("date received"), required=True)
    place = StringField(
        _l("Place (optional)"),
        filters=[normalised_line],
        validators=[Optional(), MaxChars(200), readable],
        widget=GovTextInput(),
    )
    channel = RadioField(
        _l("How were they received?"),
        choices=list(CHANNELS.items()),
        validators=[InputRequired(message=_l("Select how the responses were received"))],
        widget=GovRadioInput(),
    )
    expected = IntegerField(
        _l("How many responses are in the batch?"),
        validators=[
            InputRequired(message=_l("Enter how many responses are in the batch, like 25")),
            NumberRange(1, 100_000, message=_l("Enter a whole number from 1 to 100000")),
        ],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Start batch"), widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, and a date received."""
        ok = super().validate(extra_validators)
        if self.received_on.data is None and not self.received_on.errors:
            self.received_on.errors = [_l("Enter the date received")]
            ok = False
        return ok


class CloseBatchForm(FlaskForm):
    """Closing a batch; a reason when entered and expected differ."""

    reason = TextAreaField(
        _l("Reason for closing with a different count (optional when the counts match)"),
        filters=[normalised],
        validators=[Optional(), MaxChars(1000), readable],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Close batch"), widget=GovSubmitInput())
