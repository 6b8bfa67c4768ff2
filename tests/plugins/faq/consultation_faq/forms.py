"""The officer's form, and the plugin's settings form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from consultation.plugin_api import MaxChars, normalised, normalised_line


class EntryForm(FlaskForm):
    """Add a question and its answer."""

    question = StringField(
        _l("Question"),
        filters=[normalised_line],
        validators=[InputRequired(message=_l("Enter the question")), MaxChars(200)],
        widget=GovTextInput(),
    )
    answer = TextAreaField(
        _l("Answer"),
        filters=[normalised],
        validators=[InputRequired(message=_l("Enter the answer")), MaxChars(5000)],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Add question"), widget=GovSubmitInput())


class FaqSettingsForm(FlaskForm):
    """Settings officers change on /officer/plugins/faq (names carry the prefix)."""

    faq_heading = StringField(
        _l("Heading above the questions"),
        default="Questions and answers",
        filters=[normalised_line],
        validators=[InputRequired(message=_l("Enter a heading")), Length(max=80)],
        widget=GovTextInput(),
    )
