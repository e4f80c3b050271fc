r"""Scrub personal data out of the text of a search that found nothing, before it is kept anywhere.

The text of an unanswered search may be kept so that coordinators can see what content is missing
(research/privacy.md §4, requirements R9–R11). People write their phone number, their personal
number (JMBG), a case number, an e-mail address or a Telegram username into the search box, so the
text is scrubbed in memory first, and nothing but the result of `scrub` may ever be written.

`scrub(text)` returns the text with placeholders, or None. None means "drop the text": any
exception inside the scrubber, and any result that still looks like it holds a long number or an
@-address, gives None, never the raw text (fail closed, R11). The caller counts the drop and moves on.

The steps, in order, and why each is there:

1. **Normalise** (`_normalise`).
   - NFKC: full-width and styled forms become plain ones ("０６４" → "064", "＠"/"﹫" → "@",
     "①②" → "12", "ｔ．ｍｅ" → "t.me"), so the patterns below see what a reader sees. NFKC does not
     change ordinary Latin, Cyrillic, Arabic or Persian text.
   - Every other digit becomes 0-9: Arabic-Indic ٠-٩, Persian ۰-۹, Devanagari, Bengali, dingbat
     digits ("❶", "➀") and so on. phonenumbers understands some of these, the digit-run fallback
     would not, and the result must not keep a number in any script.
   - Invisible characters that could split a number or an address are removed: zero-width spaces,
     bidi marks and isolates (Cf), and combining marks (Mn/Me) on digits ("0̲6̲4", keycap "6️⃣").
     "064\u200b123\u200b4567" would otherwise pass both the phone matcher and the digit-run regex
     as three short numbers. Joiners (ZWNJ/ZWJ) between two non-ASCII letters or emoji are kept,
     because Persian spelling ("می‌خواهم") and emoji sequences need them, and marks on non-ASCII
     letters (Arabic vowel signs) are kept; neither can sit inside a number once digits are ASCII.
2. **E-mails → `<EMAIL>`**, before links: a bare-domain link pattern would otherwise eat the
   domain of "ali@gmail.com/…" and leave "ali@". Lightly obfuscated forms are covered too
   ("ali (at) gmail (dot) com", "ali at gmail dot com", "ali @ gmail.com", "ali@gmail").
3. **Links → `<LINK>`**: URLs with a scheme, "www.", t.me / telegram.me / telegram.dog links with
   or without "https://", and any domain followed by a path ("wa.me/381…", "facebook.com/ali.k").
   A profile or invite link identifies a person as surely as a phone number.
4. **@handles → `<HANDLE>`**: a Telegram (or other) username is a direct identifier. E-mails are
   gone by now, so every "@" followed by a word character is a handle.
5. **Phone numbers → `<PHONE>`** with `phonenumbers.PhoneNumberMatcher` at `Leniency.POSSIBLE`,
   once for every region in `REGIONS`. The region decides how numbers written without "+" are read,
   and the default region lists of other tools leave Serbia out, so "064 123 4567" would be missed
   (§4.2, R10). POSSIBLE, not VALID: VALID misses real numbers in chat text ("broj:0641234567abc").
   POSSIBLE also flags dates and case numbers, which is harmless: statistics need no digits. A
   match is only replaced when it has at least 6 digits, so "2024", "10000 dinara" or a postal code,
   which POSSIBLE also accepts for some regions, stay as written.
6. **Any remaining run of 6 or more digits → `<NUMBER>`**, also with up to 3 spaces, dots, dashes,
   slashes, brackets, tildes or underscores between digits ("0641 234 567", "12/345-678", "0 6 4 1 2 3")
   or single commas ("064,123,4567"). This is the net under the phone matcher, and the only thing
   that catches JMBG (13 digits), passport, asylum-card and case numbers, for which no recognizer
   exists. Short numbers ("15 days", "72 hours", "call 192", "2024") stay: they carry meaning and
   identify nobody.
7. **Check** the result with separately compiled patterns: if a run of 6+ digits, an "@word" or a
   "word@word" is still there, return None.

What is not caught (§4.3–4.5), and why the text must still be kept short-lived and reviewed by a
named person: names and places ("Ahmad Karimi from Herat, Krnjača room 12"), spelled-out numbers
("zero six four…"), numbers written across several messages, and numbers of fewer than 6 digits.

Speed (measured on this 2-core machine, Python 3.11, phonenumbers 9.0.43): a typical 60-character
text takes about 0.05 ms without a number and 0.1 ms with a phone number or a JMBG (Serbia, tried
first, takes it). The matcher only sees the windows of digits and punctuation, not the whole text,
and tries the next region only while 6 or more digits are left. The slow case is a long number that
no region accepts (a 16-24 digit reference): every region tries it, about 1.5 ms for each such
number. Walls of digits (more than MAX_WINDOW_DIGITS in one window) skip the matcher and go to the
digit-run rule, so even a 4096-character message of digits takes under 5 ms. The tables below are
built once, at import (~70 ms).
"""

