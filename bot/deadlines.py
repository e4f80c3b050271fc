"""The procedure clock: a person's own deadlines from the date on a document. Computed, shown, forgotten.

The periods are those of the Law on Asylum and Temporary Protection and the Law on Administrative
Disputes (see content/procedure.yaml and its sources). How the days are counted is not in our sources, so
the dates are estimates, counted the common way: from the day after the date on the document, the last
day included. A date that falls on a Sunday, a Saturday or a public holiday is flagged, with the working
day before it as the safe day to act; we never move a deadline later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import get_month_names

from bot.hours import holiday_name
from bot.i18n import LANGUAGES

EARLIEST_YEAR = 2018  # the Law on Asylum and Temporary Protection (24/2018)


@dataclass(frozen=True)
class Rule:
    key: str  # the view names and explains it (bot/views/deadlines.py)
    days: int
    opens_after: int | None = None  # a period that starts when another one ends (the 8 days after the 15)


# From the date on the registration certificate (potvrda o registraciji), Law on Asylum Art 35(3), 36(1)-(2):
# report to the asylum centre within 72 hours; lodge the application within 15 days; if the Asylum Office
# did not make that possible, lodge it yourself within the 8 days after the 15 end.
REGISTRATION: tuple[Rule, ...] = (Rule("centre", 3), Rule("lodge", 15), Rule("lodge-self", 23, opens_after=15))
# From the day a decision was delivered: appeal to the Asylum Commission within 15 days (Art 95), or 8 in the
# accelerated procedure and against dismissals (Art 40(5), 42(4)); a lawsuit at the Administrative Court
# within 30 days of the Commission's decision (Law on Administrative Disputes Art 18).
DECISION: tuple[Rule, ...] = (Rule("appeal", 15), Rule("appeal-fast", 8), Rule("court", 30))
KINDS = {"r": REGISTRATION, "d": DECISION}


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    due: date  # the last day
    opens: date | None  # the first day, for a period that opens later
    non_working: str | None  # "saturday", "sunday" or the holiday's name, when the last day is one
    safe_day: date  # the last working day on or before `due`


def working(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def compute(kind: str, start: date) -> list[Deadline]:
    """The deadlines from a registration ("r") or decision ("d") date, counted from the day after."""
    result = []
    for rule in KINDS[kind]:
        due = start + timedelta(days=rule.days)
        opens = start + timedelta(days=rule.opens_after + 1) if rule.opens_after else None
        non_working = holiday_name(due) or {5: "saturday", 6: "sunday"}.get(due.weekday())
        safe = due
        while not working(safe) and safe > start:
            safe -= timedelta(days=1)
        result.append(Deadline(rule, due, opens, non_working, safe))
    return result


# -- reading a typed date ---------------------------------------------------------------------------


class NotADate(ValueError):
    """The text is not shaped like a date: it is something else (search it)."""


class BadDate(ValueError):
    """Shaped like a date but not a usable one; `reason` is "no-such-day", "future" or "too-old"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SEP = r"[./\-\s،٫,]+"
# \d matches every script's digits (Arabic-Indic ٠-٩, Persian ۰-۹ ...), and int() reads them all.
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})\.?$")
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}|[^\W\d_]{{3,}}\.?){_SEP}(\d{{4}}|\d{{2}})\.?$")
_DM = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}|[^\W\d_]{{3,}}\.?)\.?$")
# For the message handler: text that may be a date (checked properly by parse_date).
DATE_SHAPE = re.compile(rf"^\s*\d{{1,4}}{_SEP}(?:\d{{1,2}}|[^\W\d_]{{3,}}\.?)(?:{_SEP}\d{{2,4}})?\.?\s*$")


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names in every language of the bot, wide and abbreviated, in both grammatical forms."""
    names: dict[str, int] = {}
    for language in LANGUAGES.values():
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, locale=language.babel_locale).items():
                    names.setdefault(name.lower().rstrip("."), number)
    return names


def _month(value: str) -> int:
    if value.isdigit():
        return int(value)
    number = _month_names().get(value.lower().rstrip("."))
    if number is None:
        raise NotADate(value)
    return number


def parse_date(text: str, today: date) -> date:
    """A date as people write it: 5.3.2026, 05/03/2026, 2026-03-05, 5 March 2026, ٥/٣/٢٠٢٦, ۱۴۰۵ is refused.

    Day before month, as in Serbia and on the certificate. Without a year, the last such day up to today.
    """
    text = text.strip()
    if match := _YMD.match(text):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif match := _DMY.match(text):
        day, month, year = int(match.group(1)), _month(match.group(2)), int(match.group(3))
        if year < 100:
            year += 2000
    elif match := _DM.match(text):
        day, month, year = int(match.group(1)), _month(match.group(2)), today.year
        try:
            if date(year, month, day) > today:
                year -= 1
        except ValueError:
            raise BadDate("no-such-day") from None
    else:
        raise NotADate(text)
    try:
        value = date(year, month, day)
    except ValueError:
        raise BadDate("no-such-day") from None
    if value > today:
        raise BadDate("future")
    if value.year < EARLIEST_YEAR:
        raise BadDate("too-old")  # also a year of another calendar, e.g. 1405 (Solar Hijri)
    return value
