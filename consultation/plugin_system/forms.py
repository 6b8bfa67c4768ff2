"""Forms on the officer plugin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired


class SwitchForm(FlaskForm):
    """Switch a plugin on or off site-wide (the button says which)."""


class SettingsSubmitForm(FlaskForm):
    """The button under a plugin's own settings fields."""

    submit = SubmitField(_l("Save settings"), widget=GovSubmitInput())


class ConsultationSwitchForm(FlaskForm):
    """Switch a plugin on or off for one consultation, or follow the site-wide switch."""

    consultation_id = SelectField(
        _l("Consultation"),
        coerce=str,
        validate_choice=False,
        validators=[InputRequired(message=_l("Select a consultation"))],
        widget=GovSelect(),
    )
    state = RadioField(
        _l("For this consultation, the plugin is"),
        choices=[
            ("on", _l("Switched on")),
            ("off", _l("Switched off")),
            ("site", _l("As on the rest of the site")),
        ],
        validators=[InputRequired(message=_l("Select whether the plugin is on or off"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Save for this consultation"), widget=GovSubmitInput())

    def validate_consultation_id(self, field: SelectField) -> None:
        """Refuse anything that is not one of the listed consultations."""
        from wtforms.validators import ValidationError

        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Select a consultation from the list"))
