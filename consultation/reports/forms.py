"""Forms for the decision report: channel costs and representative comments."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Field, StringField, SubmitField, TextAreaField, ValidationError

from consultation.forms import MaxChars, normalised, normalised_line, readable

#: Pounds and pence as people type them: "1,250", "£1,250.50", "0.99".
_MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
_HOURS = re.compile(r"^\d+(\.\d{1,2})?$")
#: £10 million: more than any one channel of one consultation costs.
MAX_PENCE = 1_000_000_000
MAX_HOURS = 100_000


def to_pence(text: str | None) -> int | None:
    """'£1,250.5' → 125050; None for text that is not an amount of money."""
    text = (text or "").strip()
    if not text:
        return 0
    if not _MONEY.match(text):
        return None
    amount = Decimal(text.lstrip("£").strip().replace(",", ""))
    return int(amount * 100)


def to_hundredths(text: str | None) -> int | None:
    """'7.5' hours → 750; None for text that is not a number of hours."""
    text = (text or "").strip()
    if not text:
        return 0
    if not _HOURS.match(text):
        return None
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


class MoneyField(StringField):
    """Pounds and pence, typed as text (so what was typed comes back); `.pence` after validation."""

    pence: int = 0

    def pre_validate(self, form: FlaskForm) -> None:
        """Parse the amount; say how to write it when it cannot be read."""
        pence = to_pence(self.data)
        if pence is None:
            raise ValidationError(
                _l(
                    "%(label)s must be an amount in pounds, like 120 or 120.50",
                    label=self.label.text,
                )
            )
        if pence > MAX_PENCE:
            raise ValidationError(
                _l("%(label)s must be £10,000,000 or less", label=self.label.text)
            )
        self.pence = pence


class HoursField(StringField):
    """Staff hours, with up to two decimal places; `.hundredths` after validation."""

    hundredths: int = 0

    def pre_validate(self, form: FlaskForm) -> None:
        """Parse the hours; say how to write them when they cannot be read."""
        hundredths = to_hundredths(self.data)
        if hundredths is None:
            raise ValidationError(_l("Staff hours must be a number of hours, like 7 or 7.5"))
        if hundredths > MAX_HOURS * 100:
            raise ValidationError(_l("Staff hours must be 100,000 or fewer"))
        self.hundredths = hundredths


def _money(label: object) -> MoneyField:
    return MoneyField(
        label,
        filters=[normalised_line],
        widget=GovTextInput(),
        render_kw={"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"},
    )


class CostForm(FlaskForm):
    """What one channel cost: staff time × rate, printing, venue and anything else."""

    staff_hours = HoursField(
        _l("Staff hours"),
        filters=[normalised_line],
        widget=GovTextInput(),
        render_kw={"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"},
    )
    hourly_rate = _money(_l("Hourly rate, in pounds"))
    printing = _money(_l("Printing and postage, in pounds"))
    venue = _money(_l("Venue hire, in pounds"))
    other = _money(_l("Anything else, in pounds"))
    other_note = StringField(
        _l("What the other costs were (optional)"),
        filters=[normalised_line],
        validators=[MaxChars(200), readable],
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save costs"), widget=GovSubmitInput())

    def validate_other_note(self, field: Field) -> None:
        """An amount under "anything else" needs words saying what it was."""
        if self.other.pence and not (field.data or "").strip():
            raise ValidationError(_l("Say what the other costs were"))


class RepresentativeForm(FlaskForm):
    """Mark a comment as representative, saying why."""

    note = TextAreaField(
        _l("Why this comment is representative (optional)"),
        description=_l("Shown with the comment in the report, for example the view it stands for."),
        filters=[normalised],
        validators=[MaxChars(1000), readable],
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Mark as representative"), widget=GovSubmitInput())
