"""Dates and times as officers type them: the GOV.UK date input, plus a time, in UK time.

Officers enter dates in Europe/London (whatever the season); they are stored
in UTC. A time that does not exist because the clocks go forward is refused
with a clear message; one that happens twice when they go back means the
first (British Summer Time).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from wtforms import Field, ValidationError
from wtforms.utils import unset_value

LONDON = ZoneInfo("Europe/London")
PARTS = ("day", "month", "year")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")


class NonexistentTime(ValueError):
    """A local time skipped when the clocks go forward."""


def parse_time(text: str) -> time | None:
    """'9am', '5:30pm', '17:30', 'midday', 'midnight' → a time; None if not understood."""
    value = re.sub(r"\s+", "", text.lower()).replace("a.m.", "am").replace("p.m.", "pm")
    if value in ("midday", "noon", "12noon"):
        return time(12, 0)
    if value in ("midnight", "12midnight"):
        return time(0, 0)
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), match[3]
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match[2] is None or hour > 23:
        return None  # "9" alone could be morning or evening
    if minute > 59:
        return None
    return time(hour, minute)


def format_time(value: time) -> str:
    """A time as officers type it: '9am', '5:30pm'."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def london_to_utc(day: date, at: time) -> datetime:
    """The UTC moment of a UK wall-clock time; NonexistentTime inside the spring gap."""
    local = datetime.combine(day, at).replace(tzinfo=LONDON, fold=0)
    back = local.astimezone(UTC).astimezone(LONDON)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(day, at)
    return local.astimezone(UTC)


def utc_to_london(value: datetime) -> datetime:
    """A stored UTC moment as UK wall-clock time."""
    return value.astimezone(LONDON)


class GovDateField(Field):
    """A GOV.UK date input (day, month, year), with an optional time, as one form field.

    The inputs are named `<name>-day`, `<name>-month`, `<name>-year` (and
    `<name>-time`); what was typed is kept in `parts` and shown again when
    there is an error. `data` is a `date`, or a UTC `datetime` with a time.
    """

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        date_name: str,
        time_name: str | None = None,
        required: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        #: How the date and time are named inside sentences ("opening date", "opening time").
        self.date_name = date_name
        self.time_name = time_name
        self.required = required
        self.parts: dict[str, str] = dict.fromkeys((*PARTS, "time"), "")

    @property
    def with_time(self) -> bool:
        """True when the field asks for a time as well as a date."""
        return self.time_name is not None

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        """Read the inputs from a submitted form, or show `data` (UTC) in UK time."""
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        names = [f"{self.name}-{part}" for part in self.parts]
        if formdata is not None and any(name in formdata for name in names):
            self.parts = {p: (formdata.get(f"{self.name}-{p}") or "").strip() for p in self.parts}
            self.raw_data = list(self.parts.values())
            try:
                self.data = self._parse()
            except ValueError as error:
                self.data = None
                self.process_errors.append(error.args[0])
            return
        self.data = data
        self._show(data)

    def _show(self, data: date | datetime | None) -> None:
        if isinstance(data, datetime):
            local = utc_to_london(data)
            self.parts = {
                "day": str(local.day),
                "month": str(local.month),
                "year": str(local.year),
                "time": format_time(local.time()),
            }
        elif isinstance(data, date):
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
            self.parts["time"] = ""

    def _parse(self) -> date | datetime | None:
        typed = [p for p in PARTS if self.parts[p]]
        if not typed and not (self.with_time and self.parts["time"]):
            return None
        missing = [p for p in PARTS if not self.parts[p]]
        if missing:
            names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            raise ValueError(
                _(
                    "%(name)s must include %(parts)s",
                    name=self.date_name.capitalize(),
                    parts=_(" and ").join(names[p] for p in missing),
                )
            )
        if not all(self.parts[p].isdigit() for p in PARTS):
            raise ValueError(_("%(name)s must be a real date", name=self.date_name.capitalize()))
        if len(self.parts["year"]) != 4:
            raise ValueError(_("Year must include 4 numbers"))
        try:
            day = date(int(self.parts["year"]), int(self.parts["month"]), int(self.parts["day"]))
        except ValueError:
            raise ValueError(
                _("%(name)s must be a real date", name=self.date_name.capitalize())
            ) from None
        if not self.with_time:
            return day
        if not self.parts["time"]:
            raise ValueError(
                _("Enter the %(name)s, for example 9am or 5:30pm", name=self.time_name)
            )
        at = parse_time(self.parts["time"])
        if at is None:
            raise ValueError(
                _(
                    "Enter the %(name)s in the correct format, for example 9am or 5:30pm",
                    name=self.time_name,
                )
            )
        from consultation.templating import long_date

        try:
            return london_to_utc(day, at)
        except NonexistentTime:
            raise ValueError(
                _(
                    "%(time)s does not exist on %(day)s because the clocks go forward – "
                    "choose another time",
                    time=format_time(at),
                    day=long_date(day),
                )
            ) from None

    def pre_validate(self, form) -> None:
        """A required field left empty gets 'Enter the …'."""
        if self.required and self.data is None and not self.process_errors:
            raise ValidationError(_("Enter the %(name)s", name=self.date_name))

    def _value(self) -> str:
        return ""
