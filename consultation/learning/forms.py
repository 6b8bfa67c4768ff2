"""The evaluation form and the learning log's search box."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from consultation.forms import MaxChars, normalised, normalised_line, readable
from consultation.learning.services import REACH_LABELS, parse_cost


def _cost(form: FlaskForm, field: StringField) -> None:
    try:
        parse_cost(field.data)
    except ValueError:
        raise ValidationError(
            _l("Enter the cost in pounds, like 1250 or 1,250.50, or leave it empty")
        ) from None


class EvaluationForm(FlaskForm):
    """What worked and what did not, in a few short answers."""

    target_groups = TextAreaField(
        _l("Who did you set out to reach?"),
        description=_l("For example, young people, bus users, businesses in the town centre."),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter who you set out to reach")),
            MaxChars(2000),
            readable,
        ],
        widget=GovTextArea(),
    )
    reach = RadioField(
        _l("How far did you reach them?"),
        choices=list(REACH_LABELS.items()),
        validators=[InputRequired(message=_l("Choose how far you reached the groups"))],
        widget=GovRadioInput(),
    )
    reach_notes = TextAreaField(
        _l("What do the figures say about reach? (optional)"),
        description=_l("For example, which wards or groups responded less than you hoped."),
        filters=[normalised],
        validators=[MaxChars(2000), readable],
        widget=GovTextArea(),
    )
    channels_worked = SelectMultipleField(
        _l("Which channels worked well? (optional)"),
        choices=[],
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    channel_notes = TextAreaField(
        _l("What did you learn about the channels? (optional)"),
        filters=[normalised],
        validators=[MaxChars(2000), readable],
        widget=GovTextArea(),
    )
    cost = StringField(
        _l("What did the consultation cost in total, in pounds? (optional)"),
        description=_l("Staff time, printing, venues and advertising together."),
        filters=[normalised_line],
        validators=[MaxChars(20), _cost],
        widget=GovTextInput(),
    )
    went_well = TextAreaField(
        _l("What went well?"),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter what went well")),
            MaxChars(3000),
            readable,
        ],
        widget=GovTextArea(),
    )
    would_change = TextAreaField(
        _l("What would you change next time?"),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter what you would change next time")),
            MaxChars(3000),
            readable,
        ],
        widget=GovTextArea(),
    )
    tags = StringField(
        _l("Tags (optional)"),
        description=_l("Words the next team might search for, separated by commas."),
        filters=[normalised_line],
        validators=[MaxChars(500), readable],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save the evaluation"), widget=GovSubmitInput())
