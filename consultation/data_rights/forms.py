"""Forms of the data-rights pages (CSRF on each, through FlaskForm)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired

from consultation.forms import normalised_line


class DeleteAccountForm(FlaskForm):
    """Erase my account: the password again, so a borrowed unlocked phone cannot."""

    password = PasswordField(
        _l("Your password"),
        description=_l("Enter your password to confirm it is you."),
        validators=[InputRequired(message=_l("Enter your password"))],
        widget=GovPasswordInput(),
    )
    submit = SubmitField(_l("Delete my account"), widget=GovSubmitInput())


class AccountDownloadForm(FlaskForm):
    """Staff: download everything held about one account (CSRF only)."""

    submit = SubmitField(_l("Download (JSON)"), widget=GovSubmitInput())


class RecordDownloadForm(FlaskForm):
    """Staff: download one plugin record found by a search (the search is repeated)."""

    q = HiddenField()
    plugin = HiddenField()
    reference = HiddenField()
    submit = SubmitField(_l("Download (JSON)"), widget=GovSubmitInput())


class EraseAccountForm(FlaskForm):
    """Admins: erase someone's account, confirmed by typing their email address."""

    confirm_email = StringField(
        _l("Type the person’s email address to confirm"),
        filters=[normalised_line],
        validators=[InputRequired(message=_l("Enter the person’s email address to confirm"))],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Erase the account"), widget=GovSubmitInput())
