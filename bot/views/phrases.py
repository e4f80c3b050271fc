"""Phrases to show an official or a doctor, and rumours answered with facts."""

from __future__ import annotations

from datetime import date

from bot.content.model import Content, LocalText
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import Button, NotFound, Page, Screen, esc, nav_rows


def _choices(t: Translator, heading: str, intro: str, items: list[tuple[LocalText, Callback]]) -> Screen:
    """A heading, a short introduction and one button per item (or a note that there are none yet)."""
    page = Page(t)
    page.add("<b>" + esc(heading) + "</b>", esc(intro))
    rows = tuple((Button(page.label(label), callback),) for label, callback in items)
    if not rows:
        page.add(esc(t.gettext("Nothing is listed here yet.")))
    return Screen(page.render(), rows + nav_rows(t))


def phrase_list(content: Content, t: Translator) -> Screen:
    _ = t.gettext
    intro = _("Choose a sentence. The bot shows it in Serbian, so you can show your phone to an official or a doctor.")
    items = [(p.text, Callback("pc", (p.id,), lang=t.code)) for p in content.phrases]
    return _choices(t, _("🗣️ Phrases to show"), intro, items)


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
    intro = _("Things people often hear on the way. Choose one to read the facts.")
    items = [(m.myth, Callback("mc", (m.id,), lang=t.code)) for m in content.myths]
    return _choices(t, _("❓ Rumours and facts"), intro, items)


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
