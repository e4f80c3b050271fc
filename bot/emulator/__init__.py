"""A strict local Telegram Bot API emulator for Putokaz's tests and demo.

The bot process talks to it over HTTP exactly as it talks to
``api.telegram.org`` (point PTB's ``base_url`` at :attr:`Emulator.base_url`);
tests and ``putokaz demo`` act as Telegram users through :class:`User`.
Whatever real Telegram refuses, the emulator refuses with Telegram's own
envelope and description, so the bot cannot pass its tests doing something
Telegram would reject.  It listens on loopback addresses only.

Modules: :mod:`.server` (HTTP, methods, polling, webhooks), :mod:`.driver`
(users and settling), :mod:`.validation` / :mod:`.htmlparse` /
:mod:`.markdown` / :mod:`.entities` / :mod:`.links` (Telegram's parameter,
formatting and URL rules), :mod:`.state` (the simulated world),
:mod:`.errors` (error texts).
"""

from .driver import Emulator, EmulatorTimeout, Group, User
from .state import ApiCall, ApiError, CallbackAnswer, CallbackQuery, ChatMessage, Fault, InlineButton, RateLimits

__all__ = [
    "ApiCall",
    "ApiError",
    "CallbackAnswer",
    "CallbackQuery",
    "ChatMessage",
    "Emulator",
    "EmulatorTimeout",
    "Group",
    "Fault",
    "InlineButton",
    "RateLimits",
    "User",
]
