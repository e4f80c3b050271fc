"""Languages, gettext catalogs, locale negotiation and right-to-left helpers.

UI strings live in `locales/<code>/LC_MESSAGES/messages.po`; they are compiled in memory at start,
so no `.mo` file is committed and nothing is written to disk. Content translations live in YAML.
"""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"

# Unicode isolates (FSI ... PDI): a run of Latin script, digits or punctuation inside right-to-left text
# keeps its own direction, so "+381 11 123" or "Nemanjina 9" does not come out scrambled.
FSI = "\u2068"
PDI = "\u2069"
RLM = "\u200f"  # right-to-left mark: sets the direction of a line that starts with Latin script


@dataclass(frozen=True)
class Language:
    code: str  # our catalog code, also Telegram's language_code for setMyCommands
    native_name: str  # the language's name in its own script
    babel_locale: str  # the CLDR locale used for numbers and dates
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en"),
        Language("ar", "العربية", "ar", rtl=True),
        Language("fa", "فارسی / دری", "fa", rtl=True),
        Language("ps", "پښتو", "ps", rtl=True),
        Language("ur", "اردو", "ur", rtl=True),
        Language("tr", "Türkçe", "tr"),
        Language("fr", "Français", "fr"),
        Language("ru", "Русский", "ru"),
        Language("uk", "Українська", "uk"),
        Language("es", "Español", "es"),
        Language("sr", "Srpski", "sr_Latn"),
    )
}

# Telegram sends IETF tags; a few languages people here speak arrive under codes of close relatives.
_ALIASES = {
    "prs": "fa",  # Dari
    "pbu": "ps",
    "pbt": "ps",
    "bs": "sr",
    "hr": "sr",
    "sh": "sr",
    "cnr": "sr",
    "be": "ru",
}


@functools.lru_cache(maxsize=1024)  # Telegram sends few distinct tags; parsing one costs more than a search
def negotiate(language_code: str | None) -> str:
    """Map Telegram's `language_code` (an IETF tag, optional) to one of our languages, else English."""
    if not language_code:
        return DEFAULT_LANGUAGE
    try:
        language = Locale.parse(language_code.replace("_", "-"), sep="-").language
    except (UnknownLocaleError, ValueError, TypeError):
        language = language_code.split("-")[0].split("_")[0].lower()
    language = _ALIASES.get(language, language)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _compile(po_path: Path) -> Translations:
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=None, ignore_obsolete=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


class Translator:
    """Gettext for one language, plus what a view needs to know about that language."""

    def __init__(self, language: Language, translations: NullTranslations) -> None:
        self.language = language
        self._translations = translations

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def rtl(self) -> bool:
        return self.language.rtl

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def isolate(self, text: str) -> str:
        """Wrap a Latin-script run (phone, address, URL, name) so it reads correctly in RTL text.

        A line break ends an isolate, so each line is wrapped on its own.
        """
        if not self.rtl or not text:
            return text
        return "\n".join(f"{FSI}{line}{PDI}" if line else line for line in text.split("\n"))

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.language.babel_locale)


class Catalogs:
    """One compiled catalog per language, loaded once at start."""

    def __init__(self, locales_dir: Path) -> None:
        self._translators: dict[str, Translator] = {}
        for code, language in LANGUAGES.items():
            po_path = locales_dir / code / "LC_MESSAGES" / "messages.po"
            if code != DEFAULT_LANGUAGE and not po_path.is_file():
                log.warning("no UI catalog for %s at %s: showing English", code, po_path)
            translations = _compile(po_path) if po_path.is_file() else NullTranslations()
            self._translators[code] = Translator(language, translations)

    def __getitem__(self, code: str) -> Translator:
        return self._translators.get(code) or self._translators[DEFAULT_LANGUAGE]


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the language is known."""
    return message
