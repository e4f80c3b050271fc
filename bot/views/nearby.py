"""📍 Near me: the nearest services to a shared location, filterable by category and by "open now".

The point arrives rounded to 3 decimals (bot/geo.py) and travels only inside the buttons of the answer,
so a filter can be applied without the bot keeping anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import hours as hours_lib
from bot.content.model import CATEGORIES, Content, Municipality, Service
from bot.geo import Point, distance_km, in_serbia
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import AskLocation, Button, NotFound, Page, Screen, esc, hours_now, kilometres, moment, nav_rows, notice_lines

SHOWN = 8  # services listed at once: enough to choose from, short enough for a phone screen
ALL = "all"
OPEN = "o"
ANY = "a"


@dataclass(frozen=True)
class Nearby:
    service: Service
    km: float
    approximate: bool  # counted from the town centre: the service has no location of its own


def ask(t: Translator) -> AskLocation:
    _ = t.gettext
    share = _("📍 Send my location")
    page = Page(t)
    page.add("<b>" + esc(_("📍 Near me")) + "</b>")
    page.add(esc(_("Tap “{button}” below the typing field, and I will list the services nearest to you.").format(button=share)))
    page.add("<i>" + esc(_("Your location is used for this one answer and then forgotten: it is not stored.")) + "</i>")
    return AskLocation(page.render(), share, _("✖️ Cancel"))


def _position(content: Content, service: Service) -> tuple[Point, bool] | None:
    if service.location is not None:
        return Point(service.location.lat, service.location.lon), False
    centre = content.municipalities[service.municipality].centre
    if centre is not None:
        return Point(centre.lat, centre.lon), True
    return None


def nearest_services(content: Content, point: Point) -> list[Nearby]:
    """Every service that is not closed and has a known position, nearest first."""
    found = []
    for service in content.services.values():
        if service.status == "closed":
            continue
        position = _position(content, service)
        if position is None:
            continue
        found.append(Nearby(service, distance_km(point, position[0]), position[1]))
    return sorted(found, key=lambda n: (round(n.km, 1), n.approximate, n.service.id))


def nearest_municipality(content: Content, point: Point) -> tuple[Municipality, float] | None:
    """The municipality whose town centre is nearest (we have no boundaries: this stands for "the one you are in")."""
    best = None
    for place in content.municipalities.values():
        if place.centre is None:
            continue
        km = distance_km(point, Point(place.centre.lat, place.centre.lon))
        if best is None or km < best[1]:
            best = (place, km)
    return best


def results(content: Content, t: Translator, point: Point, category: str, flag: str, when: date | datetime) -> Screen:
    """The answer to a shared location (or to a filter pressed on it)."""
    if category != ALL and category not in CATEGORIES or flag not in (OPEN, ANY):
        raise NotFound(category)
    if not in_serbia(point):
        return outside(content, t)
    _ = t.gettext
    today, now = moment(when)
    lat, lon = point.code()
    c = t.code
    page = Page(t)
    place = nearest_municipality(content, point)
    page.add("<b>" + esc(_("📍 Near you")) + "</b>")
    if place is not None:
        notice_lines(page, content.notices_for(now, place[0].id))
    everything = nearest_services(content, point)
    chosen = [n for n in everything if category == ALL or n.service.category == category]
    if flag == OPEN:
        chosen = [n for n in chosen if n.service.opening_hours and hours_lib.status(n.service.opening_hours, now).open]
    shown = chosen[:SHOWN]
    rows: list[tuple[Button, ...]] = []
    lines = []
    for number, near in enumerate(shown, start=1):
        service = near.service
        distance = kilometres(t, near.km)
        if near.approximate:
            distance = _("≈ {distance} (town centre)").format(distance=distance)
        where = content.municipalities[service.municipality].name
        line = f"{number}. <b>{page.local(service.name)}</b> · {esc(_(CATEGORIES[service.category]))}\n    {esc(distance)} · {esc(t.isolate(where))}"
        if service.status == "suspended":
            line += " · " + esc(_("🟡 Temporarily suspended"))
        if service.opening_hours:
            line += "\n    " + hours_now(t, service.opening_hours, now)
        lines.append(line)
        rows.append((Button(f"{number}. {page.label(service.name)}", Callback("sd", (service.id,), lang=c)),))
    if lines:
        page.add("\n".join(lines))
        if any(n.approximate for n in shown):
            page.add("<i>" + esc(_("≈ Counted from the town centre: the address is not on the map yet, so it may be further.")) + "</i>")
    elif flag == OPEN:
        page.add(esc(_("Nothing with known opening hours is open near you right now. Places without listed hours may still be open: call first, or look at all of them.")))
    else:
        page.add(esc(_("Nothing of this kind is listed near you.")))
    page.add("<i>" + esc(_("Your location was used for this answer only and is not stored.")) + "</i>")

    # Filters: the categories found nearby, then "open now".
    present = [key for key in CATEGORIES if any(n.service.category == key for n in everything)]
    filters = [
        Button(("✅ " if key == category else "") + _(CATEGORIES[key]), Callback("nf", (lat, lon, ALL if key == category else key, flag), lang=c))
        for key in present
    ]
    rows += [tuple(filters[i : i + 2]) for i in range(0, len(filters), 2)]
    toggle = ANY if flag == OPEN else OPEN
    rows.append((Button(("✅ " if flag == OPEN else "") + _("🕒 Open now"), Callback("nf", (lat, lon, category, toggle), lang=c)),))
    if place is not None:
        rows.append((Button(_("🏘️ All services in {place}").format(place=place[0].name), Callback("sc", (place[0].id,), lang=c)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t))


def no_location(content: Content, t: Translator) -> Screen:
    """The location button's label arrived as text: this Telegram app could not share the location."""
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("📍 Near me")) + "</b>")
    page.add(esc(_("Your Telegram app did not send a location. On a phone, tap 📎 and then “Location”. Or choose the town you are in:")))
    buttons = [Button(m.name, Callback("sc", (m.id,), lang=t.code)) for m in content.municipalities.values()]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Screen(page.render(), rows + nav_rows(t))


def outside(content: Content, t: Translator) -> Screen:
    """A point outside the area the bot covers: say so kindly, and offer the municipalities."""
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("📍 Near me")) + "</b>")
    page.add(esc(_("This place is outside the area Putokaz covers, so no services near it are listed. If you are in or near one of these towns, choose it:")))
    page.add("<i>" + esc(_("Your location was used for this answer only and is not stored.")) + "</i>")
    buttons = [Button(m.name, Callback("sc", (m.id,), lang=t.code)) for m in content.municipalities.values()]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Screen(page.render(), rows + nav_rows(t))
