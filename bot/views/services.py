"""Services by municipality: municipalities -> categories -> services -> a service's card."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import hours as hours_lib
from bot.content.model import CATEGORIES, Content
from bot.i18n import N_, Translator
from bot.views.codec import Callback
from bot.views.common import (
    Button,
    NotFound,
    Page,
    Screen,
    SendVenue,
    esc,
    format_phone,
    hours_now,
    language_names,
    moment,
    nav_rows,
    notice_lines,
    opening_hours,
)

WHATS_ON_DAYS = 14

STATUS = {
    "open": N_("🟢 Open"),
    "suspended": N_("🟡 Temporarily suspended"),
    "closed": N_("🔴 Closed"),
}


def municipalities(content: Content, t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("🏘️ Services by municipality")) + "</b>", esc(_("Choose the place where you are:")))
    buttons = [Button(m.name, Callback("sc", (m.id,), lang=t.code)) for m in content.municipalities.values()]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Screen(page.render(), rows + nav_rows(t))


def categories(content: Content, t: Translator, municipality_id: str, when: date | datetime) -> Screen:
    _ = t.gettext
    place = content.municipalities.get(municipality_id)
    if place is None:
        raise NotFound(municipality_id)
    _today, now = moment(when)
    page = Page(t)
    page.add(f"<b>📍 {esc(t.isolate(place.name))} · {esc(t.isolate(place.name_cyrillic))}</b>")
    notice_lines(page, content.notices_for(now, place.id))
    present = content.categories_in(place.id)
    rows = [(Button(_(CATEGORIES[c]), Callback("sv", (place.id, c), lang=t.code)),) for c in present]
    if present:
        page.add(esc(_("What are you looking for?")))
    else:
        page.add(esc(_("No services are listed here yet. Free legal-aid organisations can tell you what is available.")))
        rows.append((Button(_("⚖️ Legal help"), Callback("ln", lang=t.code)),))
    if content.events_between(now, now + timedelta(days=WHATS_ON_DAYS), place.id):
        rows.append((Button(_("📅 What's on in {place}").format(place=place.name), Callback("wm", (place.id,), lang=t.code)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("sm", lang=t.code)))


def services(
    content: Content, t: Translator, municipality_id: str, category: str, when: date | datetime, *, open_only: bool = False
) -> Screen:
    """The services of one category in a municipality, with whether each is open now; optionally only those open."""
    _ = t.gettext
    place = content.municipalities.get(municipality_id)
    found = content.services_in(municipality_id, category) if place else []
    if place is None or category not in CATEGORIES:
        raise NotFound(municipality_id)
    _today, now = moment(when)
    page = Page(t)
    heading = f"<b>{esc(_(CATEGORIES[category]))} · {esc(t.isolate(place.name))}</b>"
    page.add(heading + (" · " + esc(_("🕒 Open now")) if open_only else ""))
    notice_lines(page, content.notices_for(now, place.id))
    if open_only:
        found = [s for s in found if s.opening_hours and s.status != "closed" and hours_lib.status(s.opening_hours, now).open]
    rows = []
    lines = []
    for service in found:
        name = page.label(service.name)
        mark = {"open": "", "suspended": "🟡 ", "closed": "🔴 "}[service.status]
        rows.append((Button(mark + name, Callback("sd", (service.id,), lang=t.code)),))
        if service.opening_hours and service.status != "closed":
            lines.append(f"<b>{page.local(service.name)}</b>: {hours_now(t, service.opening_hours, now)}")
    page.add(*lines)
    if found:
        page.add(esc(_("Choose one to see the details.")))
    elif open_only:
        page.add(esc(_("Nothing here with known opening hours is open right now. Places without listed hours may still be open: call first, or look at all of them.")))
    else:
        page.add(esc(_("Nothing is listed in this category.")))
    c = t.code
    if open_only:
        rows.append((Button(_("📋 Show all"), Callback("sv", (place.id, category), lang=c)),))
    elif any(s.opening_hours for s in found):
        rows.append((Button(_("🕒 Open now"), Callback("so", (place.id, category), lang=c)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("sc", (place.id,), lang=c)))


def service(content: Content, t: Translator, service_id: str, when: date | datetime) -> Screen:
    _ = t.gettext
    item = content.services.get(service_id)
    if item is None:
        raise NotFound(service_id)
    today, now = moment(when)
    place = content.municipalities[item.municipality]
    page = Page(t)
    notice_lines(page, content.notices_for(now, place.id))
    now_line = hours_now(t, item.opening_hours, now) if item.opening_hours and item.status != "closed" else None
    page.add(f"<b>{page.local(item.name)}</b>", f"📍 {esc(t.isolate(place.name))}", esc(_(STATUS[item.status])), now_line)
    if item.summary:
        page.add(page.local(item.summary))
    details = []
    if item.address:
        details.append("🏠 " + esc(_("Address:")) + " " + page.local(item.address, latin=True))
    if item.opening_hours:
        details.append("🕒 " + esc(_("Hours:")) + " " + opening_hours(t, item.opening_hours))
    if item.hours:
        details.append(("" if item.opening_hours else "🕒 " + esc(_("Hours:")) + " ") + page.local(item.hours, latin=True))
    details += ["📞 " + format_phone(t, phone) for phone in item.phones]
    if item.email:
        details.append("✉️ " + esc(t.isolate(item.email)))
    if item.languages:
        details.append("🗣️ " + esc(_("Languages spoken:")) + " " + language_names(t, item.languages))
    if item.eligibility:
        details.append("👤 " + esc(_("Who can use it:")) + " " + page.local(item.eligibility))
    if item.cost:
        details.append("💶 " + esc(_("Cost:")) + " " + page.local(item.cost))
    if item.accessibility:
        details.append("♿ " + esc(_("Accessibility:")) + " " + page.local(item.accessibility))
    page.add(*details)
    if not item.verified:
        page.add("⚠️ " + esc(_("We could not confirm these details recently. Call or ask first before you travel.")))
    page.verified(item, today)

    c = t.code
    rows = []
    if item.long_overdue(today):
        rows.append((Button(_("⚖️ Legal help"), Callback("ln", lang=c)),))
    if item.location:
        rows.append((Button(_("🗺️ Map"), Callback("mp", (item.id,), lang=c)),))
    if item.website:
        rows.append((Button(_("🌐 Website"), url=item.website),))
    back = Callback("sv", (item.municipality, item.category), lang=c)
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=back))


def venue(content: Content, t: Translator, service_id: str) -> SendVenue:
    item = content.services.get(service_id)
    if item is None or item.location is None:
        raise NotFound(service_id)
    name, _status = item.name.get(t.code)
    place = content.municipalities[item.municipality]
    address = item.address.get(t.code)[0] if item.address else place.name
    return SendVenue(
        latitude=item.location.lat,
        longitude=item.location.lon,
        title=name,
        address=address,
        rows=nav_rows(t, back=Callback("sd", (item.id,), lang=t.code)),
    )
