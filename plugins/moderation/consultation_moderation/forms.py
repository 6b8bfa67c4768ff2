"""The plugin's forms: settings, reporting a comment, decisions, the author's remedies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from consultation.plugin_api import MaxChars, normalised, normalised_line, readable
from consultation_moderation.house_rules import FLAG_REASONS, HOUSE_RULES


def _number(label, default: int, low: int, high: int, hint) -> IntegerField:
    message = _l("Enter a whole number from %(low)s to %(high)s", low=low, high=high)
    return IntegerField(
        label,
        default=default,
        description=hint,
        validators=[InputRequired(message=message), NumberRange(low, high, message=message)],
        widget=GovTextInput(),
    )


class ModerationSettingsForm(FlaskForm):
    """Site-wide settings, edited on /officer/plugins/moderation (names carry the prefix)."""

    moderation_mode = RadioField(
        _l("How comments are moderated unless a consultation says otherwise"),
        choices=[
            ("post", _l("Post-moderation: publish at once; automatic checks and reports hold")),
            ("pre", _l("Pre-moderation: every comment waits for a moderator")),
        ],
        default="post",
        validators=[InputRequired(message=_l("Select how comments are moderated"))],
        widget=GovRadioInput(),
    )
    moderation_flag_threshold = _number(
        _l("Reports that hide a comment until a moderator checks it"),
        3,
        1,
        100,
        _l("A published comment is hidden when this many people have reported it."),
    )
    moderation_max_links = _number(
        _l("Most links a comment may have before it is held"),
        2,
        0,
        50,
        _l("A comment with more links than this waits for a moderator."),
    )
    moderation_target_hours = _number(
        _l("Time target for a decision, in hours"),
        24,
        1,
        336,
        _l("Comments waiting longer are highlighted, and moderators are emailed once."),
    )
    moderation_classifier = RadioField(
        _l("Offensive-language classifier"),
        choices=[("on", _l("On: hold comments it finds offensive")), ("off", _l("Off"))],
        default="on",
        validators=[InputRequired(message=_l("Select whether the classifier is on"))],
        widget=GovRadioInput(),
    )
    moderation_classifier_threshold = _number(
        _l("Classifier certainty that holds a comment, in per cent"),
        90,
        50,
        99,
        _l("Lower holds more comments, including more that are fine."),
    )


class FlagForm(FlaskForm):
    """A resident reports a comment."""

    reason = RadioField(
        _l("Why are you reporting this comment?"),
        choices=list(FLAG_REASONS.items()),
        validators=[InputRequired(message=_l("Select why you are reporting this comment"))],
        widget=GovRadioInput(),
    )
    details = TextAreaField(
        _l("Tell us more"),
        description=_l("Needed if you chose ‘Something else’."),
        validators=[Optional(), MaxChars(500), readable],
        filters=[normalised],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Report comment"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """‘Something else’ needs words (checked here: `Optional` ends the field's own chain)."""
        valid = super().validate(extra_validators)
        if self.reason.data == "other" and not (self.details.data or "").strip():
            self.details.errors = [
                *self.details.errors,
                _l("Tell us what is wrong with the comment"),
            ]
            return False
        return valid


def _rule_choices() -> list[tuple[str, object]]:
    return [("", _l("Select a house rule"))] + [(rule.code, rule.title) for rule in HOUSE_RULES]


class DecisionForm(FlaskForm):
    """A moderator decides one comment; `version` is the item as the moderator saw it."""

    action = RadioField(
        _l("Decision"),
        choices=[],
        validators=[InputRequired(message=_l("Select a decision"))],
        widget=GovRadioInput(),
    )
    rule = SelectField(
        _l("House rule it breaks"),
        description=_l("Needed to reject or hide a comment. The author is told."),
        choices=_rule_choices,
        default="",
        widget=GovSelect(),
    )
    note = TextAreaField(
        _l("Note to the author (optional)"),
        description=_l("Sent with a rejection or a hidden comment, and shown on their comments."),
        validators=[Optional(), MaxChars(1000), readable],
        filters=[normalised],
        widget=GovTextArea(),
    )
    version = HiddenField()
    submit = SubmitField(_l("Save decision"), widget=GovSubmitInput())

    def validate_rule(self, field) -> None:
        """A rejection or a hidden comment must say which house rule it breaks."""
        if self.action.data in ("reject", "hide") and not field.data:
            raise ValidationError(_l("Select the house rule the comment breaks"))


class BulkForm(FlaskForm):
    """Approve or reject several waiting comments at once (the items come as `item` values)."""

    rule = SelectField(
        _l("House rule they break (to reject)"),
        choices=_rule_choices,
        default="",
        widget=GovSelect(),
    )
    note = TextAreaField(
        _l("Note to the authors (optional)"),
        validators=[Optional(), MaxChars(1000), readable],
        filters=[normalised],
        widget=GovTextArea(),
    )
    approve = SubmitField(_l("Approve selected"), widget=GovSubmitInput())
    reject = SubmitField(_l("Reject selected"), widget=GovSubmitInput())

    def validate_rule(self, field) -> None:
        """Rejecting needs a house rule."""
        if self.reject.data and not field.data:
            raise ValidationError(_l("Select the house rule the comments break"))


class EditForm(FlaskForm):
    """The author edits a rejected comment and sends it back to the moderators."""

    body = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(message=_l("Enter your comment")),
            MaxChars(config_key="COMMENT_MAX_LENGTH"),
            readable,
        ],
        filters=[normalised],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Send for moderation"), widget=GovSubmitInput())


class AppealForm(FlaskForm):
    """The author asks, once, for another moderator to look again."""

    reason = TextAreaField(
        _l("Why should another moderator look at this decision?"),
        validators=[
            DataRequired(message=_l("Tell us why the decision should be reviewed")),
            MaxChars(1000),
            readable,
        ],
        filters=[normalised],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Ask for a review"), widget=GovSubmitInput())


class TermForm(FlaskForm):
    """An officer adds a word or phrase to the list."""

    phrase = StringField(
        _l("Word or phrase"),
        description=_l(
            "Matched as whole words, ignoring capitals and accents, and seeing through "
            "look-alike characters such as 0 for o or $ for s."
        ),
        filters=[normalised_line],
        validators=[DataRequired(message=_l("Enter a word or phrase")), MaxChars(100)],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Add to the list"), widget=GovSubmitInput())


class RemoveForm(FlaskForm):
    """Take a word or phrase off the list (kept for the audit)."""

    submit = SubmitField(_l("Remove"), widget=GovSubmitInput())


class ModeForm(FlaskForm):
    """An officer picks the mode of one consultation."""

    mode = RadioField(
        _l("How are comments on this consultation moderated?"),
        choices=[
            ("site", _l("As the site default")),
            ("post", _l("Post-moderation: publish at once; automatic checks and reports hold")),
            ("pre", _l("Pre-moderation: every comment waits for a moderator")),
        ],
        validators=[InputRequired(message=_l("Select how comments are moderated"))],
        widget=GovRadioInput(),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
