"""The scrubber for unanswered search text (research/privacy.md §4, R9–R11).

Every case checks the same three things: the expected placeholders are there, no run of 6 or more
digits is left (in any script, with separators, after removing invisible characters), and no
@-address is left. The check is written here independently of the scrubber's own patterns.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analytics import scrub as scrub_module
from bot.analytics.scrub import EMAIL, HANDLE, LINK, NUMBER, PHONE, REGIONS, scrub

ANY_NUMBER = (PHONE, NUMBER)  # an ID may look like a phone number to some region; either way it is gone

# (text, placeholders that must appear, pieces of the text that must be kept)
CASES: list[tuple[str, tuple, tuple[str, ...]]] = [
    # Serbian numbers, national and international formats
    ("064 123 4567", (PHONE,), ()),
    ("0641234567", (PHONE,), ()),
    ("+381 64 123 4567", (PHONE,), ()),
    ("00381641234567", (PHONE,), ()),
    ("011/123-4567", (PHONE,), ()),
    ("+381 (0)11 1234567", (PHONE,), ()),
    ("broj:0641234567abc", (PHONE,), ("broj:", "abc")),
    ("064/123-4567", (PHONE,), ()),
    ("064-123-45-67", (PHONE,), ()),
    ("(064) 123 4567", (PHONE,), ()),
    ("064 - 123 - 4567", (PHONE,), ()),
    ("number 64 1234567", (PHONE,), ("number ",)),
    ("0641 234 567", (ANY_NUMBER,), ()),
    ("0 6 4 1 2 3 4 5 6 7", (ANY_NUMBER,), ()),
    ("064,123,4567", (ANY_NUMBER,), ()),
    ("Moj broj je 064 123 4567, zovite me", (PHONE,), ("Moj broj je ", ", zovite me")),
    ("Call me: 064 123 4567 or 065 765 4321.", (PHONE,), ("Call me: ", " or ")),
    ("мој број је +381 64 123 4567 хвала", (PHONE,), ("мој број је ", " хвала")),
    # Arabic-Indic and Persian digits, also mixed with ASCII ones
    ("٠٦٤١٢٣٤٥٦٧", (PHONE,), ()),
    ("۰۶۴۱۲۳۴۵۶۷", (PHONE,), ()),
    ("رقمي ٠٦٤١٢٣٤٥٦٧ من فضلك", (PHONE,), ("رقمي ", " من فضلك")),
    ("شماره من ۰۹۱۲۳۴۵۶۷۸۹ است", (PHONE,), ("شماره من ", " است")),
    ("+٩٣ ٧٠ ١٢٣ ٤٥٦٧", (PHONE,), ()),
    ("06٤ ۱۲۳ 4567", (PHONE,), ()),
    # Countries of origin and transit
    ("+93 70 123 4567", (PHONE,), ()),
    ("+963 944 123 456", (PHONE,), ()),
    ("+92 300 1234567", (PHONE,), ()),
    ("+98 912 345 6789", (PHONE,), ()),
    ("+90 532 123 45 67", (PHONE,), ()),
    ("+964 770 123 4567", (PHONE,), ()),
    ("+212 612 345678", (PHONE,), ()),
    ("+880 1712 345678", (PHONE,), ()),
    ("0701234567", (PHONE,), ()),
    # Numbers split or styled with invisible or look-alike characters
    ("064\u200b123\u200b4567", (PHONE,), ()),
    ("\u2066+381 64 123 4567\u2069", (PHONE,), ()),
    ("06\u200d41\u200c23\u200e45\u200f67", (PHONE,), ()),
    ("0\ufeff6\u20604 123 4567", (PHONE,), ()),
    ("０６４ １２３ ４５６７", (PHONE,), ()),
    ("".join(d + "\ufe0f\u20e3" for d in "0641234567"), (ANY_NUMBER,), ()),  # keycaps
    ("0\u03326\u03324\u03321\u03322\u03323\u03324\u03325\u03326\u03327\u0332", (ANY_NUMBER,), ()),
    ("❶❷❸❹❺❻❼", (ANY_NUMBER,), ()),
    # Personal, passport-like and case numbers
    ("0101990710006", (ANY_NUMBER,), ()),
    ("JMBG 0101990710006", (ANY_NUMBER,), ("JMBG ",)),
    ("passport P1234567", (ANY_NUMBER,), ("passport P",)),
    ("case number 2023-123456", (ANY_NUMBER,), ("case number ",)),
    ("predmet broj 26-12/2023", (ANY_NUMBER,), ("predmet broj ",)),
    ("asylum card 12/345-678", (ANY_NUMBER,), ("asylum card ",)),
    ("ID 123.456.789", (ANY_NUMBER,), ("ID ",)),
    ("born 12.03.1990", (ANY_NUMBER,), ("born ",)),
    ("broj predmeta 123456789012345678901234 hvala", (NUMBER,), ("broj predmeta ", " hvala")),
    # E-mails
    ("ali.reza@gmail.com", (EMAIL,), ()),
    ("pišite na ali.reza+azil@gmail.com hvala", (EMAIL,), ("pišite na ", " hvala")),
    ("ali (at) gmail (dot) com", (EMAIL,), ()),
    ("ali at gmail dot com", (EMAIL,), ()),
    ("ali @ gmail.com", (EMAIL,), ()),
    ("ali\u200b@gmail.com", (EMAIL,), ()),
    ("ＡＬＩ＠ＧＭＡＩＬ．ＣＯＭ", (EMAIL,), ()),
    ("بريدي ali@mail.ru شكرا", (EMAIL,), ("بريدي ", " شكرا")),
    ("ali@gmail", (EMAIL,), ()),
    # Links
    ("https://facebook.com/ali.karimi", (LINK,), ()),
    ("see www.example.org/page?id=1234567", (LINK,), ("see ",)),
    ("t.me/ali_karimi", (LINK,), ()),
    ("https://t.me/+AbCdEf123", (LINK,), ()),
    ("telegram.me/joinchat/AAAA", (LINK,), ()),
    ("wa.me/381641234567", (LINK,), ()),
    ("напиши ми на t.me/ali_k хвала", (LINK,), ("напиши ми на ", " хвала")),
    ("read https://example.org/a.", (LINK,), ("read ", ".")),
    # Handles
    ("write to @ali_karimi", (HANDLE,), ("write to ",)),
    ("@ali_karimi", (HANDLE,), ()),
    ("پیام بدهید به @ali_karimi لطفا", (HANDLE,), ("پیام بدهید به ", " لطفا")),
    ("＠ali_k", (HANDLE,), ()),
    # Everything at once
    (
        "Ahmad, +381 64 123 4567, ali@gmail.com, @ahmad_k, t.me/ahmad, JMBG 0101990710006",
        (PHONE, EMAIL, HANDLE, LINK, ANY_NUMBER),
        ("Ahmad, ", "JMBG "),
    ),
]

UNCHANGED = [
    "I need a doctor in Šid",
    "appeal within 15 days",
    "call 192",
    "2024",
    "72 hours",
    "I have 3 children aged 12, 14 and 16",
    "bus 12 at 14:30",
    "10000 dinara",
    "11000 Beograd",
    "need help with asylum, 2 kids, 1 baby",
    "meet @ 5pm",
    "I arrived at Belgrade.Tomorrow ok",
    "Где могу да нађем лекара у Шиду?",
    "أين أجد طبيباً في بلغراد؟",
    "می\u200cخواهم پناهندگی بگیرم",  # the ZWNJ of Persian spelling stays
    "👩🏽\u200d💻 help",  # so does the ZWJ of an emoji sequence
    "",
]

# --- the checks, independent of the scrubber's own patterns ---------------------------------------

_SEPARATORS = r"[\s./\\()\[\]_~\-\u2010-\u2015\u2212]"
_RUN = re.compile(rf"\d(?:{_SEPARATORS}{{0,3}}\d){{5,}}")
# A handle ("@name"), an address ("a@b", "a@ b") or a spaced address with a domain ("a @ b.com").
_AT_ADDRESS = re.compile(r"@\w|\w@\s?\w|\w\s?@\s?\w[\w-]*\.\w")


def _visible(text: str) -> str:
    """What a reader would read: look-alikes folded, digits of any script as 0-9, invisibles gone."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            continue
        value = unicodedata.digit(ch, None)
        out.append(str(value) if value is not None else ch)
    return "".join(out)


