"""Every screen, in every language, is something Telegram accepts and a person can leave."""

from __future__ import annotations

from datetime import date

import pytest

from bot.emulator.htmlparse import parse_html
from bot.i18n import FSI, LANGUAGES, PDI, RLM
from bot.views import menu
from bot.views.codec import MAX_BYTES, Callback, decode
from bot.views.common import AskLocation, Screen, SendContact, SendDocument, SendVenue, split_message
from bot.views.router import render

TODAY = date(2026, 11, 22)


def show(content, t, callback):
    return render(content, t, callback, TODAY)


def crawl(content, t):
    """Breadth-first over every button reachable from the main menu: {encoded callback: view}."""
    start = Callback("m", lang=t.code)
    seen = {start.encode(): show(content, t, start)}
    queue = [seen[start.encode()]]
    while queue:
        view = queue.pop(0)
        for row in view.rows:
            for button in row:
                if button.callback is None or button.callback.screen == "sl":
                    continue
                data = button.callback.encode()
                if data not in seen:
                    seen[data] = show(content, t, decode(data))
                    queue.append(seen[data])
    return seen


def leads_to_main_menu(view) -> bool:
    return any(b.callback is not None and b.callback.screen == "m" for row in view.rows for b in row)


@pytest.mark.parametrize("code", list(LANGUAGES))
@pytest.mark.parametrize("which", ["test_content", "bundled_content"])
def test_every_screen_is_valid_and_has_a_way_back(request, catalogs, code, which):
    content = request.getfixturevalue(which)
    t = catalogs[code]
    screens = crawl(content, t)
    assert len(screens) > 10
    for data, view in screens.items():
        assert len(data.encode()) <= MAX_BYTES
        for row in view.rows:
            assert 1 <= len(row) <= 8
            for button in row:
                assert button.label.strip()
                if button.callback is not None:
                    assert len(button.callback.encode().encode()) <= MAX_BYTES
        if isinstance(view, Screen):
            for part in split_message(view.text):
                plain, _entities = parse_html(part)  # raises on anything Telegram would refuse
                assert 0 < len(plain) <= 4096
        elif isinstance(view, AskLocation):
            # A reply keyboard (the only place Telegram lets a bot ask for a location) with a way out.
            assert view.share_label.strip() and view.cancel_label.strip()
            parse_html(view.text)
            continue
        else:
            assert isinstance(view, (SendContact, SendVenue, SendDocument))
        if data != Callback("m", lang=code).encode():
            assert leads_to_main_menu(view), f"{data} has no way back to the main menu"
        if data != Callback("em", lang=code).encode():
            assert any(b.callback and b.callback.screen == "em" for row in view.rows for b in row), f"{data}: no emergency button"
        if isinstance(view, Screen):
            lines = [line for line in view.text.split("\n") if line]
            if t.rtl:  # every line is laid out right to left, whatever letter it starts with
                assert all(line.startswith(RLM) for line in lines), data
            else:
                assert not any(RLM in line or FSI in line for line in lines), data


def test_content_is_escaped(catalogs, test_content):
    view = show(test_content, catalogs["en"], Callback("pr", ("register",)))
    assert "&lt;b&gt;not bold&lt;/b&gt;" in view.text and "Nemanjina 9 &amp; co" in view.text
    plain, entities = parse_html(view.text)
    assert "<b>not bold</b>" in plain


@pytest.mark.parametrize("code", ["ar", "fa", "ps", "ur"])
def test_rtl_isolates_latin_runs(catalogs, test_content, code):
    t = catalogs[code]
    card = show(test_content, t, Callback("oc", ("ideas", "asylum"), lang=code)).text
    assert f"{FSI}+381 69 5657254{PDI}" in card
    assert f"{FSI}legalaid@ideje.rs{PDI}" in card
    assert f"{FSI}IDEAS{PDI}" in card
    service = show(test_content, t, Callback("sd", ("ac-krnjaca",), lang=code)).text
    assert f"{FSI}Krnjača, Palilula{PDI}" in service  # an address in Latin script
    # English shown as a fallback inside RTL text is isolated too, and the reader is told.
    assert f"{FSI}Asylum Centre Krnjača{PDI}" in service
    assert t.gettext("ℹ️ Parts of this page are not yet translated and are shown in English.") in service


