"""Outcome forms: the decision, "we asked / you said / we did", and linked points."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from consultation.forms import MaxChars, normalised, normalised_line
from consultation.officer.dates import GovDateField
from consultation.officer.forms import MARKDOWN_HINT, TokenForm

CHANGE_NOTE_HINT = _l(
    "The outcome is published: residents will see this note in its change history."
)


class OutcomeForm(TokenForm):
    """Write or revise the outcome."""

    decision = TextAreaField(
        _l("The decision taken"),
        filters=[normalised],
        validators=[MaxChars(5000)],
        widget=GovTextArea(),
    )
    decision_maker = StringField(
        _l("Who took the decision"),
        description=_l("For example Cabinet or Planning Committee."),
        filters=[normalised_line],
        validators=[MaxChars(120)],
        widget=GovTextInput(),
    )
    decision_date = GovDateField(_l("Date of the decision"), date_name=_l("decision date"))
    decision_url = StringField(
        _l("Link to the minutes or decision record (optional)"),
        description=_l("For example https://example.gov.uk/minutes"),
        filters=[normalised_line],
        validators=[Optional(), MaxChars(500)],
        widget=GovTextInput(),
    )
    we_asked = TextAreaField(
        _l("We asked"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[MaxChars(20_000)],
        widget=GovTextArea(),
    )
    you_said = TextAreaField(
        _l("You said"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[MaxChars(20_000)],
        widget=GovTextArea(),
    )
    we_did = TextAreaField(
        _l("We did"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[MaxChars(20_000)],
        widget=GovTextArea(),
    )
    change_note = TextAreaField(
        _l("What changed"),
        description=CHANGE_NOTE_HINT,
        filters=[normalised],
        validators=[MaxChars(1000)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save outcome"), widget=GovSubmitInput())


class PointForm(TokenForm):
    """One "you said, we did" point and what it answers."""

    body = TextAreaField(
        _l("What residents said and what we did about it"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter what residents said and what we did about it")),
            MaxChars(10_000),
        ],
        widget=GovTextArea(),
    )
    thread_ids = SelectMultipleField(
        _l("Questions this point answers"),
        coerce=int,
        choices=[],
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    comment_ids = StringField(
        _l("Comments this point answers (optional)"),
        description=_l(
            "Comment numbers, separated by commas, for example 12, 15. Each comment's "
            "number is shown on the question's page in the officer console."
        ),
        filters=[normalised_line],
        validators=[MaxChars(2000)],
        widget=GovTextInput(),
    )
    change_note = TextAreaField(
        _l("What changed"),
        description=CHANGE_NOTE_HINT,
        filters=[normalised],
        validators=[MaxChars(1000)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save point"), widget=GovSubmitInput())
