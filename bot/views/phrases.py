"""Phrases to show an official or a doctor, and rumours answered with facts."""

from __future__ import annotations

from datetime import date

from bot.content.model import Content
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import Button, NotFound, Page, Screen, esc, nav_rows


def phrase_list(content: Content, t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("🗣️ Phrases to show")) + "</b>", esc(_("Choose a sentence. The bot shows it in Serbian, so you can show your phone to an official or a doctor.")))
    rows = tuple((Button(page.label(p.text), Callback("pc", (p.id,), lang=t.code)),) for p in content.phrases)
    if not rows:
        page.add(esc(_("Nothing is listed here yet.")))
    return Screen(page.render(), rows + nav_rows(t))


def phrase(content: Content, t: Translator, phrase_id: str, today: date) -> Screen:
    _ = t.gettext
    item = next((p for p in content.phrases if p.id == phrase_id), None)
    if item is None:
        raise NotFound(phrase_id)
    page = Page(t)
    serbian, cyrillic = item.text.text("sr"), item.serbian_cyrillic()
    if serbian:
        # The official reads these lines: Serbian in both scripts, large and first.
        page.add(f"🇷🇸 <b>{esc(t.isolate(serbian))}</b>", f"<b>{esc(t.isolate(cyrillic))}</b>" if cyrillic else None)
    if t.code != "sr":
        page.add(page.local(item.text))
    page.verified(item, today)
    return Screen(page.render(), nav_rows(t, back=Callback("ph", lang=t.code)))


def myth_list(content: Content, t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("❓ Rumours and facts")) + "</b>", esc(_("Things people often hear on the way. Choose one to read the facts.")))
    rows = tuple((Button(page.label(m.myth), Callback("mc", (m.id,), lang=t.code)),) for m in content.myths)
    if not rows:
        page.add(esc(_("Nothing is listed here yet.")))
    return Screen(page.render(), rows + nav_rows(t))


def myth(content: Content, t: Translator, myth_id: str, today: date) -> Screen:
    _ = t.gettext
    item = next((m for m in content.myths if m.id == myth_id), None)
    if item is None:
        raise NotFound(myth_id)
    page = Page(t)
    page.section(_("❓ What people say"), page.local(item.myth))
    page.section(_("✅ The facts"), page.local(item.fact))
    page.verified(item, today)
    rows = ((Button(_("⚖️ Legal help"), Callback("ln", lang=t.code)),),)
    return Screen(page.render(), rows + nav_rows(t, back=Callback("my", lang=t.code)))