def assert_clean(result: str) -> None:
    visible = _visible(result)
    assert not _RUN.search(visible), f"digit run left in {result!r}"
    assert not _AT_ADDRESS.search(visible), f"@-address left in {result!r}"


# --- the corpus ---------------------------------------------------------------------------------


def test_corpus_is_large_enough():
    assert len(CASES) + len(UNCHANGED) >= 40
    assert len(CASES) >= 40


@pytest.mark.parametrize(("text", "expected", "kept"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_personal_data_is_replaced(text, expected, kept):
    result = scrub(text)
    assert result is not None
    for placeholder in expected:
        alternatives = placeholder if isinstance(placeholder, tuple) else (placeholder,)
        assert any(p in result for p in alternatives), f"{alternatives} not in {result!r}"
    for piece in kept:
        assert piece in result, f"{piece!r} lost from {result!r}"
    assert_clean(result)


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_is_unchanged(text):
    assert scrub(text) == text


def test_only_digits_are_removed_from_text_in_other_scripts():
    assert scrub("Moj JMBG je 0101990710006, treba mi pomoć") in (
        "Moj JMBG je <PHONE>, treba mi pomoć",
        "Moj JMBG je <NUMBER>, treba mi pomoć",
    )
    assert scrub("أحتاج إلى محامي، رقمي ٠٦٤١٢٣٤٥٦٧ شكرا") == "أحتاج إلى محامي، رقمي <PHONE> شكرا"


# --- regions (R10) ------------------------------------------------------------------------------


def test_regions_start_with_serbia_and_cover_origin_transit_and_neighbours():
    assert REGIONS[0] == "RS"
    expected = {
        "AF", "SY", "IQ", "IR", "PK", "TR", "MA", "DZ", "TN", "EG", "BD", "IN", "BI", "CU", "RU", "UA", "BY",
        "BA", "HR", "HU", "MK", "BG", "RO", "ME", "GR", "AL",
    }
    assert expected <= set(REGIONS)
    assert ("XK" in REGIONS) == ("XK" in phonenumbers.SUPPORTED_REGIONS)
    assert set(REGIONS) <= phonenumbers.SUPPORTED_REGIONS
    assert len(set(REGIONS)) == len(REGIONS)


def test_the_scanned_planes_hold_every_digit_and_invisible_character():
    outside = [
        cp
        for cp in (*range(0x20000, 0xE0000), *range(0xE1000, 0x110000))
        if unicodedata.category(chr(cp)) in ("Cf", "Mn", "Me") or unicodedata.digit(chr(cp), None) is not None
    ]
    assert outside == []


# --- properties ---------------------------------------------------------------------------------

_TRICKY = (
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９০১২৩৪৫৬৭৮৯❶➀①²"
    " \u00a0\u2009\u3000.-/\\()[]_~,:+@＠\u2010\u2212"
    "\u200b\u200c\u200d\u200e\u200f\u2066\u2069\ufeff\u0332\u20e3\ufe0f\u0301"
    "abxPat.meعلیشмб"
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_digit_run_survives_any_text(text):
    result = scrub(text)
    assert result is None or not _RUN.search(_visible(result))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_TRICKY, max_size=80))
def test_no_digit_run_or_address_survives_tricky_text(text):
    result = scrub(text)
    if result is not None:
        assert_clean(result)


_DIGIT_FORMS = st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "０１２３４５６７８９"])
_GAP = st.text(alphabet=" .-/()\u00a0\u200b\u200c\u2066\u2069", max_size=3)


