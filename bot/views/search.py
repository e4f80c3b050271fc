"""Search results: up to five matches as buttons that open their cards; crisis first; a kind miss."""

from __future__ import annotations

from datetime import date

from bot.content.model import CATEGORIES, Content
from bot.i18n import Translator
from bot.search import Result
from bot.views import menu
from bot.views.codec import Callback
from bot.views.common import Button, Page, Screen, esc, nav_rows

MAX_ECHO = 60  # characters of the person's own words repeated back to them

_KINDS = {
    "step": ("📋", "pr"),
    "organisation": ("⚖️", "oc"),
    "service": ("🏘️", "sd"),
    "phrase": ("🗣️", "pc"),
    "myth": ("❓", "mc"),
}


def _label(content: Content, page: Page, kind: str, entry_id: str) -> tuple[str, tuple[str, ...]]:
    """A result's button label (in the reader's language) and the callback arguments of its card."""
    if kind == "step":
        step = content.steps[content.step_position(entry_id)]
        return page.label(step.title), (entry_id,)
    if kind == "organisation":
        org = content.organisations[entry_id]
        return org.name, (entry_id, org.needs[0])
    if kind == "service":
        service = content.services[entry_id]
        return f"{page.label(service.name)} · {content.municipalities[service.municipality].name}", (entry_id,)
    if kind == "phrase":
        return page.label(next(p for p in content.phrases if p.id == entry_id).text), (entry_id,)
    return page.label(next(m for m in content.myths if m.id == entry_id).myth), (entry_id,)


def results(content: Content, t: Translator, result: Result, query: str, today: date) -> Screen:
    _ = t.gettext
    c = t.code
    echo = query.strip()
    echo = echo if len(echo) <= MAX_ECHO else echo[: MAX_ECHO - 1] + "…"
    rows: list[tuple[Button, ...]] = []
    page = Page(t)
    for hit in result.hits:
        emoji, screen = _KINDS[hit.document.kind]
        label, args = _label(content, page, hit.document.kind, hit.document.id)
        rows.append((Button(f"{emoji} {label}", Callback(screen, args, lang=c)),))
    place = content.municipalities.get(result.municipality) if result.municipality else None
    if place is not None:
        if result.category and result.category in content.categories_in(place.id):
            text = _("All: {category} in {place}").format(category=_(CATEGORIES[result.category]), place=place.name)
            rows.append((Button("🔎 " + text, Callback("sv", (place.id, result.category), lang=c)),))
        else:
            rows.append((Button("🔎 " + _("All services in {place}").format(place=place.name), Callback("sc", (place.id,), lang=c)),))

    if result.crisis:
        # Someone may be in danger: the numbers come before anything else.
        card = menu.emergency(content, t, today)
        return Screen(card.text, tuple(rows) + nav_rows(t, emergency=False))
    if rows:
        page.add(esc(_("Here is what I found for “{query}”:").format(query=t.isolate(echo))))
        return Screen(page.render(), tuple(rows) + nav_rows(t))
    page.add(esc(_("I found nothing for “{query}”. Try other words, or choose a topic below.").format(query=t.isolate(echo))))
    page.add(esc(_("For a question about your own case, a free legal-aid organisation can help.")))
    home = menu.main_menu(t)
    return Screen(page.render(), ((Button(_("⚖️ Legal help"), Callback("ln", lang=c)),),) + home.rows)
