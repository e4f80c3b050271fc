"""The typed content model. YAML is validated into these classes once, at load time.

Views can then trust every field: ids are safe for callback data, phones are valid E.164 numbers,
URLs are https, and every text has an English version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from bot.clock import BELGRADE
from bot.i18n import LANGUAGES, N_
from bot.translit import latin_to_cyrillic

# Closed lists: their labels are UI strings (translated through gettext), their keys go into callback data.
NEEDS: dict[str, str] = {
    "asylum": N_("Applying for asylum"),
    "appeal": N_("Appeal against a decision"),
    "detention": N_("Detention"),
    "child": N_("Child alone (under 18)"),
    "trafficking": N_("Trafficking or exploitation"),
    "family": N_("Family reunification"),
    "work": N_("Work"),
    "other": N_("Other questions"),
}
CATEGORIES: dict[str, str] = {
    "accommodation": N_("Accommodation"),
    "health": N_("Health"),
    "social": N_("Social work"),
    "police": N_("Police and registration"),
    "legal": N_("Legal aid and information"),
    "other": N_("Other help"),
}

Need = Literal["asylum", "appeal", "detention", "child", "trafficking", "family", "work", "other"]
Category = Literal["accommodation", "health", "social", "police", "legal", "other"]
Status = Literal["open", "suspended", "closed"]

# Ids travel inside callback data (64 bytes in all), so they are short and plain.
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,23}$")]

_SHORTENERS = {"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "shorturl.at"}
_EMAIL = re.compile(r"^[^@\s<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _phone(value: str) -> str:
    if re.search(r"[^\d\s+()./-]", value):
        # phonenumbers reads letters as keypad digits (O -> 6): a typo would become a wrong number.
        raise ValueError(f"{value!r} is not a phone number; write it as +381 11 1234567")
    try:
        number = phonenumbers.parse(value, "RS")
    except phonenumbers.NumberParseException:
        raise ValueError(f"{value!r} is not a phone number; write it as +381 11 1234567") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number; check the digits")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _short_or_phone(value: str) -> str:
    """Emergency lines may be short national numbers such as 192 or 116 000."""
    compact = value.replace(" ", "")
    if re.fullmatch(r"\d{3,6}", compact):
        return compact
    return _phone(value)


def _https_url(value: str) -> str:
    match = re.fullmatch(r"https://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(/\S*)?", value)
    if not match:
        raise ValueError(f"{value!r} is not an https:// web address")
    host = match.group(1).lower().removeprefix("www.")
    if host in _SHORTENERS:
        raise ValueError(f"{value!r} uses a link shortener; give the full address")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


Phone = Annotated[str, AfterValidator(_phone)]
EmergencyPhone = Annotated[str, AfterValidator(_short_or_phone)]
HttpsUrl = Annotated[str, AfterValidator(_https_url)]
Email = Annotated[str, AfterValidator(_email)]


def english_hash(text: str) -> str:
    """A short fingerprint of an English text: a translation records the one it was made from."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]