from __future__ import annotations

import logging
import re
import unicodedata

import phonenumbers

__all__ = ["REGIONS", "scrub", "PHONE", "EMAIL", "LINK", "HANDLE", "NUMBER"]

log = logging.getLogger(__name__)

PHONE = "<PHONE>"
EMAIL = "<EMAIL>"
LINK = "<LINK>"
HANDLE = "<HANDLE>"
NUMBER = "<NUMBER>"

# Default regions for numbers written without "+". Serbia first; then the main countries of origin
# and transit of people on the move in Serbia; then the neighbours (XK only if phonenumbers knows it).
REGIONS: tuple[str, ...] = tuple(
    region
    for region in (
        "RS",
        "AF", "SY", "IQ", "IR", "PK", "TR", "MA", "DZ", "TN", "EG", "BD", "IN", "BI", "CU", "RU", "UA", "BY",
        "BA", "HR", "HU", "MK", "BG", "RO", "ME", "GR", "AL", "XK",
    )
    if region in phonenumbers.SUPPORTED_REGIONS
)

MIN_DIGITS = 6  # a number with this many digits (or more) is personal data until shown otherwise


def _build_tables() -> tuple[dict[int, int], str]:
    """Digits of every script mapped to ASCII, and a regex class of the invisible characters.

    Planes 0, 1 and 14 hold every digit, format character (Cf) and combining mark (Mn, Me), so only
    those are scanned (a test checks this against the whole code space).
    """
    digits: dict[int, int] = {}
    invisible: list[int] = []
    category = unicodedata.category
    for cp in (*range(0x80, 0x20000), *range(0xE0000, 0xE1000)):
        ch = chr(cp)
        kind = category(ch)
        if kind in ("Cf", "Mn", "Me"):
            invisible.append(cp)
        elif kind in ("Nd", "No"):
            value = unicodedata.digit(ch, None)
            if value is not None:
                digits[cp] = 0x30 + value
    ranges: list[str] = []
    start = prev = invisible[0]
    for cp in [*invisible[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        ranges.append(f"\\U{start:08x}" if start == prev else f"\\U{start:08x}-\\U{prev:08x}")
        start = prev = cp
    return digits, "".join(ranges)


_DIGITS_TO_ASCII, _INVISIBLE_CLASS = _build_tables()
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE_CLASS}]+")
_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ

# Characters allowed between the digits of one number (after NFKC): whitespace of any kind, dots,
# slashes, brackets, underscores, tildes, hyphens and dashes, the minus sign, Arabic decimal and
# thousands separators, the middle dot (libphonenumber's punctuation, less the letter "x"). A single
# comma between two digits also counts ("064,123,4567"), but not a comma with a space, so that
# "aged 12, 14, 16" stays.
_SEPARATOR_CHARS = "./\\\\()\\[\\]_~\\-\u2010-\u2015\u2212\u2053\u223c\u066b\u066c\u00b7"
_SEPARATOR = re.compile(f"[\\s{_SEPARATOR_CHARS}]")
_DIGIT_RUN = re.compile(
    f"(?:\\+\\s?)?[0-9](?:(?:[\\s{_SEPARATOR_CHARS}]{{0,3}}|,)[0-9]){{{MIN_DIGITS - 1},}}"
)

# The local part of an e-mail starts where a run of such characters starts (the lookbehind keeps the
# search linear on long words).
_LOCAL = r"(?<![\w.+%'-])[\w.+%'-]+"
# E-mails. "@" may have one space on each side or be written "(at)"/"[at]"; dots may be "(dot)".
_AT = r"(?:\s?@\s?|\s?[(\[{<]\s?at\s?[)\]}>]\s?)"
_DOT = r"(?:\.|\s?[(\[{<]\s?dot\s?[)\]}>]\s?)"
_TLDS = r"(?:com|net|org|info|io|rs|ba|hr|mk|bg|ro|hu|gr|ru|ua|tr|ir|af|pk|iq|sy|eg|dz|tn|de|fr|ch|nl|uk|eu)"
_EMAIL = re.compile(f"{_LOCAL}{_AT}[\\w-]+(?:{_DOT}[\\w-]+)+", re.IGNORECASE)
# Spelled out: "ali at gmail dot com", "ali at gmail.com". Needs a known top-level domain at the end,
# so that "I arrived at Belgrade.Tomorrow" stays; domains that are also short words ("it", "me", "by",
# "se", "ma", "at") are left out of the list for the same reason.
_EMAIL_WORDS = re.compile(
    f"{_LOCAL}\\s+at\\s+[\\w-]+(?:(?:\\.|\\s+dot\\s+)[\\w-]+)*(?:\\.|\\s+dot\\s+){_TLDS}\\b",
    re.IGNORECASE,
)
_EMAIL_BARE = re.compile(f"{_LOCAL}@\\s?[\\w-]+")  # "ali@gmail", "ali@ gmail": no domain

