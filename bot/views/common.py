"""Building blocks shared by every screen: Screen, buttons, escaping, paragraphs and splitting."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta

import phonenumbers
from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_day_names, match_skeleton
from babel.lists import format_list
from babel.units import format_unit
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import hours as hours_lib
from bot.clock import BELGRADE
from bot.content.model import DAYS, Entry, LocalText, Notice, OpeningHours
from bot.i18n import LANGUAGES, RLM, Translator
from bot.views.codec import Callback

MAX_MESSAGE_CHARS = 4096


class NotFound(LookupError):
    """A button refers to content that does not exist (any more)."""


@dataclass(frozen=True)
class Button:
    label: str
    callback: Callback | None = None
    url: str | None = None

    def to_telegram(self) -> InlineKeyboardButton:
        if self.url is not None:
            return InlineKeyboardButton(self.label, url=self.url)
        assert self.callback is not None
        return InlineKeyboardButton(self.label, callback_data=self.callback.encode())


@dataclass(frozen=True)
class Screen:
    """A message to show: HTML text (every outside string already escaped) and inline buttons."""

    text: str
    rows: tuple[tuple[Button, ...], ...] = ()

    def markup(self) -> InlineKeyboardMarkup | None:
        if not self.rows:
            return None
        return InlineKeyboardMarkup([[b.to_telegram() for b in row] for row in self.rows])


@dataclass(frozen=True)
class SendContact:
    """Send a phone contact card (sendContact), followed by buttons back."""

    phone_number: str
    first_name: str
    rows: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class SendVenue:
    """Send a place on the map (sendVenue), followed by buttons back."""

    latitude: float
    longitude: float
    title: str
    address: str
    rows: tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class AskLocation:
    """A message with a reply keyboard: a button that shares the location (Telegram allows it only there), and one to cancel."""

    text: str
    share_label: str
    cancel_label: str
    rows: tuple[tuple[Button, ...], ...] = ()  # no inline buttons: a message has one keyboard, here the reply keyboard


@dataclass(frozen=True)
class SendDocument:
    """A file to send (sendDocument), with a caption and buttons back."""

    filename: str
    content: bytes
    caption: str
    rows: tuple[tuple[Button, ...], ...]


def moment(when: date | datetime) -> tuple[date, datetime]:
    """(today, now) in Belgrade from either; a bare date (tests, content checks) stands for its noon."""
    if isinstance(when, datetime):
        now = when.astimezone(BELGRADE)
        return now.date(), now
    return when, datetime.combine(when, time(12), tzinfo=BELGRADE)


def esc(text: str) -> str:
    """Escape a content or user string for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


