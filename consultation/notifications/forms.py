"""Forms: email preferences, password reset, address confirmation, outbox retry."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

# The one password rule of the site, so a reset cannot choose a weaker password than sign-up.
from consultation.auth.forms import _email_format, _strong_password
from consultation.forms import normalised_line
from consultation.notifications.kinds import Kind
from consultation.notifications.models import Mode

MODE_CHOICES = [
    (Mode.IMMEDIATE.value, _l("Email me straight away")),
    (Mode.DAILY.value, _l("Email me once a day in a summary")),
    (Mode.OFF.value, _l("Do not email me")),
]


def field_name(kind: Kind) -> str:
    """The form field for a kind; plugin kinds have dots, which ids and anchors avoid."""
    return "kind-" + kind.name.replace(".", "-")


class _PreferencesBase(FlaskForm):
    submit = SubmitField(_l("Save your choices"), widget=GovSubmitInput())


def preferences_form(kinds: list[Kind], current: dict[str, Mode]) -> FlaskForm:
    """A form with one radio group per kind, set to the person's current choices."""

    class PreferencesForm(_PreferencesBase):
        pass

    for kind in kinds:
        setattr(
            PreferencesForm,
            field_name(kind),
            RadioField(
                kind.label,
                description=kind.description,
                choices=MODE_CHOICES,
                default=current[kind.name].value,
                validators=[InputRequired(message=_l("Choose how to hear about this"))],
                widget=GovRadioInput(),
            ),
        )
    return PreferencesForm()


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link."""

    email = StringField(
        _l("Email address"),
        description=_l("The address you use to sign in."),
        filters=[normalised_line],
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            _email_format,
        ],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    """Choose a new password through a reset link."""

    password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words together work well."),
        validators=[InputRequired(message=_l("Enter a new password")), _strong_password],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Save new password"), widget=GovSubmitInput())

    def __init__(self, *args, account_email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The password rule checks the password does not contain the address.
        self.email = SimpleNamespace(data=account_email)


class ConfirmForm(FlaskForm):
    """A single button (confirm the address, send the link again)."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class RetryForm(FlaskForm):
    """Retry one failed message, or all of them when no id is given."""

    message_id = HiddenField(validators=[Optional()])
    submit = SubmitField(_l("Retry"), widget=GovSubmitInput())
