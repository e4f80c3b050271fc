"""Which view draws which screen of the callback codec."""

from __future__ import annotations

from datetime import date, datetime

from bot.content.model import Content
from bot.geo import Point
from bot.i18n import Translator
from bot.views import deadlines, events, legal, menu, nearby, phrases, procedure, services
from bot.views.codec import Callback
from bot.views.common import AskLocation, Button, NotFound, Screen, SendContact, SendDocument, SendVenue, moment

View = Screen | SendContact | SendVenue | AskLocation | SendDocument


# Screens that show one piece of content: they carry the feedback buttons.
CARDS = ("pr", "oc", "sd", "pc", "mc")


def render(content: Content, t: Translator, callback: Callback, when: date | datetime) -> View:
    """Draw the screen a button asks for. Raises NotFound when it names content that does not exist.

    Cards get a row of feedback buttons above their navigation; after a vote the same card is drawn
    without it.
    """
    if callback.screen == "fb":
        screen, entry_id, vote = callback.args
        if screen not in CARDS or vote not in ("h", "w"):
            raise NotFound(callback.args)
        return _draw(content, t, _card(content, screen, entry_id, t.code), when)
    view = _draw(content, t, callback, when)
    if callback.screen in CARDS and isinstance(view, Screen):
        _ = t.gettext
        entry_id = callback.args[0]
        row = (
            Button(_("👍 Helpful"), Callback("fb", (callback.screen, entry_id, "h"), lang=t.code)),
            Button(_("⚠️ Wrong information"), Callback("fb", (callback.screen, entry_id, "w"), lang=t.code)),
        )
        # Every card ends with two navigation rows (back, then emergency and main menu).
        rows = view.rows
        view = Screen(view.text, rows[:-2] + (row,) + rows[-2:])
    return view


def _card(content: Content, screen: str, entry_id: str, lang: str) -> Callback:
    if screen == "oc":
        org = content.organisations.get(entry_id)
        if org is None:
            raise NotFound(entry_id)
        return Callback("oc", (entry_id, org.needs[0]), lang=lang)
    return Callback(screen, (entry_id,), lang=lang)


def _draw(content: Content, t: Translator, callback: Callback, when: date | datetime) -> View:
    args = callback.args
    today, now = moment(when)
    match callback.screen:
        case "m":
            return menu.main_menu(t, notices=content.notices_for(now))
        case "lg":
            return menu.language_menu(t)
        case "ph":
            return phrases.phrase_list(content, t)
        case "pc":
            return phrases.phrase(content, t, args[0], today)
        case "my":
            return phrases.myth_list(content, t)
        case "mc":
            return phrases.myth(content, t, args[0], today)
        case "em":
            return menu.emergency(content, t, today)
        case "pv":
            return menu.privacy(t)
        case "po":
            return procedure.overview(content, t)
        case "pr":
            return procedure.step(content, t, args[0], today)
        case "ln":
            return legal.needs(t)
        case "lo":
            return legal.organisations(content, t, args[0])
        case "oc":
            return legal.organisation(content, t, args[0], args[1], now)
        case "ct":
            return legal.contact(content, t, args[0])
        case "sm":
            return services.municipalities(content, t)
        case "sc":
            return services.categories(content, t, args[0], now)
        case "sv":
            return services.services(content, t, args[0], args[1], now)
        case "so":
            return services.services(content, t, args[0], args[1], now, open_only=True)
        case "sd":
            return services.service(content, t, args[0], now)
        case "mp":
            return services.venue(content, t, args[0])
        case "nm":
            return nearby.ask(t)
        case "nf":
            try:
                point = Point.from_code(args[0], args[1])
            except ValueError:
                raise NotFound(args) from None
            return nearby.results(content, t, point, args[2], args[3], now)
        case "wo":
            return events.whats_on(content, t, None, now)
        case "wm":
            return events.whats_on(content, t, args[0], now)
        case "ev":
            return events.event_card(content, t, args[0], now)
        case "ei":
            return events.event_file(content, t, args[0], now)
        case "dl":
            return deadlines.intro(t, now)
        case "dc":
            return deadlines.calendar(t, args[0], args[1], now)
        case "dd":
            return deadlines.result(t, args[0], args[1], now)
        case "dq":
            return deadlines.typed(t, deadlines.checked("r", args[0], today))
        case "dx":
            return deadlines.ics(t, args[0], args[1], now)
    raise ValueError(f"no view for screen {callback.screen!r}")