class Page:
    """Collects the paragraphs of one screen, escaping content and noting untranslated parts."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self._paragraphs: list[str] = []
        self.statuses: set[str] = set()  # translation statuses of the content shown

    def label(self, text: LocalText) -> str:
        """The text in the user's language, unescaped, for a button; notes its translation status."""
        value, status = text.get(self.t.code)
        self.statuses.add(status)
        return value

    def local(self, text: LocalText, *, latin: bool = False) -> str:
        """The text in the user's language (escaped); falls back to English and notes that it did.

        In right-to-left languages, English shown as a fallback, and fields that are Latin script by
        nature (`latin=True`: addresses, names, hours), are isolated so they keep their direction.
        """
        value, status = text.get(self.t.code)
        self.statuses.add(status)
        if status == "missing" or latin:
            return esc(self.t.isolate(value))
        if self.t.rtl:
            # A number written in groups ("+381 11 363 51 74", "116 000") inside right-to-left text
            # would show its groups in reverse order; isolated, it reads as written.
            value = _NUMBER_RUN.sub(lambda m: self.t.isolate(m.group(0)), value)
        return esc(value)

    def add(self, *lines: str | None) -> None:
        """Add one paragraph made of the given (already escaped) lines; empty lines are skipped."""
        kept = [line for line in lines if line]
        if kept:
            self._paragraphs.append("\n".join(kept))

    def section(self, heading: str, body: str | None) -> None:
        if body:
            self.add(f"<b>{esc(heading)}</b>", body)

    def verified(self, entry: Entry, today: date) -> None:
        """When the entry was last checked, and a caution when that is long ago."""
        _ = self.t.gettext
        when = format_date(entry.reviewed_on, format="medium", locale=self.t.locale)
        self.add("<i>" + esc(_("Verified on {date}").format(date=when)) + "</i>")
        if entry.long_overdue(today):
            caution = _("This was last checked long ago and may have changed. Before you rely on it, ask a free legal-aid organisation (⚖️ Legal help).")
            self.add("⚠️ " + esc(caution))

    def render(self) -> str:
        paragraphs = list(self._paragraphs)
        _ = self.t.gettext
        notes = {
            "missing": _("ℹ️ Parts of this page are not yet translated and are shown in English."),
            "outdated": _("ℹ️ Parts of this page were changed in English; their translation may be out of date."),
            "machine": _("ℹ️ Parts of this page were translated by machine and not yet checked by a person."),
        }
        if self.t.code != "en":
            paragraphs += ["<i>" + esc(note) + "</i>" for status, note in notes.items() if status in self.statuses]
        text = "\n\n".join(paragraphs)
        if self.t.rtl:
            # Telegram apps give each line the direction of its first strong letter. A line that starts
            # with "Putokaz", a phone or English would be laid out left to right inside an Arabic-script
            # page; a right-to-left mark first keeps every line of the page right to left.
            text = "\n".join(RLM + line if line else line for line in text.split("\n"))
        return text


def format_phone(t: Translator, e164: str) -> str:
    """A phone number as Telegram makes it tappable: international format, isolated in RTL text."""
    if not e164.startswith("+"):
        return t.isolate(e164)
    number = phonenumbers.parse(e164)
    return t.isolate(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def opening_hours(t: Translator, hours: OpeningHours) -> str:
    """Weekly hours in the reader's day names, consecutive days with the same hours grouped: "Mon–Fri 08:00–16:00"."""
    names = get_day_names("abbreviated", locale=t.locale)
    week = hours.by_day()
    groups: list[tuple[int, int, list[tuple[int, int]]]] = []
    for day in range(len(DAYS)):
        spans = week.get(day)
        if spans is None:
            continue
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], day, spans)
        else:
            groups.append((day, day, spans))

    def clock(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    parts = []
    for first, last, spans in groups:
        days = names[first] if first == last else f"{names[first]}–{names[last]}"
        times = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in spans)
        parts.append(f"{days} {t.isolate(times)}")
    holiday = hours.on_holidays()
    if holiday:
        times = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in holiday)
        label = t.gettext("public holidays")
        parts.append(f"{label} {t.isolate(times)}")
    elif holiday == []:
        parts.append(t.gettext("closed on public holidays"))
    return esc(" · ".join(parts))


_NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def native_digits(t: Translator, text: str) -> str:
    """Digits in the reader's numbering system (CLDR default: Persian digits for fa and ps)."""
    digits = _NATIVE_DIGITS.get(t.locale.default_numbering_system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


@lru_cache(maxsize=256)
def _pattern(locale: Locale, skeleton: str) -> str:
    """The CLDR pattern for a skeleton in a locale (Babel looks it up anew on every call otherwise)."""
    return locale.datetime_skeletons[match_skeleton(skeleton, locale.datetime_skeletons)].pattern


def clock_time(t: Translator, moment_: datetime) -> str:
    return native_digits(t, format_time(moment_, _pattern(t.locale, "Hm"), locale=t.locale))


def day_and_time(t: Translator, moment_: datetime) -> str:
    return native_digits(t, format_datetime(moment_, _pattern(t.locale, "EEEHm"), locale=t.locale))


def long_date(t: Translator, day: date) -> str:
    """A date the way the reader's language writes it, weekday first: "Sat, Jan 31, 2026", "شنبه ۳۱ ژانویهٔ ۲۰۲۶"."""
    return native_digits(t, format_date(day, _pattern(t.locale, "yMMMEd"), locale=t.locale))


def kilometres(t: Translator, value: float) -> str:
    return native_digits(t, format_unit(round(value, 1), "length-kilometer", "short", format="#,##0.0", locale=t.locale, numbering_system="default"))


def hours_now(t: Translator, hours: OpeningHours, now: datetime) -> str:
    """ "🕒 Open now · closes 16:00" or "🕒 Closed · opens Mon 08:00" (escaped)."""
    _ = t.gettext
    result = hours_lib.status(hours, now)
    if result.open:
        if result.always:
            return esc(_("🕒 Open now · 24 hours"))
        closes = result.change
        assert closes is not None
        # Closing at midnight tonight reads "closes 00:00"; closing on another day names the day.
        tonight = closes.time() == time(0) and closes.date() == now.date() + timedelta(days=1)
        when = clock_time(t, closes) if closes.date() == now.date() or tonight else day_and_time(t, closes)
        return esc(_("🕒 Open now · closes {time}").format(time=when))
    holiday = hours_lib.holiday_name(now.date()) is not None
    if holiday and hours.on_holidays() is None:
        return esc(_("🕒 Public holiday today: the hours may differ; call first"))
    if result.change is None:
        text = _("🕒 Closed now")
    else:
        if result.change.date() == now.date():
            when = clock_time(t, result.change)
        elif result.change.date() - now.date() < timedelta(days=7):
            when = day_and_time(t, result.change)
        else:
            when = long_date(t, result.change.date()) + " " + clock_time(t, result.change)
        text = _("🕒 Closed · opens {time}").format(time=when)
    if holiday:
        text += " · " + _("public holiday")
    return esc(text)


def notice_lines(page: Page, notices: list[Notice] | tuple[Notice, ...]) -> None:
    """Notices on top of a screen, most severe first, each marked by its severity."""
    marks = {"urgent": "🚨 ", "warning": "⚠️ ", "info": "📢 "}
    for notice in notices:
        text = page.local(notice.text)
        page.add(marks[notice.severity] + (f"<b>{text}</b>" if notice.severity == "urgent" else text))


def language_names(t: Translator, codes: list[str]) -> str:
    """Names of languages, in the reader's language and list style (CLDR), e.g. "انگلیسی، صربی و عربی"."""
    names = [t.locale.languages.get(code) or (LANGUAGES[code].native_name if code in LANGUAGES else code) for code in codes]
    return esc(format_list(names, locale=t.locale))


def nav_rows(
    t: Translator, *, back: Callback | None = None, back_label: str | None = None, emergency: bool = True
) -> tuple[tuple[Button, ...], ...]:
    """The rows at the bottom of every screen: back (if any), then emergency and the main menu."""
    _ = t.gettext
    rows: list[tuple[Button, ...]] = []
    if back is not None:
        rows.append((Button(back_label or _("⬅️ Back"), back),))
    bottom = [Button(_("🏠 Main menu"), Callback("m", lang=t.code))]
    if emergency:
        bottom.insert(0, Button(_("🆘 Emergency"), Callback("em", lang=t.code)))
    rows.append(tuple(bottom))
    return tuple(rows)


_TAG = re.compile(r"<[^>]+>")
# Digits in groups separated by spaces, dashes or slashes, optionally with a leading +.
_NUMBER_RUN = re.compile(r"\+?\d+(?:[ \-/]\d+)+")


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split HTML text into messages of at most `limit` characters, at paragraph boundaries.

    Views keep every tag inside one paragraph, so each part stays valid HTML. A single paragraph
    longer than the limit is split at line breaks or spaces with its formatting dropped.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        pieces = [paragraph] if len(paragraph) <= limit else _hard_split(_TAG.sub("", paragraph), limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts


def _hard_split(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
            # Never cut an HTML entity such as &amp; in half.
            amp = text.rfind("&", max(0, cut - 8), cut)
            if amp != -1 and ";" not in text[amp:cut]:
                cut = amp
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces
