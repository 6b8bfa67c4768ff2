"""Officer forms: consultations, questions, the timetable and people."""

from __future__ import annotations

import secrets

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
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from consultation.forms import MaxChars, normalised, normalised_line
from consultation.officer.dates import GovDateField
from consultation.teams import team_choices

#: Hint for every field that takes the Markdown subset the sanitiser keeps.
MARKDOWN_HINT = _l(
    "You can use ## for headings, **bold**, *italics*, lists starting with - or 1., "
    "> for quotes and [link text](https://…) for links."
)


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


class TokenForm(FlaskForm):
    """A form with a one-time token, so a double submit creates one record."""

    submission_token = HiddenField()

    def ensure_token(self) -> None:
        """Give the form a token unless it already carries the one it was posted with."""
        if not self.submission_token.data or len(self.submission_token.data) > 64:
            self.submission_token.data = secrets.token_urlsafe(24)


class ConsultationForm(TokenForm):
    """Create or edit a consultation (fields fixed by its lifecycle step are left out)."""

    title = StringField(
        _l("Title"),
        filters=[normalised_line],
        validators=[InputRequired(message=_l("Enter the title")), MaxChars(200)],
        widget=GovTextInput(),
    )
    slug = StringField(
        _l("Web address"),
        description=_l(
            "The last part of the page address, for example library-opening-hours. "
            "Leave it empty to make it from the title. It cannot change once the "
            "consultation opens."
        ),
        filters=[normalised_line, _lower],
        validators=[Optional(), MaxChars(120)],
        widget=GovTextInput(),
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("One or two sentences shown in lists and at the top of the page."),
        filters=[normalised],
        validators=[MaxChars(1000)],
        widget=GovTextArea(),
    )
    body = TextAreaField(
        _l("The proposal"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[MaxChars(50_000)],
        widget=GovTextArea(),
    )
    opens_at = GovDateField(
        _l("Opening date"), date_name=_l("opening date"), time_name=_l("opening time")
    )
    closes_at = GovDateField(
        _l("Closing date"), date_name=_l("closing date"), time_name=_l("closing time")
    )
    area = RadioField(
        _l("Which area does it affect?"),
        choices=[("whole", _l("The whole council area")), ("wards", _l("Particular wards"))],
        default="whole",
        widget=GovRadioInput(),
    )
    ward_ids = SelectMultipleField(
        _l("Wards affected"),
        description=_l("Only if it affects particular wards."),
        coerce=int,
        choices=[],
        validate_choice=True,
        widget=GovCheckboxesInput(),
    )
    decision_maker = StringField(
        _l("Who will take the decision"),
        description=_l("For example Cabinet or Planning Committee."),
        filters=[normalised_line],
        validators=[MaxChars(120)],
        widget=GovTextInput(),
    )
    decision_due = GovDateField(_l("Decision due"), date_name=_l("decision due date"))
    owning_team = RadioField(
        _l("Owning team"),
        choices=team_choices(),
        default="engagement",
        widget=GovRadioInput(),
    )
    contacts = TextAreaField(
        _l("Named contacts"),
        description=_l(
            "Who holds the relationship with the residents who respond: name, role and "
            "how to reach them, one per line. Only council staff see this."
        ),
        filters=[normalised],
        validators=[MaxChars(2000)],
        widget=GovTextArea(),
    )
    allow_resident_threads = BooleanField(
        _l("Let residents start their own discussions"), widget=GovCheckboxInput()
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ThreadForm(TokenForm):
    """Add or edit a question."""

    title = StringField(
        _l("Question"),
        filters=[normalised_line],
        validators=[InputRequired(message=_l("Enter the question")), MaxChars(200)],
        widget=GovTextInput(),
    )
    prompt = TextAreaField(
        _l("More detail (optional)"),
        description=MARKDOWN_HINT,
        filters=[normalised],
        validators=[MaxChars(10_000)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save question"), widget=GovSubmitInput())


class ExtendForm(FlaskForm):
    """Extend the closing date of an open consultation."""

    closes_at = GovDateField(
        _l("New closing date"),
        date_name=_l("new closing date"),
        time_name=_l("new closing time"),
        required=True,
    )
    reason = TextAreaField(
        _l("Why are you extending it?"),
        description=_l("Residents will see this on the consultation page."),
        filters=[normalised],
        validators=[
            InputRequired(message=_l("Enter the reason for the extension – residents will see it")),
            MaxChars(1000),
        ],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Extend the closing date"), widget=GovSubmitInput())


class CloseEarlyForm(FlaskForm):
    """Close an open consultation before its closing date."""

    reason = TextAreaField(
        _l("Why are you closing it early?"),
        description=_l("Residents will see this on the consultation page."),
        filters=[normalised],
        validators=[
            InputRequired(
                message=_l("Enter why the consultation is closing early – residents will see it")
            ),
            MaxChars(1000),
        ],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Close the consultation now"), widget=GovSubmitInput())


class RolesForm(FlaskForm):
    """An admin's changes to one person's roles, ward and team."""

    roles = SelectMultipleField(
        _l("Roles"), choices=[], validate_choice=True, widget=GovCheckboxesInput()
    )
    ward_id = SelectField(
        _l("Ward they represent"),
        description=_l("Needed for councillors."),
        choices=[],
        validate_choice=True,
        widget=GovSelect(),
    )
    team = SelectField(
        _l("Team"),
        description=_l("For council staff: their team's consultations come first."),
        choices=[],
        validate_choice=True,
        widget=GovSelect(),
    )
    submit = SubmitField(_l("Save roles"), widget=GovSubmitInput())
