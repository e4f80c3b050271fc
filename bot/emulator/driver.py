"""The test-driver side: start the emulator and act as Telegram users.

Tests and ``putokaz demo`` use :class:`Emulator` and :class:`User`.  Every
user action (a command, a text, a button press, ...) returns only once the
bot has *settled* on it, so a test reads like a conversation:

1. the update was handed to the bot (fetched by ``getUpdates`` or accepted
   with a 2xx by the webhook);
2. for a button press, the callback query was answered;
3. the bot made at least one call concerning this chat;
4. no bot call for this chat was running or made for ``settle`` seconds
   (``ack_settle`` if the latest call was only an answerCallbackQuery or
   sendChatAction, or was refused; longer after a 429/5xx, while the bot
   should retry).

All of it must happen within ``timeout`` seconds, or :class:`EmulatorTimeout`
says what is still pending.  Bookkeeping is per chat, so many users can act
concurrently (the crawler runs one per language).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable
from types import TracebackType
from typing import Any

from aiohttp import web

from .entities import find_entities, to_utf16
from .server import TelegramServer, is_loopback_host
from .state import (
    JSON,
    ApiCall,
    ApiError,
    CallbackAnswer,
    CallbackQuery,
    Chat,
    ChatMessage,
    Fault,
    PendingUpdate,
    RateLimits,
)


class EmulatorTimeout(TimeoutError):
    """The bot did not finish reacting in time; the message says what is pending."""


class Emulator:
    """A strict local Telegram Bot API on ``127.0.0.1``, plus simulated users.

    ``settle``: seconds of silence in a chat after which an action counts as
    finished.  ``timeout``: the most an action (or :meth:`wait_idle`) waits.
    ``callback_ttl``: how long a callback query can still be answered.
    ``ack_settle``: the silence needed instead of ``settle`` when the bot's
    latest call for the chat was only an acknowledgement (answerCallbackQuery,
    sendChatAction) or was refused: bots answer a press first and edit after,
    or send anew after a failed edit, and a bot that throttles itself (PTB's
    AIORateLimiter) can leave more than ``settle`` between the two.  A
    reaction that ends on such a call costs this long.
    ``retry_grace``: after a 429 (plus its retry_after) or a 5xx on a chat's
    call, how long that chat waits for the bot's retry before it can settle.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        settle: float = 0.1,
        timeout: float = 10.0,
        ack_settle: float = 1.0,
        callback_ttl: float = 15.0,
        rate_limits: RateLimits | None = None,
        webhook_attempts: int = 3,
        webhook_backoff: float = 0.2,
        retry_grace: float = 3.0,
        bot_username: str = "putokaz_test_bot",
        bot_name: str = "Putokaz",
    ) -> None:
        if not is_loopback_host(host):
            raise ValueError(f"the emulator only listens on loopback addresses, not {host!r}")
        self.host = host
        self.port = port
        self.settle = settle
        self.timeout = timeout
        self.ack_settle = ack_settle
        self._server = TelegramServer(
            token,
            callback_ttl=callback_ttl,
            rate_limits=rate_limits,
            bot_username=bot_username,
            bot_name=bot_name,
            webhook_attempts=webhook_attempts,
            webhook_backoff=webhook_backoff,
            retry_grace=retry_grace,
        )
        self._runner: web.AppRunner | None = None
        self._user_ids = itertools.count(5_000_000_001)
        self._group_ids = itertools.count(4_000_001)

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        runner = web.AppRunner(self._server.application(), handler_cancellation=True, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.port = runner.addresses[0][1]
        self._runner = runner

    async def stop(self) -> None:
        await self._server.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- what tests read ----------------------------------------------------------------------

    @property
    def token(self) -> str:
        return self._server.token

    @property
    def bot(self) -> JSON:
        """The bot's User object, as getMe returns it."""
        return dict(self._server.bot_user)

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: PTB appends the token and the method."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/bot"

    @property
    def calls(self) -> list[ApiCall]:
        return list(self._server.calls)

    @property
    def errors(self) -> list[ApiError]:
        return list(self._server.errors)

    @property
    def my_commands(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """``(scope, language_code) -> [(command, description)]``; scope is the scope
        type, with the chat (and user) id appended for per-chat scopes (``"chat:42"``)."""
        return {key: list(value) for key, value in self._server.my_commands.items()}

    @property
    def webhook_failures(self) -> list[JSON]:
        """Updates given up on after the webhook kept failing."""
        return list(self._server.webhook_failures)

    def unanswered_callbacks(self) -> list[CallbackQuery]:
        """Callback queries older than ``settle`` that the bot never answered."""
        now = time.monotonic()
        return [
            q for q in self._server.callbacks.values() if q.answer is None and now - q.created_at >= self.settle
        ]

    def user(
        self,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> User:
        """A new simulated user with a private chat (chat id = user id)."""
        user: JSON = {"id": user_id or next(self._user_ids), "is_bot": False, "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username), ("language_code", language_code)):
            if value is not None:
                user[key] = value
        return User(self, self._server.add_chat(user))

    def group(self, title: str = "Test group", *, supergroup: bool = False) -> Group:
        """A group the bot is a member of; :class:`User` objects write in it through :class:`Group`."""
        chat_id = -next(self._group_ids) if not supergroup else -1_000_000_000_000 - next(self._group_ids)
        chat = self._server.add_chat({"id": chat_id, "first_name": title})
        chat.type = "supergroup" if supergroup else "group"
        chat.started = True  # the bot was added, so it may write there
        return Group(self, chat)

    # --- scripting the server ---------------------------------------------------------------

    def inject_fault(
        self,
        method: str | None = None,
        error_code: int | None = None,
        *,
        description: str | None = None,
        retry_after: int = 1,
        times: int = 1,
        delay: float = 0.0,
        chat_id: int | None = None,
        drop: bool = False,
        probability: float = 1.0,
        seed: int = 8,
    ) -> Fault:
        """Make the next ``times`` calls of ``method`` (any method if None) fail.

        ``error_code`` 429 answers ``Too Many Requests: retry after N`` with
        ``parameters.retry_after``; 403 defaults to "bot was blocked by the
        user"; 500 is ``Internal Server Error[: description]``; 502 answers an
        HTML page like a broken proxy.  ``delay`` holds the call first; with
        ``error_code=None`` the call then succeeds (a slow server).
        ``drop=True`` closes the connection without an answer, before the
        request is processed (a reset between the bot and Telegram).
        ``probability`` < 1 applies the fault to only that share of matching
        calls, chosen by a generator seeded with ``seed``; ``times`` still
        bounds how many calls fail.  ``chat_id`` limits it to one chat.
        """
        if not 0.0 < probability <= 1.0:
            raise ValueError(f"probability must be in (0, 1], not {probability}")
        fault = Fault(
            method, error_code, description, retry_after, times, delay, chat_id,
            drop=drop, probability=probability, rng=random.Random(seed),
        )  # fmt: skip
        self._server.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self._server.faults.clear()

    @property
    def latency(self) -> float:
        """Seconds every call (getUpdates included) is held before it is processed: a network
        round trip to a distant Telegram. 0 by default; can change while the bot runs."""
        return self._server.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency cannot be negative")
        self._server.latency = seconds

    def outage(self, seconds: float) -> None:
        """The API is unreachable for ``seconds`` from now: every connection, getUpdates included,
        is closed without an answer, as when the network between the bot and Telegram is down."""
        self._server.down_until = time.monotonic() + seconds

    @property
    def dropped_connections(self) -> int:
        """Connections closed unanswered so far (by ``drop`` faults and outages)."""
        return self._server.dropped

    async def wait_idle(self) -> None:
        """Wait until no update awaits delivery and the bot made no call (and was handed no update)
        for ``settle`` seconds."""
        server = self._server
        deadline = time.monotonic() + self.timeout
        while True:
            pending = [u for u in server.updates if not u.done.done()]
            quiet = time.monotonic() - server.last_call_at
            if not pending and server.inflight == 0 and quiet >= self.settle:
                return
            if time.monotonic() >= deadline:
                raise EmulatorTimeout(
                    f"not idle after {self.timeout}s: {len(pending)} update(s) undelivered, "
                    f"{server.inflight} call(s) running, last call {quiet:.2f}s ago"
                )
            await asyncio.sleep(min(self.settle, 0.05))

    # --- used by User ------------------------------------------------------------------------

    async def _settle(self, chat: Chat, update: PendingUpdate, query: CallbackQuery | None) -> list[ChatMessage]:
        """Wait for the bot to finish reacting to ``update`` (see the module docstring)."""
        touches, activity = chat.touches, len(chat.bot_activity)
        deadline = time.monotonic() + self.timeout

        outcome = await self._until(update.done, deadline, lambda: self._undelivered(update))
        if outcome != "delivered":
            raise EmulatorTimeout(f"update {update.update_id} ({update.kind}) was {outcome}, never seen by the bot")
        if query is not None:
            await self._until(
                query.answered.wait(),
                deadline,
                lambda: f"callback query {query.id} (data {query.data!r}) in chat {chat.id} was never answered",
            )
        while chat.touches == touches:
            await self._until(
                chat.changed.wait(),
                deadline,
                lambda: f"the bot made no call for chat {chat.id} after update {update.update_id} ({update.kind})",
            )
        while True:
            now = time.monotonic()
            quiet = now - chat.last_touch
            needed = max(self.settle, self.ack_settle) if chat.last_was_prelude else self.settle
            if chat.inflight == 0 and quiet >= needed and now >= chat.retry_expected_until:
                break
            if now >= deadline:
                raise EmulatorTimeout(f"chat {chat.id} never went quiet for {needed}s within {self.timeout}s")
            wait = deadline - now
            if chat.inflight == 0:
                wait = max(needed - quiet, chat.retry_expected_until - now)
            try:
                await asyncio.wait_for(chat.changed.wait(), max(0.0, min(wait, deadline - time.monotonic())))
            except TimeoutError:
                pass
        touched = dict.fromkeys(chat.bot_activity[activity:])
        return [chat.messages[i].snapshot() for i in sorted(touched) if i in chat.messages]

    async def _until(self, awaitable: Awaitable[Any], deadline: float, pending: Any) -> Any:
        if isinstance(awaitable, asyncio.Future):
            awaitable = asyncio.shield(awaitable)  # a timeout must not cancel the shared future
        try:
            return await asyncio.wait_for(awaitable, max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise EmulatorTimeout(f"after {self.timeout}s: {pending()}") from None

    def _undelivered(self, update: PendingUpdate) -> str:
        server = self._server
        if server.webhook is not None:
            how = f"webhook {server.webhook.url} last error: {server.webhook.last_error_message or 'none'}"
        elif server.last_poll_at:
            how = f"last getUpdates {time.monotonic() - server.last_poll_at:.1f}s ago"
        else:
            how = "the bot never called getUpdates and set no webhook"
        return f"update {update.update_id} ({update.kind}) not delivered; {how}"


class User:
    """A simulated Telegram user in a private chat with the bot."""

    def __init__(self, emulator: Emulator, chat: Chat) -> None:
        self._emu = emulator
        self._server = emulator._server
        self._chat = chat

    @property
    def id(self) -> int:
        return self._chat.id

    chat_id = id

    @property
    def info(self) -> JSON:
        """The Telegram User object the bot sees."""
        return dict(self._chat.user)

    @property
    def language_code(self) -> str | None:
        return self._chat.user.get("language_code")

    # --- what the user sees ---------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        return [self._chat.messages[i].snapshot() for i in sorted(self._chat.messages)]

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.from_bot]

    @property
    def last(self) -> ChatMessage | None:
        bot_messages = self.bot_messages
        return bot_messages[-1] if bot_messages else None

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return list(self._chat.callback_answers)

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of the reply keyboard the client currently shows, if any."""
        keyboard = self._chat.reply_keyboard
        return [[b["text"] for b in row] for row in keyboard["keyboard"]] if keyboard else None

    def block(self) -> None:
        """From now on the bot's sends to this chat fail with 403 "bot was blocked by the user"."""
        self._chat.blocked = True

    def unblock(self) -> None:
        self._chat.blocked = False

    # --- actions ------------------------------------------------------------------------------

    def _user_message(self, kind: str, **fields: Any) -> ChatMessage:
        return ChatMessage(self._chat.new_message_id(), False, kind, int(time.time()), **fields)

    def _text_message(self, text: str, kind: str = "text") -> ChatMessage:
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        return self._user_message(kind, text=text, entities=to_utf16(text, find_entities(text)))

    def send_nowait(self, text: str) -> PendingUpdate:
        """Queue a text message without waiting for the bot (for wire-level tests)."""
        return self._server.user_message(self._chat, self._text_message(text))

    def send_raw_nowait(self, fields: JSON) -> PendingUpdate:
        """Queue a message with any other Message fields as given (a sticker, a voice note, a photo...).

        The emulator does not check them: this is for fuzzing what Telegram may deliver."""
        return self._server.user_message(self._chat, self._user_message("raw", extra=dict(fields)))

    def edit_nowait(self, message_id: int, text: str) -> PendingUpdate:
        """The user edits an earlier text message: an ``edited_message`` update (if allowed)."""
        message = self._chat.messages.get(message_id)
        if message is None or message.from_bot or message.kind not in ("text", "command"):
            raise LookupError(f"no text message {message_id} of the user in chat {self.id}")
        message.text, message.edit_date = text, int(time.time())
        message.entities = to_utf16(text, find_entities(text))
        return self._server.enqueue("edited_message", self._server.message_json(self._chat, message), self._chat.id)

    async def send(self, text: str) -> list[ChatMessage]:
        """Send a plain text message."""
        return await self._emu._settle(self._chat, self.send_nowait(text), None)

    def command_nowait(self, text: str) -> PendingUpdate:
        """Queue a command without waiting for the bot (for load and wire-level tests)."""
        if not text.startswith("/"):
            raise ValueError(f"a command starts with '/': {text!r}")
        message = self._text_message(text, kind="command")
        command_length = len(text.split(maxsplit=1)[0])
        others = [e for e in message.entities if e["offset"] >= command_length]
        message.entities = [{"type": "bot_command", "offset": 0, "length": command_length}, *others]
        return self._server.user_message(self._chat, message)

    async def command(self, text: str) -> list[ChatMessage]:
        """Send a command such as ``/start`` or ``/start payload`` (with its bot_command entity)."""
        return await self._emu._settle(self._chat, self.command_nowait(text), None)

    async def send_location(self, latitude: float, longitude: float) -> list[ChatMessage]:
        message = self._user_message("location", location={"latitude": latitude, "longitude": longitude})
        return await self._emu._settle(self._chat, self._server.user_message(self._chat, message), None)

    async def send_contact(self, phone_number: str = "+381601234567") -> list[ChatMessage]:
        """Share the user's own contact, as a ``request_contact`` button does."""
        contact = {"phone_number": phone_number, "first_name": self._chat.user["first_name"], "user_id": self.id}
        message = self._user_message("contact", contact=contact)
        return await self._emu._settle(self._chat, self._server.user_message(self._chat, message), None)

    async def press(self, label: str) -> list[ChatMessage]:
        """Press the inline button labelled exactly ``label`` on the latest bot message that has one."""
        bot_messages = [m for m in self._chat.messages.values() if m.from_bot]
        for message in sorted(bot_messages, key=lambda m: m.message_id, reverse=True):
            matches = [b for row in message.buttons for b in row if b.text == label]
            if not matches:
                continue
            if len(matches) > 1:
                raise ValueError(f"{len(matches)} buttons labelled {label!r} on message {message.message_id}")
            button = matches[0]
            if button.callback_data is None:
                raise ValueError(f"{label!r} is not a callback button (url={button.url!r})")
            return await self._press(message, button.callback_data)
        available = sorted({b.text for m in bot_messages for row in m.buttons for b in row})
        raise LookupError(f"no inline button labelled {label!r} in chat {self.id}; available: {available}")

    async def press_data(self, data: str, message_id: int | None = None) -> list[ChatMessage]:
        """Send raw (possibly forged) callback data from a bot message.

        By default the latest bot message with an inline keyboard is used.
        """
        return await self._press(self._press_target(message_id), data)

    def press_data_nowait(self, data: str, message_id: int | None = None) -> tuple[PendingUpdate, CallbackQuery]:
        """Like :meth:`press_data`, without waiting for the bot (for load tests)."""
        return self._server.press(self._chat, self._press_target(message_id), data)

    def _press_target(self, message_id: int | None) -> ChatMessage:
        bot_messages = sorted((m for m in self._chat.messages.values() if m.from_bot), key=lambda m: m.message_id)
        if message_id is None:
            with_keyboard = [m for m in bot_messages if m.buttons]
            candidates = with_keyboard or bot_messages
        else:
            candidates = [m for m in bot_messages if m.message_id == message_id]
        if not candidates:
            raise LookupError(f"no bot message to press on in chat {self.id} (message_id={message_id})")
        return candidates[-1]

    async def _press(self, message: ChatMessage, data: str) -> list[ChatMessage]:
        update, query = self._server.press(self._chat, message, data)
        return await self._emu._settle(self._chat, update, query)

    async def tap_reply_button(
        self,
        label: str,
        *,
        latitude: float | None = None,
        longitude: float | None = None,
        phone_number: str = "+381601234567",
    ) -> list[ChatMessage]:
        """Tap a button of the reply keyboard the client shows: sends its text, or a
        location / the user's contact for ``request_location`` / ``request_contact`` buttons."""
        keyboard = self._chat.reply_keyboard
        if keyboard is None:
            raise LookupError(f"chat {self.id} shows no reply keyboard")
        buttons = [b for row in keyboard["keyboard"] for b in row]
        button = next((b for b in buttons if b["text"] == label), None)
        if button is None:
            raise LookupError(f"no reply button {label!r}; available: {[b['text'] for b in buttons]}")
        if button.get("request_location"):
            if latitude is None or longitude is None:
                raise ValueError(f"{label!r} shares a location: pass latitude= and longitude=")
            return await self.send_location(latitude, longitude)
        if button.get("request_contact"):
            return await self.send_contact(phone_number)
        return await self.send(label)


class Group:
    """A group chat with the bot in it; users write there with their own identity."""

    def __init__(self, emulator: Emulator, chat: Chat) -> None:
        self._emu = emulator
        self._server = emulator._server
        self._chat = chat

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def messages(self) -> list[ChatMessage]:
        return [self._chat.messages[i].snapshot() for i in sorted(self._chat.messages)]

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.from_bot]

    def _message(self, user: User, kind: str, **fields: Any) -> ChatMessage:
        return ChatMessage(self._chat.new_message_id(), False, kind, int(time.time()), sender=user.info, **fields)

    def send_nowait(self, user: User, text: str) -> PendingUpdate:
        """``user`` writes ``text`` in the group; a leading /command gets its bot_command entity."""
        if not text.strip():
            raise ValueError("Telegram clients do not send empty messages")
        entities = to_utf16(text, find_entities(text))
        kind = "text"
        if text.startswith("/"):
            kind = "command"
            length = len(text.split(maxsplit=1)[0])
            entities = [{"type": "bot_command", "offset": 0, "length": length}, *(e for e in entities if e["offset"] >= length)]
        return self._server.user_message(self._chat, self._message(user, kind, text=text, entities=entities))

    async def send(self, user: User, text: str) -> list[ChatMessage]:
        return await self._emu._settle(self._chat, self.send_nowait(user, text), None)

    def send_raw_nowait(self, user: User, fields: JSON) -> PendingUpdate:
        return self._server.user_message(self._chat, self._message(user, "raw", extra=dict(fields)))

    def add_bot_nowait(self, by: User) -> PendingUpdate:
        """``by`` adds the bot to this group: a service message with ``new_chat_members``."""
        return self.send_raw_nowait(by, {"new_chat_members": [dict(self._server.bot_user)]})
