"""What the emulated Telegram remembers: chats, messages, updates, callbacks.

Everything here is plain data owned by one event loop.  The server mutates it
while handling bot calls; the driver reads it and waits on it.  Each chat has
its own activity clock so that many simulated users can act at once without
one user's bot traffic keeping another user's action from settling.
"""

from __future__ import annotations

import asyncio
import copy
import random
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSON = dict[str, Any]


class InlineButton(NamedTuple):
    text: str
    callback_data: str | None
    url: str | None


@dataclass
class ChatMessage:
    """One message in a chat, as the user's client would show it now."""

    message_id: int
    from_bot: bool
    kind: str  # "text", "command", "contact", "venue", "location", "document"
    date: int
    text: str | None = None
    html: str | None = None  # the raw text/caption parameter the bot sent
    parse_mode: str | None = None
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    contact: JSON | None = None
    venue: JSON | None = None
    location: JSON | None = None
    document: JSON | None = None
    edit_count: int = 0
    edit_date: int | None = None
    sender: JSON | None = None  # who wrote it, in a group (in a private chat: the chat's user)
    extra: JSON = field(default_factory=dict)  # other Message fields as sent (sticker, voice, photo, ...)

    @property
    def buttons(self) -> list[list[InlineButton]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[InlineButton(b["text"], b.get("callback_data"), b.get("url")) for b in row] for row in rows]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return None
        return [[b["text"] for b in row] for row in self.reply_markup["keyboard"]]

    def snapshot(self) -> ChatMessage:
        return copy.deepcopy(self)


@dataclass(frozen=True)
class ApiCall:
    """Every request the bot made, decoded."""

    method: str
    params: JSON
    ok: bool
    description: str | None
    at: float


@dataclass(frozen=True)
class ApiError:
    """A rejected request: what Telegram would have refused, or a scripted fault (``injected``)."""

    method: str
    params: JSON
    error_code: int
    description: str
    injected: bool = False


class CallbackAnswer(NamedTuple):
    text: str | None
    show_alert: bool


@dataclass
class CallbackQuery:
    id: str
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    answer: CallbackAnswer | None = None


@dataclass
class PendingUpdate:
    """An update waiting for the bot; ``done`` resolves once it was handed over."""

    update_id: int
    kind: str
    payload: JSON
    chat_id: int | None
    # "delivered", "filtered" (allowed_updates), "dropped" (drop_pending_updates) or "failed" (webhook)
    done: asyncio.Future[str] = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def as_json(self) -> JSON:
        return {"update_id": self.update_id, self.kind: self.payload}

    def resolve(self, outcome: str) -> None:
        if not self.done.done():
            self.done.set_result(outcome)


@dataclass
class Chat:
    """A private chat between the bot and one simulated user, or a group the bot is in."""

    user: JSON  # for a group: {"id": <negative chat id>, "first_name": <title>}
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_message_id: int = 1
    started: bool = False  # the user has written to the bot, so the bot may write back
    blocked: bool = False
    reply_keyboard: JSON | None = None  # the keyboard the user's client currently shows
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    touches: int = 0  # bot calls that concerned this chat
    # The latest call was an acknowledgement (answerCallbackQuery, sendChatAction)
    # or was refused: bots usually go on (edit after answering, send after a failed edit).
    last_was_prelude: bool = False
    inflight: int = 0  # bot calls for this chat being processed right now
    # After a 429 or 5xx the bot is expected to retry: the chat is not settled
    # until its next call or this monotonic time, whichever comes first.
    retry_expected_until: float = 0.0
    last_touch: float = 0.0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    # message ids created or edited by the bot, in order, for the driver's action results
    bot_activity: list[int] = field(default_factory=list)
    type: str = "private"  # or "group" / "supergroup"

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def as_json(self) -> JSON:
        if self.type != "private":
            return {"id": self.id, "type": self.type, "title": self.user["first_name"]}
        chat: JSON = {"id": self.id, "type": "private", "first_name": self.user["first_name"]}
        for key in ("last_name", "username"):
            if self.user.get(key):
                chat[key] = self.user[key]
        return chat

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def touch(self, *, prelude: bool = False) -> None:
        """Record bot activity for this chat and wake anyone waiting on it."""
        self.last_was_prelude = prelude
        self.touches += 1
        self.last_touch = time.monotonic()
        self.changed.set()
        self.changed = asyncio.Event()


@dataclass
class RateLimits:
    """Flood limits, off unless passed to :class:`~bot.emulator.Emulator`.

    Token buckets as Telegram's FAQ describes them: about one message per
    second per chat with short bursts, about 30 per second overall.
    """

    per_chat_per_second: float = 1.0
    burst: int = 3
    global_per_second: float = 30.0


class TokenBucket:
    def __init__(self, rate: float, capacity: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = time.monotonic()

    def wait_time(self) -> float:
        """Seconds until a token is free (0 means one was taken now)."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class Fault:
    """A scripted failure for the next ``times`` calls of ``method``."""

    method: str | None
    error_code: int | None
    description: str | None
    retry_after: int
    times: int
    delay: float
    chat_id: int | None
    # "drop": the connection is closed before the request reaches the server (no answer at all).
    drop: bool = False
    # Only this share of the matching calls fails (drawn from a seeded generator, so runs repeat).
    probability: float = 1.0
    rng: random.Random = field(default_factory=lambda: random.Random(8))
    hits: int = 0  # calls this fault was applied to

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.times <= 0:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        if self.chat_id is not None and self.chat_id != chat_id:
            return False
        return self.probability >= 1.0 or self.rng.random() < self.probability