class Translation(BaseModel):
    """A translation with its provenance: the fingerprint of the English it was made from."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    text: str = Field(min_length=1)
    made_from: str | None = Field(default=None, alias="from", pattern=r"^[0-9a-f]{8}$")
    machine: bool = False


TranslationStatus = Literal["complete", "outdated", "machine", "missing"]


class LocalText(RootModel[dict[str, str | Translation]]):
    """A text with an English version and translations, keyed by language code.

    A translation is either plain text, or `{text: ..., from: <fingerprint of the English>, machine: true}`.
    When the English changes, its fingerprint changes, and every translation made from the old English
    shows as outdated until someone updates it.
    """

    # For editors: offer the language codes and require English (the validator below enforces both).
    model_config = ConfigDict(json_schema_extra={"propertyNames": {"enum": list(LANGUAGES)}, "required": ["en"]})

    @field_validator("root")
    @classmethod
    def _check(cls, value: dict[str, str | Translation]) -> dict[str, str | Translation]:
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language code {', '.join(unknown)}; use one of {', '.join(LANGUAGES)}")
        if "en" not in value:
            raise ValueError("the English text (en) is missing")
        if not isinstance(value["en"], str):
            raise ValueError("the English text (en) is the original: write it as plain text")
        cleaned: dict[str, str | Translation] = {}
        for code, item in value.items():
            text = item.text if isinstance(item, Translation) else item
            if not text.strip():
                raise ValueError(f"the {code} text is empty")
            cleaned[code] = item.model_copy(update={"text": text.strip()}) if isinstance(item, Translation) else text.strip()
        return cleaned

    @property
    def english(self) -> str:
        return self.root["en"]  # type: ignore[return-value]

    def text(self, code: str) -> str | None:
        item = self.root.get(code)
        return item.text if isinstance(item, Translation) else item

    def status(self, code: str) -> TranslationStatus:
        """complete, outdated (made from other English, or with no record of it), machine, or missing."""
        if code == "en":
            return "complete"
        item = self.root.get(code)
        if item is None:
            return "missing"
        if not isinstance(item, Translation) or item.made_from != english_hash(self.english):
            return "outdated"
        return "machine" if item.machine else "complete"

    def get(self, code: str) -> tuple[str, TranslationStatus]:
        """The text in `code` and its status; English (status "missing") when there is no translation."""
        text = self.text(code)
        if text is None:
            return self.english, "missing"
        return text, self.status(code)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LanguageCode = Literal["en", "ar", "fa", "ps", "ur", "tr", "fr", "ru", "uk", "es", "sr"]


class Entry(_Strict):
    id: Id
    sources: list[str] = Field(min_length=1)
    reviewed_on: date
    review_every_days: int = Field(default=180, ge=1, le=3650)
    # Words people type for this entry that its texts do not contain, per language (search only).
    keywords: dict[LanguageCode, list[Annotated[str, Field(min_length=1)]]] = {}

    def review_due(self) -> date:
        return self.reviewed_on + timedelta(days=self.review_every_days)

    def long_overdue(self, today: date) -> bool:
        """Not checked for more than twice its review interval: people should be told to double-check."""
        return today > self.reviewed_on + timedelta(days=2 * self.review_every_days)


class Step(Entry):
    title: LocalText
    what: LocalText
    where: LocalText
    deadlines: list[LocalText] = []
    bring: LocalText | None = None
    legal_need: Need


class Organisation(Entry):
    name: str = Field(min_length=1, max_length=64)
    summary: LocalText
    needs: list[Need] = Field(min_length=1)
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    opening_hours: OpeningHours | None = None
    hours: LocalText | None = None
    phones: list[Phone] = []
    email: Email | None = None
    website: HttpsUrl | None = None
    address: LocalText | None = None
    verified: bool = True


# Serbia's extent, with a small margin: a point outside is a typo (swapped or mistyped coordinates).
SERBIA_LAT = (41.8, 46.25)
SERBIA_LON = (18.8, 23.05)


class Location(_Strict):
    lat: float
    lon: float

    @model_validator(mode="after")
    def _in_serbia(self) -> Location:
        if not (SERBIA_LAT[0] <= self.lat <= SERBIA_LAT[1] and SERBIA_LON[0] <= self.lon <= SERBIA_LON[1]):
            swapped = SERBIA_LAT[0] <= self.lon <= SERBIA_LAT[1] and SERBIA_LON[0] <= self.lat <= SERBIA_LON[1]
            hint = " (latitude and longitude look swapped)" if swapped else ""
            raise ValueError(f"the point {self.lat}, {self.lon} is outside Serbia{hint}")
        return self


class Municipality(_Strict):
    id: Id
    name: str = Field(min_length=1)
    name_cyrillic: str = Field(min_length=1)
    centre: Location | None = None
    aliases: list[str] = []


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _days(key: str) -> list[int]:
    first, _, last = key.partition("-")
    if first not in DAYS or (last and last not in DAYS):
        raise ValueError(f"{key!r} is not a day or a range of days; use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, or holidays")
    start, end = DAYS.index(first), DAYS.index(last or first)
    if end < start:
        raise ValueError(f"{key!r}: the range of days goes backwards")
    return list(range(start, end + 1))


def _minutes(text: str) -> tuple[int, int]:
    match = _RANGE.match(text.replace(" ", ""))
    if not match:
        raise ValueError(f"{text!r} is not a time range; write it as 08:00-16:00")
    h1, m1, h2, m2 = map(int, match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start or end > 24 * 60:
        raise ValueError(f"{text!r}: the closing time must be after the opening time")
    return start, end


HOLIDAYS_KEY = "holidays"


class OpeningHours(RootModel[dict[str, str]]):
    """Weekly opening hours, e.g. `{mon-fri: "08:00-16:00", sat: "09:00-12:00, 14:00-16:00"}`.

    Days not named are closed. `holidays` gives the hours on Serbian public holidays (`closed`, or e.g.
    "00:00-24:00" for a place that never closes); without it, nobody knows, and the bot says so.
    Stored normalised: for each day (0 = Monday), sorted minute ranges.
    """

    @field_validator("root")
    @classmethod
    def _check(cls, value: dict[str, str]) -> dict[str, str]:
        seen: dict[int, str] = {}
        for key, ranges in value.items():
            if str(key) == HOLIDAYS_KEY:
                if str(ranges).strip() != "closed":
                    _spans(str(key), str(ranges))
                continue
            for day in _days(str(key)):
                if day in seen:
                    raise ValueError(f"{DAYS[day]} is given twice (in {seen[day]!r} and {key!r})")
                seen[day] = str(key)
            _spans(str(key), str(ranges))
        return value

    def by_day(self) -> dict[int, list[tuple[int, int]]]:
        week: dict[int, list[tuple[int, int]]] = {}
        for key, ranges in self.root.items():
            if key == HOLIDAYS_KEY:
                continue
            for day in _days(key):
                week[day] = _spans(key, ranges)
        return dict(sorted(week.items()))

    def on_holidays(self) -> list[tuple[int, int]] | None:
        """Hours on a public holiday: those given for `holidays` ([] for `closed`); None when the content does not say."""
        ranges = self.root.get(HOLIDAYS_KEY)
        if ranges is None:
            return None
        return [] if ranges.strip() == "closed" else _spans(HOLIDAYS_KEY, ranges)


def _spans(key: str, ranges: str) -> list[tuple[int, int]]:
    spans = sorted(_minutes(part) for part in ranges.split(","))
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if start < end:
            raise ValueError(f"{key}: the time ranges {ranges!r} overlap")
    return spans


class Service(Entry):
    municipality: Id
    category: Category
    name: LocalText
    status: Status = "open"
    summary: LocalText | None = None
    address: LocalText | None = None
    location: Location | None = None
    opening_hours: OpeningHours | None = None
    hours: LocalText | None = None
    phones: list[Phone] = []
    email: Email | None = None
    website: HttpsUrl | None = None
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    eligibility: LocalText | None = None
    cost: LocalText | None = None
    accessibility: LocalText | None = None
    verified: bool = True


class EmergencyNumber(Entry):
    label: LocalText
    phone: EmergencyPhone
    note: LocalText | None = None


Severity = Literal["info", "warning", "urgent"]
SEVERITY_ORDER = {"urgent": 0, "warning": 1, "info": 2}


def _belgrade(value: date | datetime, *, end: bool) -> datetime:
    """A notice's or event's time in Belgrade. A bare date means its whole day: from its start, or to its end."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=BELGRADE) if value.tzinfo is None else value.astimezone(BELGRADE)
    day = value + timedelta(days=1) if end else value
    return datetime.combine(day, time(0), tzinfo=BELGRADE)


