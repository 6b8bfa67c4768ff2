"""Sign-in and registration forms."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from zxcvbn import zxcvbn

from consultation.forms import normalised_line, readable
from consultation.sanitiser import has_mixed_script_word

PASSWORD_MIN_LENGTH = 12


def _email_format(form: FlaskForm, field: StringField) -> None:
    try:
        validate_email(field.data or "", check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationError(
            _l("Enter an email address in the correct format, like name@example.com")
        ) from error


def _strong_password(form: FlaskForm, field: PasswordField) -> None:
    password = field.data or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValidationError(
            _l("Password must be %(n)s characters or more", n=PASSWORD_MIN_LENGTH)
        )
    if len(password) > 128:
        raise ValidationError(_l("Password must be 128 characters or fewer"))
    inputs = [
        form.email.data or "",
        getattr(form, "display_name", None) and form.display_name.data or "",
    ]
    # zxcvbn knows the common-password lists; score 3 means "safely unguessable".
    if zxcvbn(password[:100], user_inputs=[i for i in inputs if i])["score"] < 3:
        raise ValidationError(
            _l(
                "That password is too common or easy to guess. Try a few unrelated words "
                "together, like ‘kettle orbit meadow lantern’"
            )
        )


def _plain_display_name(form: FlaskForm, field: StringField) -> None:
    name = field.data or ""
    if has_mixed_script_word(name):
        raise ValidationError(
            _l("Display name must not mix letters from different alphabets in one word")
        )
    lowered = name.lower()
    if lowered.startswith(("cllr", "councillor")):
        raise ValidationError(
            _l(
                "Display name must not start with ‘Cllr’ or ‘Councillor’ – the site shows a "
                "badge on councillors’ comments"
            )
        )


class LoginForm(FlaskForm):
    """Sign in with email and password."""

    email = StringField(
        _l("Email address"),
        filters=[normalised_line],
        validators=[DataRequired(message=_l("Enter your email address"))],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password"))],
        widget=GovPasswordInput(),
    )
    remember = BooleanField(
        _l("Keep me signed in on this device for 30 days"), widget=GovCheckboxInput()
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class RegisterForm(FlaskForm):
    """Create a resident account."""

    email = StringField(
        _l("Email address"),
        filters=[normalised_line],
        validators=[
            DataRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            _email_format,
        ],
        widget=GovTextInput(),
    )
    display_name = StringField(
        _l("Display name"),
        description=_l("Shown next to your comments. You can use your first name or a nickname."),
        filters=[normalised_line],
        validators=[
            # Checked after cleaning: invisible characters alone are no name.
            DataRequired(message=_l("Enter a display name")),
            Length(max=80, message=_l("Display name must be 80 characters or fewer")),
            readable,
            _plain_display_name,
        ],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Create a password"),
        description=_l("At least 12 characters. A few unrelated words together work well."),
        validators=[InputRequired(message=_l("Enter a password")), _strong_password],
        widget=GovPasswordInput(),
    )
    ward_id = SelectField(
        _l("Your ward (optional)"),
        description=_l("Tells councillors for your area about your comments."),
        coerce=str,
        validate_choice=True,
        widget=GovSelect(),
    )
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())
