import re

import pytest
from babel.messages.pofile import read_po

from bot.config import LOCALES_DIR
from bot.i18n import FSI, LANGUAGES, PDI, negotiate


@pytest.mark.parametrize(
    "code, expected",
    [
        ("en", "en"), ("en-GB", "en"), ("ar", "ar"), ("ar-EG", "ar"), ("fa", "fa"), ("fa-IR", "fa"),
        ("prs", "fa"), ("ps", "ps"), ("ur", "ur"), ("ur-PK", "ur"), ("tr", "tr"), ("fr", "fr"), ("fr-CA", "fr"),
        ("ru", "ru"), ("uk", "uk"), ("es", "es"), ("es-419", "es"), ("sr", "sr"), ("sr-Latn", "sr"),
        ("sr-Cyrl-RS", "sr"), ("hr", "sr"), ("de", "en"), ("zz-!!", "en"), ("", "en"), (None, "en"),
    ],
)
def test_negotiation(code, expected):
    assert negotiate(code) == expected


def test_isolates_only_in_rtl(catalogs):
    assert catalogs["en"].isolate("+381 11 123") == "+381 11 123"
    for code in ("ar", "fa", "ps", "ur"):
        assert catalogs[code].isolate("Nemanjina 9") == f"{FSI}Nemanjina 9{PDI}"
        # A line break ends an isolate, so each line gets its own.
        assert catalogs[code].isolate("a\nb") == f"{FSI}a{PDI}\n{FSI}b{PDI}"


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_catalog_is_complete_and_placeholders_match(code):
    with open(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po", "rb") as fp:
        catalog = read_po(fp)
    with open(LOCALES_DIR / "messages.pot", "rb") as fp:
        template = read_po(fp)
    expected = {m.id for m in template if m.id}
    assert {m.id for m in catalog if m.id} == expected, "run pybabel update: the catalog is out of date"
    for message in catalog:
        if not message.id:
            continue
        assert message.string, f"{code}: untranslated: {message.id!r}"
        assert "fuzzy" not in message.flags, f"{code}: fuzzy: {message.id!r}"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), message.id


def test_template_matches_the_code(tmp_path):
    """locales/messages.pot must be re-extracted whenever a UI string changes."""
    from babel.messages.extract import extract_from_dir

    found = {message for _file, _line, message, *_ in extract_from_dir("bot", [("**.py", "python")])}
    found = {m if isinstance(m, str) else m[0] for m in found}
    with open(LOCALES_DIR / "messages.pot", "rb") as fp:
        template = {m.id for m in read_po(fp) if m.id}
    assert found == template, "run: pybabel extract -F babel.cfg --no-location --sort-output -o locales/messages.pot bot"