@st.composite
def _number_in_text(draw):
    digits = draw(st.lists(st.integers(0, 9), min_size=6, max_size=16))
    forms = draw(st.lists(_DIGIT_FORMS, min_size=len(digits), max_size=len(digits)))
    gaps = draw(st.lists(_GAP, min_size=len(digits), max_size=len(digits)))
    number = "".join(gap + form[d] for gap, form, d in zip(gaps, forms, digits))
    words = st.text(alphabet="abc šđč абв علی ,:", max_size=20)
    return draw(words) + " " + draw(st.sampled_from(["", "+", "00"])) + number + " " + draw(words)


@settings(max_examples=300, deadline=None)
@given(_number_in_text())
def test_any_written_number_is_removed(text):
    result = scrub(text)
    assert result is not None
    assert PHONE in result or NUMBER in result
    assert_clean(result)


# --- failing closed (R11) -----------------------------------------------------------------------


def test_fails_closed_when_the_phone_matcher_raises(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("matcher exploded")

    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", broken)
    probe = "Ahmad Probe 064 123 4567 probe@example.org"
    with caplog.at_level(logging.DEBUG):
        assert scrub(probe) is None
        assert scrub("064 123 4567") is None
    assert "Probe" not in caplog.text and "064" not in caplog.text and "matcher exploded" not in caplog.text


def test_fails_closed_when_any_step_raises(monkeypatch):
    class Broken:
        def sub(self, *args, **kwargs):
            raise ValueError("boom")

    monkeypatch.setattr(scrub_module, "_EMAIL", Broken())
    assert scrub("I need a doctor in Šid") is None


def test_drops_what_it_cannot_check(monkeypatch):
    # If a later change lets a number through, the final check drops the text instead of keeping it.
    monkeypatch.setattr(scrub_module, "_replace_phones", lambda text: text)
    monkeypatch.setattr(scrub_module, "_DIGIT_RUN", re.compile(r"(?!)"))
    assert scrub("064 123 4567") is None


@pytest.mark.parametrize("value", [None, 123, b"064 123 4567", ["064 123 4567"]])
def test_non_text_gives_none(value):
    assert scrub(value) is None


# --- speed --------------------------------------------------------------------------------------

TYPICAL = [
    "Treba mi pomoć, moj broj je 064 123 4567, zovite me molim vas",
    "I need a doctor in Šid, where can I find a pharmacy near camp?",
    "Moj JMBG je 0101990710006, treba mi pomoć oko azila danas.",
    "أحتاج إلى محامي في بلغراد، رقمي ٠٦٤١٢٣٤٥٦٧ شكرا جزيلا لكم",
    "predmet broj 26-12/2023 azil Krnjača, termin sutra ok? hvala",
    "سلام، من در اردوگاه هستم و به دکتر نیاز دارم لطفا کمک کنید",
]


def test_typical_text_takes_well_under_5_ms():
    for text in TYPICAL:
        scrub(text)  # warm up
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            for text in TYPICAL:
                scrub(text)
        best = min(best, (time.perf_counter() - start) / (20 * len(TYPICAL)))
    assert best < 0.005, f"{best * 1000:.2f} ms per text"