class Notice(Entry):
    """An announcement shown from `starts` to `ends`: everywhere, or in the municipalities named.

    `starts`/`ends` are a date (the whole day) or a date and time in Belgrade time ("2026-03-10 14:00").
    """

    text: LocalText
    starts: datetime | date
    ends: datetime | date
    severity: Severity = "info"
    municipalities: list[Id] = []
    municipality: Id | None = None  # one municipality (the older form of `municipalities`)

    @model_validator(mode="after")
    def _dates(self) -> Notice:
        if self.until <= self.since:
            raise ValueError("ends: the notice ends before it starts")
        if self.municipality is not None and self.municipalities:
            raise ValueError("municipality: give either municipality or municipalities, not both")
        return self

    @property
    def since(self) -> datetime:
        return _belgrade(self.starts, end=False)

    @property
    def until(self) -> datetime:
        return _belgrade(self.ends, end=True)

    @property
    def places(self) -> list[str]:
        """The municipalities it concerns; empty for a notice for all of Serbia."""
        return [self.municipality] if self.municipality else list(self.municipalities)

    def active(self, when: datetime | date) -> bool:
        now = when if isinstance(when, datetime) else _belgrade(when, end=False) + timedelta(hours=12)
        return self.since <= now < self.until


class Event(Entry):
    """A community event or workshop: when, where, in which languages, who may come."""

    municipality: Id
    title: LocalText
    starts: datetime
    ends: datetime | None = None
    place: LocalText
    summary: LocalText | None = None
    who: LocalText | None = None  # who may come
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    organiser: str | None = Field(default=None, min_length=1, max_length=64)
    phones: list[Phone] = []
    website: HttpsUrl | None = None

    @model_validator(mode="after")
    def _times(self) -> Event:
        if self.ends is not None and self.end <= self.start:
            raise ValueError("ends: the event ends before it starts")
        return self

    @property
    def start(self) -> datetime:
        return _belgrade(self.starts, end=False)

    @property
    def end(self) -> datetime:
        """When it ends; two hours after the start when the content does not say."""
        return _belgrade(self.ends, end=False) if self.ends is not None else self.start + timedelta(hours=2)


