"""📅 What's on: community events and workshops in the next 14 days, each with an .ics to add to a calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import calendar_ics
from bot.content.model import Content, Event
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import (
    Button,
    NotFound,
    Page,
    Screen,
    SendDocument,
    clock_time,
    esc,
    format_phone,
    language_names,
    long_date,
    moment,
    nav_rows,
    notice_lines,
)

DAYS_AHEAD = 14
SHOWN = 10


def _when(t: Translator, event: Event) -> str:
    start, end = event.start, event.end
    if start.date() == end.date():
        return f"{long_date(t, start.date())} · {t.isolate(clock_time(t, start) + '–' + clock_time(t, end))}"
    return f"{long_date(t, start.date())} {clock_time(t, start)} – {long_date(t, end.date())} {clock_time(t, end)}"


def _get(content: Content, event_id: str) -> Event:
    found = next((e for e in content.events if e.id == event_id), None)
    if found is None:
        raise NotFound(event_id)
    return found


def whats_on(content: Content, t: Translator, municipality_id: str | None, when: date | datetime) -> Screen:
    _ = t.gettext
    _today, now = moment(when)
    place = None
    if municipality_id is not None:
        place = content.municipalities.get(municipality_id)
        if place is None:
            raise NotFound(municipality_id)
    found = content.events_between(now, now + timedelta(days=DAYS_AHEAD), municipality_id)
    page = Page(t)
    heading = _("📅 What's on in {place}").format(place=place.name) if place else _("📅 What's on")
    page.add("<b>" + esc(heading) + "</b>", esc(_("Events and workshops in the next 14 days.")))
    if place is not None:
        notice_lines(page, content.notices_for(now, place.id))
    c = t.code
    rows: list[tuple[Button, ...]] = []
    for event in found[:SHOWN]:
        title = page.local(event.title)
        lines = [f"<b>{title}</b>", "📅 " + esc(_when(t, event))]
        where = page.local(event.place, latin=True)
        if place is None:
            where += " · " + esc(t.isolate(content.municipalities[event.municipality].name))
        lines.append("📍 " + where)
        if event.languages:
            lines.append("🗣️ " + language_names(t, event.languages))
        page.add(*lines)
        rows.append((Button(page.label(event.title), Callback("ev", (event.id,), lang=c)),))
    if not found:
        if place is not None:
            page.add(esc(_("Nothing is planned in {place} in the next 14 days. Look again later, or ask a local organisation.").format(place=place.name)))
        else:
            page.add(esc(_("Nothing is planned in the next 14 days. Look again later, or ask a local organisation.")))
    if place is None:
        towns = sorted({e.municipality for e in found}, key=lambda m: content.municipalities[m].name)
        buttons = [Button("📍 " + content.municipalities[m].name, Callback("wm", (m,), lang=c)) for m in towns]
        rows += [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
        return Screen(page.render(), tuple(rows) + nav_rows(t))
    rows.append((Button(_("📅 Everywhere"), Callback("wo", lang=c)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("sc", (place.id,), lang=c)))


def event_card(content: Content, t: Translator, event_id: str, when: date | datetime) -> Screen:
    _ = t.gettext
    _today, now = moment(when)
    event = _get(content, event_id)
    place = content.municipalities[event.municipality]
    page = Page(t)
    notice_lines(page, content.notices_for(now, place.id))
    page.add(f"<b>{page.local(event.title)}</b>")
    if event.end <= now:
        page.add("⚠️ " + esc(_("This event has ended.")))
    if event.summary:
        page.add(page.local(event.summary))
    details = ["📅 " + esc(_when(t, event)), "📍 " + page.local(event.place, latin=True) + " · " + esc(t.isolate(place.name))]
    if event.who:
        details.append("👤 " + esc(_("Who can come:")) + " " + page.local(event.who))
    if event.languages:
        details.append("🗣️ " + esc(_("Languages:")) + " " + language_names(t, event.languages))
    if event.organiser:
        details.append("🤝 " + esc(_("Organised by:")) + " " + esc(t.isolate(event.organiser)))
    details += ["📞 " + format_phone(t, phone) for phone in event.phones]
    page.add(*details)
    c = t.code
    rows = []
    if event.end > now:
        rows.append((Button(_("📅 Add to calendar"), Callback("ei", (event.id,), lang=c)),))
    if event.website:
        rows.append((Button(_("🌐 Website"), url=event.website),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("wm", (place.id,), lang=c)))


def event_file(content: Content, t: Translator, event_id: str, when: date | datetime) -> SendDocument:
    _ = t.gettext
    _today, now = moment(when)
    event = _get(content, event_id)
    place = content.municipalities[event.municipality]
    title = event.title.get(t.code)[0]
    where = f"{event.place.get(t.code)[0]}, {place.name}"
    parts = [event.summary.get(t.code)[0] if event.summary else "", event.who.get(t.code)[0] if event.who else ""]
    if event.organiser:
        parts.append(event.organiser)
    parts += [phone for phone in event.phones]
    data = calendar_ics.event_ics(event, title=title, description="\n".join(p for p in parts if p), place=where, stamp=now)
    caption = esc(_("📅 Open this file to add the event to your calendar."))
    return SendDocument(f"{event.id}.ics", data, caption, nav_rows(t, back=Callback("ev", (event.id,), lang=t.code)))
