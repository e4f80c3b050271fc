"""The one codec for callback data.

A button carries everything needed to draw the screen it opens: the codec version, the language the
menu was drawn in, the screen and its arguments, e.g. `1|ar|oc|ideas|asylum`. Buttons therefore keep
working after a restart and need no server-side state. Telegram allows at most 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.i18n import LANGUAGES

VERSION = "1"
MAX_BYTES = 64
SEPARATOR = "|"

# Every screen and how many arguments it takes.
SCREENS: dict[str, int] = {
    "m": 0,  # main menu
    "lg": 0,  # language list
    "sl": 1,  # set language: code
    "po": 0,  # procedure overview: all steps
    "pr": 1,  # procedure step: step id
    "ln": 0,  # legal help: list of needs
    "lo": 1,  # organisations for a need: need
    "oc": 2,  # organisation card: org id, need it was reached from
    "ct": 1,  # send an organisation as a contact: org id
    "sm": 0,  # municipalities
    "sc": 1,  # categories in a municipality: municipality id
    "sv": 2,  # services list: municipality id, category
    "sd": 1,  # service card: service id
    "mp": 1,  # send a service's location as a venue: service id
    "ph": 0,  # phrases to show
    "pc": 1,  # one phrase: phrase id
    "my": 0,  # rumours and facts
    "mc": 1,  # one rumour: myth id
    "fb": 3,  # feedback on a card: the card's screen, its id, h (helpful) or w (wrong information)
    "em": 0,  # emergency numbers
    "pv": 0,  # privacy
    "so": 2,  # services open now: municipality id, category
    "nm": 0,  # near me: ask for the location (a reply keyboard)
    "nf": 4,  # near me results: latitude and longitude in thousandths of a degree, category or "all", o (open now) or a (any)
    "wo": 0,  # what's on: the next 14 days everywhere
    "wm": 1,  # what's on in a municipality: municipality id
    "ev": 1,  # an event: event id
    "ei": 1,  # send an event as an .ics file: event id
    "dl": 0,  # my deadlines: which date do you have?
    "dc": 2,  # the calendar to pick it: r (registration) or d (decision), the month shown as yyyymm
    "dd": 2,  # the deadlines from a date: r or d, yyyymmdd
    "dq": 1,  # a typed date: which document is it from? yyyymmdd
    "dx": 2,  # send the deadlines as an .ics file: r or d, yyyymmdd
}

_ARG = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")


class InvalidCallback(ValueError):
    """Callback data that this version of the bot did not make (stale, forged or corrupted)."""


@dataclass(frozen=True)
class Callback:
    screen: str
    args: tuple[str, ...] = ()
    lang: str = "en"

    def encode(self) -> str:
        if self.screen not in SCREENS or len(self.args) != SCREENS[self.screen]:
            raise ValueError(f"bad screen or arguments: {self.screen} {self.args}")
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang}")
        for arg in self.args:
            if not _ARG.match(arg):
                raise ValueError(f"argument {arg!r} cannot go into callback data")
        data = SEPARATOR.join((VERSION, self.lang, self.screen, *self.args))
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data}")
        return data


def decode(data: str | None) -> Callback:
    """Parse callback data; raise InvalidCallback for anything this codec would not have produced."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidCallback("empty or too long")
    version, _, rest = data.partition(SEPARATOR)
    if version != VERSION:
        raise InvalidCallback(f"version {version!r}")
    parts = rest.split(SEPARATOR)
    if len(parts) < 2:
        raise InvalidCallback("too few parts")
    lang, screen, *args = parts
    if lang not in LANGUAGES:
        raise InvalidCallback(f"language {lang!r}")
    if SCREENS.get(screen) != len(args):
        raise InvalidCallback(f"screen {screen!r} with {len(args)} arguments")
    if not all(_ARG.match(arg) for arg in args):
        raise InvalidCallback("malformed argument")
    return Callback(screen, tuple(args), lang)