@pytest.mark.parametrize("code", ["ar", "fa", "ps", "ur"])
def test_language_lists_use_the_readers_conventions(catalogs, test_content, code):
    card = show(test_content, catalogs[code], Callback("oc", ("ideas", "asylum"), lang=code)).text
    assert "، " in card or "،" in card  # the Arabic comma, from CLDR's list patterns


def test_ltr_text_has_no_isolates(catalogs, test_content):
    card = show(test_content, catalogs["en"], Callback("oc", ("ideas", "asylum"))).text
    assert FSI not in card and PDI not in card and "+381 69 5657254" in card


def test_translated_content_is_used_and_no_note_when_complete(catalogs, test_content):
    t = catalogs["ar"]
    menu_text = menu.main_menu(t).text
    assert "ℹ️" not in menu_text
    step = show(test_content, t, Callback("pr", ("register",), lang="ar")).text
    assert "قل إنك تريد اللجوء" in step and "72" in step


def test_unverified_contacts_carry_a_caution(catalogs, test_content):
    t = catalogs["en"]
    listing = show(test_content, t, Callback("lo", ("asylum",)))
    labels = [b.label for row in listing.rows for b in row]
    assert "⚠️ Belgrade Centre for Human Rights" in labels and "IDEAS" in labels
    card = show(test_content, t, Callback("oc", ("bchr", "asylum"))).text
    assert "Call or write first" in card


def test_procedure_navigation(catalogs, test_content):
    t = catalogs["en"]
    first = show(test_content, t, Callback("pr", ("register",)))
    labels = [b.label for row in first.rows for b in row]
    assert "Next ➡️" in labels and "⬅️ Previous" not in labels and "⚖️ Get legal help" in labels
    last = show(test_content, t, Callback("pr", ("lodge",)))
    labels = [b.label for row in last.rows for b in row]
    assert "⬅️ Previous" in labels and "Next ➡️" not in labels
    assert "Step 2 of 2" in last.text and "What to bring" in last.text


def test_contact_and_venue(catalogs, test_content):
    contact = show(test_content, catalogs["fa"], Callback("ct", ("ideas",), lang="fa"))
    assert isinstance(contact, SendContact) and contact.phone_number == "+381695657254"
    venue = show(test_content, catalogs["en"], Callback("mp", ("ac-krnjaca",)))
    assert isinstance(venue, SendVenue) and (venue.latitude, venue.longitude) == (44.8436, 20.4871)


def test_language_menu_shows_every_language_in_its_own_script(catalogs):
    labels = [b.label for row in menu.language_menu(catalogs["en"]).rows for b in row]
    for name in ("English", "العربية", "فارسی / دری", "پښتو", "اردو", "Türkçe", "Français", "Русский", "Українська", "Español", "Srpski"):
        assert any(name in label for label in labels)


@pytest.mark.parametrize("limit", [50, 200, 4096])
def test_split_keeps_paragraphs_whole_and_under_the_limit(limit):
    paragraphs = [f"<b>Heading {i}</b>\n" + ("word " * (i * 7 % 30)).strip() for i in range(1, 40)]
    text = "\n\n".join(paragraphs)
    parts = split_message(text, limit)
    assert all(len(p) <= limit for p in parts)
    for part in parts:
        parse_html(part)
    if limit >= max(len(p) for p in paragraphs):
        assert "\n\n".join(parts) == text


def test_split_cuts_a_giant_paragraph_at_spaces():
    text = "&amp; " + "word " * 2000
    parts = split_message(text, 4096)
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    for part in parts:
        parse_html(part)


@pytest.mark.parametrize("code", ["ar", "fa", "ps", "ur"])
def test_grouped_numbers_inside_rtl_text_keep_their_order(catalogs, bundled_content, code):
    """A phone number written inside a sentence would show its digit groups reversed without isolates."""
    step = next(s for s in bundled_content.steps if "363 51 74" in s.where.english)
    text = show(bundled_content, catalogs[code], Callback("pr", (step.id,), lang=code)).text
    assert f"{FSI}+381 11 363 51 74{PDI}" in text