# Links. A link ends at whitespace; trailing punctuation of the sentence stays outside.
_LINK_END = r"(?:[^\s]*[^\s.,;:!?)\]}'\"»…])?"
_LINK = re.compile(
    "|".join(
        (
            f"\\b(?:https?|ftp|tg)://{_LINK_END}",
            f"\\bwww\\.[\\w-]+{_LINK_END}",
            f"\\b(?:t|telegram)\\.(?:me|dog)/{_LINK_END}",
            f"(?<![\\w.-])(?:[\\w-]+\\.)+[a-z]{{2,}}/{_LINK_END}",
        )
    ),
    re.IGNORECASE,
)
# Where phone numbers can be: digits with up to 4 punctuation characters between them (the limit
# libphonenumber uses), after an optional "+" or "(". The matcher runs on these windows only, not on
# the whole text, so that text around the numbers is not searched 28 times, and a wall of digits
# (more than MAX_WINDOW_DIGITS, so no single phone number) does not cost 28 slow passes: it is left
# to the digit-run rule.
_PHONE_WINDOW = re.compile(f"(?:[+(\\[]\\s?){{0,2}}[0-9](?:[\\s{_SEPARATOR_CHARS}]{{0,4}}[0-9])*")
MAX_WINDOW_DIGITS = 34  # two full international numbers side by side

_HANDLE = re.compile(r"@\w(?:[\w.]*\w)?")

# The final check (step 7) under its own names, so that replacing or breaking a pattern above does
# not switch the check off too.
_LEFTOVER_RUN = re.compile(_DIGIT_RUN.pattern)
_LEFTOVER_ADDRESS = re.compile(r"@\w|\w@\s?\w")


def _drop_invisible(match: re.Match[str]) -> str:
    """Remove a run of format characters and combining marks unless it belongs to a word."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    # Next to ASCII (digits, Latin letters, "@", "."), whitespace or a separator, or at the start,
    # nothing invisible has a job to do, and it could split a number, an e-mail or a handle.
    if not before or before.isascii() or _SEPARATOR.match(before) or after.isdigit():
        return ""
    keep_joiners = bool(after) and not after.isascii() and _joinable(before) and _joinable(after)
    return "".join(
        ch
        for ch in match.group()
        if unicodedata.category(ch) != "Cf" or (keep_joiners and ch in _JOINERS)
    )


def _joinable(ch: str) -> bool:
    kind = unicodedata.category(ch)
    return kind[0] == "L" or kind in ("So", "Sk")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    text = text.translate(_DIGITS_TO_ASCII)
    return _INVISIBLE_RUN.sub(_drop_invisible, text)


def _digit_count(text: str) -> int:
    return sum(ch in "0123456789" for ch in text)


_POSSIBLE = phonenumbers.Leniency.POSSIBLE


def _replace_phones(text: str) -> str:
    if _digit_count(text) < MIN_DIGITS:
        return text
    return _PHONE_WINDOW.sub(_phones_in_window, text)


def _phones_in_window(window_match: re.Match[str]) -> str:
    window = window_match.group()
    digits = _digit_count(window)
    if digits < MIN_DIGITS or digits > MAX_WINDOW_DIGITS:
        return window  # too short to be kept as a number; or too long for a phone: <NUMBER> takes it
    for region in REGIONS:
        spans = [
            (match.start, match.end)
            for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=_POSSIBLE)
            if _digit_count(match.raw_string) >= MIN_DIGITS
        ]
        if not spans:
            continue
        for start, end in reversed(spans):
            window = window[:start] + PHONE + window[end:]
        if _digit_count(window) < MIN_DIGITS:
            break
    return window


def scrub(text: str) -> str | None:
    """The text with personal data replaced by placeholders, or None if it must be dropped.

    Never returns the raw text on an error: any exception gives None (the caller drops the text
    and counts the drop). Nothing about the text is logged.
    """
    try:
        if not isinstance(text, str):
            return None
        text = _normalise(text)
        text = _EMAIL.sub(EMAIL, text)
        text = _EMAIL_WORDS.sub(EMAIL, text)
        text = _EMAIL_BARE.sub(EMAIL, text)
        text = _LINK.sub(LINK, text)
        text = _HANDLE.sub(HANDLE, text)
        text = _replace_phones(text)
        text = _DIGIT_RUN.sub(NUMBER, text)
        if _LEFTOVER_RUN.search(text) or _LEFTOVER_ADDRESS.search(text):
            return None
        return text
    except Exception as exc:  # fail closed: whatever went wrong, the text is dropped
        log.warning("scrub failed (%s); text dropped", type(exc).__name__)
        return None
