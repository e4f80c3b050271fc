"""Is a place open now, and until when (or from when)? Evaluated in Belgrade time, with Serbia's public holidays.

Pure functions over the content's OpeningHours: the caller passes the moment to evaluate.
Public holidays come from the `holidays` package (Serbia: New Year, Orthodox Christmas, Statehood Day,
Orthodox Easter, Labour Day, Armistice Day, with the days observed when a holiday falls on a Sunday).
On a holiday a place has the hours given for `holidays`; if the content gives none, it is not counted as open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_lib

from bot.clock import BELGRADE
from bot.content.model import OpeningHours

LOOKAHEAD_DAYS = 14  # how far to look for the next opening (a long holiday, a place open one day a week)


@lru_cache(maxsize=64)
def _serbian_holidays(year: int) -> holidays_lib.HolidayBase:
    return holidays_lib.country_holidays("RS", years=year)


def holiday_name(day: date) -> str | None:
    """The (English) name of the Serbian public holiday on this day, if it is one."""
    return _serbian_holidays(day.year).get(day)


def spans_on(hours: OpeningHours, day: date) -> list[tuple[int, int]]:
    """Opening spans on a calendar day, in minutes from midnight.

    On a public holiday: the holiday hours; when the content does not give them, the place is not
    counted as open (the view says the hours may differ and to call first).
    """
    if holiday_name(day) is not None:
        return hours.on_holidays() or []
    return hours.by_day().get(day.weekday(), [])


@dataclass(frozen=True)
class HoursStatus:
    open: bool
    change: datetime | None  # when it closes (if open) or opens (if closed); None: not within the lookahead
    always: bool = False  # open around the clock for the whole lookahead


def _intervals(hours: OpeningHours, start: date, days: int) -> list[tuple[datetime, datetime]]:
    """Opening intervals from `start` for `days` days, in Belgrade time, touching ones merged (23:00-24:00 + 00:00-06:00)."""
    merged: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        midnight = datetime.combine(day, time(0), tzinfo=BELGRADE)
        for a, b in spans_on(hours, day):
            begin = _at(midnight, a)
            end = _at(midnight, b)
            if merged and merged[-1][1] >= begin:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((begin, end))
    return merged


def _at(midnight: datetime, minutes: int) -> datetime:
    """A wall-clock time on a day (24:00 is the next midnight), right across daylight-saving changes."""
    if minutes >= 24 * 60:
        next_day = midnight.date() + timedelta(days=1)
        return datetime.combine(next_day, time(0), tzinfo=BELGRADE)
    return datetime.combine(midnight.date(), time(minutes // 60, minutes % 60), tzinfo=BELGRADE)


def status(hours: OpeningHours, now: datetime) -> HoursStatus:
    """Open or closed at `now` (any timezone; evaluated in Belgrade), and the next change."""
    now = now.astimezone(BELGRADE)
    # From yesterday, so that a span running past midnight is seen.
    intervals = _intervals(hours, now.date() - timedelta(days=1), LOOKAHEAD_DAYS + 1)
    for begin, end in intervals:
        if begin <= now < end:
            horizon = datetime.combine(now.date() + timedelta(days=LOOKAHEAD_DAYS), time(0), tzinfo=BELGRADE)
            if end >= horizon:
                return HoursStatus(True, None, always=True)
            return HoursStatus(True, end)
        if begin > now:
            return HoursStatus(False, begin)
    return HoursStatus(False, None)
