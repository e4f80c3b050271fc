"""Which view draws which screen of the callback codec."""

from __future__ import annotations

from datetime import date

from bot.content.model import Content
from bot.i18n import Translator
from bot.views import legal, menu, phrases, procedure, services
from bot.views.codec import Callback
from bot.views.common import Screen, SendContact, SendVenue

View = Screen | SendContact | SendVenue


def render(content: Content, t: Translator, callback: Callback, today: date) -> View:
    """Draw the screen a button asks for. Raises NotFound when it names content that does not exist."""
    args = callback.args
    match callback.screen:
        case "m":
            return menu.main_menu(t, notices=content.notices_for(today))
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
            return legal.organisation(content, t, args[0], args[1], today)
        case "ct":
            return legal.contact(content, t, args[0])
        case "sm":
            return services.municipalities(content, t)
        case "sc":
            return services.categories(content, t, args[0], today)
        case "sv":
            return services.services(content, t, args[0], args[1])
        case "sd":
            return services.service(content, t, args[0], today)
        case "mp":
            return services.venue(content, t, args[0])
    raise ValueError(f"no view for screen {callback.screen!r}")