class Phrase(Entry):
    """A sentence a person can show an official or a doctor: Serbian beside their own language."""

    text: LocalText
    sr_cyrillic: str | None = None  # when the automatic transliteration of the Serbian is not right

    def serbian_cyrillic(self) -> str | None:
        latin = self.text.text("sr")
        return self.sr_cyrillic or (latin_to_cyrillic(latin) if latin else None)


class Myth(Entry):
    myth: LocalText
    fact: LocalText


class VocabularyGroup(_Strict):
    """Words that mean the same thing for search, across languages, scripts and spellings."""

    id: Id
    words: list[Annotated[str, Field(min_length=1)]] = Field(min_length=2)
    category: Category | None = None  # a word of this group in a query narrows services to this category


class VocabularyFile(_Strict):
    groups: list[VocabularyGroup] = []
    # Words and phrases that put the emergency numbers first, whatever else the query says.
    crisis: dict[LanguageCode, list[Annotated[str, Field(min_length=1)]]] = {}


class ProcedureFile(_Strict):
    steps: list[Step] = Field(min_length=1)


class OrganisationsFile(_Strict):
    organisations: list[Organisation] = Field(min_length=1)


class MunicipalitiesFile(_Strict):
    municipalities: list[Municipality] = Field(min_length=1)


class ServicesFile(_Strict):
    services: list[Service] = []


class EmergencyFile(_Strict):
    numbers: list[EmergencyNumber] = Field(min_length=1)


class NoticesFile(_Strict):
    notices: list[Notice] = []


class EventsFile(_Strict):
    events: list[Event] = []


class PhrasesFile(_Strict):
    phrases: list[Phrase] = []


class MythsFile(_Strict):
    myths: list[Myth] = []


@dataclass(frozen=True)
class Content:
    """All content, validated and cross-checked, with the lookups the views need."""

    steps: tuple[Step, ...]
    organisations: dict[str, Organisation]
    municipalities: dict[str, Municipality]
    services: dict[str, Service]
    emergency: tuple[EmergencyNumber, ...]
    notices: tuple[Notice, ...] = ()
    events: tuple[Event, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    myths: tuple[Myth, ...] = ()
    vocabulary: VocabularyFile = field(default_factory=VocabularyFile)
    _step_position: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_step_position", {step.id: i for i, step in enumerate(self.steps)})

    @cached_property
    def search_index(self):
        """The search index of this content version, built once (at load, off the request path)."""
        from bot.search import SearchIndex

        return SearchIndex.build(self)

    def step_position(self, step_id: str) -> int | None:
        return self._step_position.get(step_id)

    def organisations_for(self, need: str) -> list[Organisation]:
        return [org for org in self.organisations.values() if need in org.needs]

    def categories_in(self, municipality_id: str) -> list[str]:
        present = {s.category for s in self.services.values() if s.municipality == municipality_id}
        return [c for c in CATEGORIES if c in present]

    def notices_for(self, when: datetime | date, municipality_id: str | None = None) -> list[Notice]:
        """Active notices, most severe first: for all of Serbia, or those concerning one municipality."""
        found = [
            n for n in self.notices
            if (municipality_id in n.places if municipality_id else not n.places) and n.active(when)
        ]
        return sorted(found, key=lambda n: SEVERITY_ORDER[n.severity])

    def events_between(self, start: datetime, end: datetime, municipality_id: str | None = None) -> list[Event]:
        """Events that have not ended by `start` and begin before `end`, soonest first."""
        found = [
            e for e in self.events
            if (municipality_id is None or e.municipality == municipality_id) and e.end > start and e.start < end
        ]
        return sorted(found, key=lambda e: (e.start, e.id))

    def services_in(self, municipality_id: str, category: str) -> list[Service]:
        return [
            s for s in self.services.values() if s.municipality == municipality_id and s.category == category
        ]
