"""What one answered update was about: the only thing the statistics ever learn.

An Event names the kind of interaction, the screen and content shown, the language, the municipality
and category, and for searches the number of results. It has no field for who asked, when exactly,
or from where: there is no place to put an identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content
from bot.views.codec import Callback


@dataclass(frozen=True)
class Event:
    kind: str  # command, button, search, expired, other
    language: str
    screen: str | None = None  # the codec's screen code, e.g. "pr" (procedure step)
    entry: str | None = None  # the content id shown, e.g. a step, organisation or service id
    municipality: str | None = None
    category: str | None = None
    results: int | None = None  # searches: how many results were shown
    unanswered_text: str | None = None  # a search that found nothing; scrubbed before it is kept, else dropped


def for_callback(content: Content, callback: Callback, kind: str = "button") -> Event:
    """The event of showing the screen a button (or a command) opened."""
    args = callback.args
    municipality = category = entry = None
    match callback.screen:
        case "sd" | "mp":
            entry = args[0]
            service = content.services.get(entry)
            if service is not None:
                municipality, category = service.municipality, service.category
        case "sc" | "wm":
            municipality = args[0]
        case "sv" | "so":
            municipality, category = args
        case "pr" | "oc" | "ct" | "pc" | "mc" | "lo" | "sl" | "ev" | "ei":
            entry = args[0]
        # Never the arguments of "nf" (a point) or of "dc", "dd", "dq", "dx" (a person's dates).
    return Event(kind, callback.lang, callback.screen, entry, municipality, category)
