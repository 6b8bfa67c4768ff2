"""Working days: weekends, bank holidays and pre-election periods do not count.

Bank holidays come from the `holidays` library (kept up to date with each
year's proclamations, substitute days included). Nothing here reads the
database, so due dates can be worked out and tested on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from consultation.plugin_api import utcnow

#: Councils work to UK dates: "due on 6 January" means the day in London.
LONDON = ZoneInfo("Europe/London")

#: Bank-holiday calendars a council may choose (subdivisions of GB in `holidays`).
#: England and Wales share one list of bank holidays.
REGIONS: dict[str, str] = {
    "ENG": "England and Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}
DEFAULT_REGION = "ENG"

#: Days to look ahead before giving up: no request is due years after it was made.
_HORIZON = 3660

Suspension = tuple[date, date]


@lru_cache(maxsize=64)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """The bank holidays of `year` in `region` (a key of REGIONS)."""
    calendar = holidays.country_holidays("GB", subdiv=region, years=year)
    return frozenset(calendar.keys())


def is_working_day(
    day: date, region: str = DEFAULT_REGION, suspended: Iterable[Suspension] = ()
) -> bool:
    """True for a weekday that is neither a bank holiday nor inside a suspension."""
    if day.weekday() >= 5 or day in bank_holidays(region, day.year):
        return False
    return not any(start <= day <= end for start, end in suspended)


def add_working_days(
    start: date, count: int, region: str = DEFAULT_REGION, suspended: Iterable[Suspension] = ()
) -> date:
    """The `count`-th working day after `start` (`start` itself never counts)."""
    periods = tuple(suspended)
    day = start
    counted = 0
    for _ in range(_HORIZON):
        if counted >= count:
            return day
        day += timedelta(days=1)
        if is_working_day(day, region, periods):
            counted += 1
    raise ValueError(f"no {count} working days within {_HORIZON} days of {start}")


def working_days_between(
    start: date, end: date, region: str = DEFAULT_REGION, suspended: Iterable[Suspension] = ()
) -> int:
    """How many working days fall after `start` up to and including `end` (0 if none)."""
    periods = tuple(suspended)
    days = (end - start).days
    return sum(
        1
        for offset in range(1, min(days, _HORIZON) + 1)
        if is_working_day(start + timedelta(days=offset), region, periods)
    )


def uk_date(moment: datetime) -> date:
    """The date in the UK at `moment`."""
    return moment.astimezone(LONDON).date()


def today() -> date:
    """Today's date in the UK, from the server clock (the one clock tests move)."""
    return uk_date(utcnow())
