"""The typed content model. YAML is validated into these classes once, at load time.

Views can then trust every field: ids are safe for callback data, phones are valid E.164 numbers,
URLs are https, and every text has an English version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, field_validator

from bot.i18n import LANGUAGES, N_

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


class LocalText(RootModel[dict[str, str]]):
    """A text with an English version and any number of translations, keyed by language code."""

    @field_validator("root")
    @classmethod
    def _check(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language code {', '.join(unknown)}; use one of {', '.join(LANGUAGES)}")
        if "en" not in value:
            raise ValueError("the English text (en) is missing")
        cleaned = {}
        for code, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {code} text is empty")
            cleaned[code] = text.strip()
        return cleaned

    def get(self, code: str) -> tuple[str, bool]:
        """The text in `code`, else English; the flag says whether English was used instead."""
        if code in self.root:
            return self.root[code], False
        return self.root["en"], code != "en"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    id: Id
    sources: list[str] = Field(min_length=1)
    reviewed_on: date


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
    hours: LocalText | None = None
    phones: list[Phone] = []
    email: Email | None = None
    website: HttpsUrl | None = None
    address: LocalText | None = None
    verified: bool = True


class Municipality(_Strict):
    id: Id
    name: str = Field(min_length=1)
    name_cyrillic: str = Field(min_length=1)


class Location(_Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Service(Entry):
    municipality: Id
    category: Category
    name: LocalText
    status: Status = "open"
    summary: LocalText | None = None
    address: LocalText | None = None
    location: Location | None = None
    hours: LocalText | None = None
    phones: list[Phone] = []
    email: Email | None = None
    website: HttpsUrl | None = None
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    eligibility: LocalText | None = None
    cost: LocalText | None = None
    verified: bool = True


class EmergencyNumber(Entry):
    label: LocalText
    phone: EmergencyPhone
    note: LocalText | None = None


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


@dataclass(frozen=True)
class Content:
    """All content, validated and cross-checked, with the lookups the views need."""

    steps: tuple[Step, ...]
    organisations: dict[str, Organisation]
    municipalities: dict[str, Municipality]
    services: dict[str, Service]
    emergency: tuple[EmergencyNumber, ...]
    _step_position: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_step_position", {step.id: i for i, step in enumerate(self.steps)})

    def step_position(self, step_id: str) -> int | None:
        return self._step_position.get(step_id)

    def organisations_for(self, need: str) -> list[Organisation]:
        return [org for org in self.organisations.values() if need in org.needs]

    def categories_in(self, municipality_id: str) -> list[str]:
        present = {s.category for s in self.services.values() if s.municipality == municipality_id}
        return [c for c in CATEGORIES if c in present]

    def services_in(self, municipality_id: str, category: str) -> list[Service]:
        return [
            s for s in self.services.values() if s.municipality == municipality_id and s.category == category
        ]
