"""The HTTP side of the emulator: what the bot process talks to.

An aiohttp application serving ``/bot<token>/<method>`` the way the official
Bot API server does: case-insensitive methods, GET or POST, query string /
urlencoded / JSON / multipart parameters, ``{"ok": ...}`` envelopes with the
HTTP status equal to ``error_code``, long-polling ``getUpdates`` with
Telegram's offset semantics and 409 conflicts, and webhook delivery with the
secret-token header and retries.

:class:`TelegramServer` also owns the simulated world (chats, messages,
callback queries); :mod:`.driver` drives it from the user's side.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import itertools
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from yarl import URL

from .errors import BotApiError, bad_request, too_many_requests
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
    TokenBucket,
)
from .validation import (
    check_coordinates,
    decode_json_param,
    format_text,
    parse_bool,
    parse_commands,
    parse_float,
    parse_int,
    parse_reply_markup,
    parse_scope,
    require,
    validate_language_code,
    validate_secret_token,
)

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_RATE_LIMITED = frozenset(
    {"sendmessage", "sendcontact", "sendvenue", "sendlocation", "senddocument", "editmessagetext", "editmessagereplymarkup"}
)
# Calls a bot makes before its real reply; see Emulator(ack_settle=...).
_ACKNOWLEDGEMENTS = frozenset({"answercallbackquery", "sendchataction"})
_BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_QUERY_TOO_OLD = "Query is too old and response timeout expired or query ID is invalid"
_CONFLICT_POLLING = "Terminated by other getUpdates request; make sure that only one bot instance is running"
_CONFLICT_WEBHOOK = "Can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
_NOT_MODIFIED = (
    "Message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class _Described:
    """A successful result that carries a ``description``, like setWebhook's."""

    result: Any
    description: str


@dataclass
class Webhook:
    url: str
    secret_token: str
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


Handler = Callable[[JSON], Awaitable[Any]]


class TelegramServer:
    """State plus Bot API method handlers.  One instance per emulator."""

    def __init__(
        self,
        token: str,
        *,
        callback_ttl: float = 15.0,
        rate_limits: RateLimits | None = None,
        bot_username: str = "putokaz_test_bot",
        bot_name: str = "Putokaz",
        webhook_attempts: int = 3,
        webhook_backoff: float = 0.2,
        retry_grace: float = 3.0,
    ) -> None:
        if not _TOKEN.match(token):
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.callback_ttl = callback_ttl
        self.rate_limits = rate_limits
        self.webhook_attempts = webhook_attempts
        self.webhook_backoff = webhook_backoff
        self.retry_grace = retry_grace

        self.chats: dict[int, Chat] = {}
        self.calls: list[ApiCall] = []
        self.errors: list[ApiError] = []
        self.webhook_failures: list[JSON] = []
        self.callbacks: dict[str, CallbackQuery] = {}
        self.my_commands: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.files: dict[str, JSON] = {}
        self.faults: list[Fault] = []

        self.updates: list[PendingUpdate] = []  # unconfirmed, oldest first
        self.allowed_updates: frozenset[str] | None = None  # None: Telegram's default set
        self.webhook: Webhook | None = None
        self._update_ids = itertools.count(700_000_001)
        self._file_ids = itertools.count(1)
        self._updates_changed = asyncio.Event()
        self._poll_generation = 0
        self._closing = False
        self._webhook_task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._global_bucket: TokenBucket | None = None
        self._chat_buckets: dict[int, TokenBucket] = {}
        self.inflight = 0  # bot calls being processed (getUpdates excluded)
        self.last_poll_at = 0.0
        self.last_call_at = 0.0
        self.latency = 0.0  # seconds every call is held first (a distant server)
        self.down_until = 0.0  # monotonic time until which every connection is dropped (an outage)
        self.dropped = 0  # connections closed without an answer

        self._methods: dict[str, Handler] = {
            name.lower(): getattr(self, f"_m_{name}")
            for name in (
                "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
                "sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage",
                "answerCallbackQuery", "sendContact", "sendVenue", "sendLocation", "sendDocument",
                "sendChatAction", "setMyCommands", "getMyCommands", "deleteMyCommands",
                "setChatMenuButton", "getChatMenuButton",
            )
        }  # fmt: skip

    # --- lifecycle -------------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/bot{token}/", self._handle)
        return app

    async def close(self) -> None:
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            await asyncio.gather(self._webhook_task, return_exceptions=True)
            self._webhook_task = None
        if self._http is not None:
            await self._http.close()
            self._http = None
        self._closing = True
        self._wake_pollers()  # long polls answer now instead of holding up the shutdown

    # --- HTTP ----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = request.match_info.get("method", "")
        if not _TOKEN.match(token):
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        if token != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params, recorded = await _read_params(request)
        name = method.lower()
        polling = name == "getupdates"
        if self.latency:
            await asyncio.sleep(self.latency)
        if time.monotonic() < self.down_until:
            self._record(method, recorded, 0, "Connection dropped (outage)", injected=True)
            return self._drop(request)
        chat = self._chat_of_call(name, params)
        if not polling:
            self.inflight += 1
            if chat is not None:
                chat.inflight += 1
                chat.retry_expected_until = 0.0
        response: web.StreamResponse | None = None
        try:
            response = await self._dispatch(request, method, name, params, recorded, chat)
            return response
        finally:
            if not polling:
                self.inflight -= 1
                self.last_call_at = time.monotonic()
                if chat is not None:
                    chat.inflight -= 1
                    refused = response is None or response.status >= 400
                    chat.touch(prelude=refused or name in _ACKNOWLEDGEMENTS)

    async def _dispatch(
        self, request: web.Request, method: str, name: str, params: JSON, recorded: JSON, chat: Chat | None
    ) -> web.StreamResponse:
        injected = False
        try:
            handler = self._methods.get(name)
            if handler is None:
                raise BotApiError(404, "Method not found")
            injected = True
            fault = await self._apply_fault(method, params, chat)
            injected = False
            if fault == "drop":
                self._record(method, recorded, 0, "Connection dropped", injected=True)
                self._expect_retry(chat, 0)
                return self._drop(request)
            if fault == "502":
                self._record(method, recorded, 502, "Bad Gateway", injected=True)
                self._expect_retry(chat, 0)
                return web.Response(status=502, text=_BAD_GATEWAY, content_type="text/html")
            if name in _RATE_LIMITED:
                self._check_rate_limits(params)
            result = await handler(params)
        except BotApiError as exc:
            self._record(method, recorded, exc.error_code, exc.description, injected=injected)
            if exc.error_code == 429 or exc.error_code >= 500:
                self._expect_retry(chat, int(exc.parameters.get("retry_after", 0)))
            return web.json_response(exc.envelope(), status=exc.error_code)
        self._record(method, recorded, None, None)
        if isinstance(result, _Described):
            return web.json_response({"ok": True, "result": result.result, "description": result.description})
        return web.json_response({"ok": True, "result": result})

    def _drop(self, request: web.Request) -> web.StreamResponse:
        """Close the connection without an answer; the client sees the server disconnect."""
        self.dropped += 1
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)  # never reaches the client: the connection is gone

    def _expect_retry(self, chat: Chat | None, retry_after: int) -> None:
        """A transient failure: the bot should retry, so the chat is not settled yet."""
        if chat is not None:
            chat.retry_expected_until = time.monotonic() + retry_after + self.retry_grace

    def _record(
        self, method: str, params: JSON, error_code: int | None, description: str | None, *, injected: bool = False
    ) -> None:
        self.calls.append(ApiCall(method, params, error_code is None, description, time.monotonic()))
        if error_code is not None:
            self.errors.append(ApiError(method, params, error_code, description or "", injected))

    def _chat_of_call(self, name: str, params: JSON) -> Chat | None:
        if name == "answercallbackquery":
            query = self.callbacks.get(str(params.get("callback_query_id")))
            return self.chats.get(query.chat_id) if query else None
        return self.chats.get(parse_int(params, "chat_id"))

    async def _apply_fault(self, method: str, params: JSON, chat: Chat | None) -> str | None:
        """Run the first matching scripted fault; "502" means answer a proxy's 502 page, "drop"
        close the connection unanswered; an error to answer is raised; None lets the call through."""
        chat_id = chat.id if chat is not None else (parse_int(params, "chat_id") or None)
        fault = next((f for f in self.faults if f.matches(method, chat_id)), None)
        if fault is None:
            return None
        fault.times -= 1
        fault.hits += 1
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            return "drop"
        if fault.error_code is None:
            return None
        if fault.error_code == 502:
            return "502"
        if fault.error_code == 429:
            raise too_many_requests(fault.retry_after)
        if fault.error_code == 403 and fault.description is None:
            raise BotApiError(403, "Bot was blocked by the user")
        raise BotApiError(fault.error_code, fault.description or "")

    def _check_rate_limits(self, params: JSON) -> None:
        limits = self.rate_limits
        if limits is None:
            return
        if self._global_bucket is None:
            self._global_bucket = TokenBucket(limits.global_per_second, limits.global_per_second)
        chat_id = parse_int(params, "chat_id")
        bucket = self._chat_buckets.setdefault(chat_id, TokenBucket(limits.per_chat_per_second, limits.burst))
        wait = max(self._global_bucket.wait_time(), bucket.wait_time())
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))

    # --- the simulated world ------------------------------------------------------------

    def add_chat(self, user: JSON) -> Chat:
        chat = Chat(user=user)
        self.chats[chat.id] = chat
        return chat

    @property
    def users(self) -> dict[int, JSON]:
        return {chat_id: chat.user for chat_id, chat in self.chats.items()}

    def enqueue(self, kind: str, payload: JSON, chat_id: int | None) -> PendingUpdate:
        """Queue an update for the bot, unless its allowed_updates exclude this kind."""
        update = PendingUpdate(next(self._update_ids), kind, payload, chat_id)
        allowed = self.allowed_updates
        if (kind in _DEFAULT_UPDATE_TYPES_EXCLUDED) if allowed is None else (kind not in allowed):
            update.resolve("filtered")
            return update
        self.updates.append(update)
        self._wake_pollers()
        return update

    def user_message(self, chat: Chat, message: ChatMessage) -> PendingUpdate:
        """The user sends ``message``: store it and queue a ``message`` update."""
        chat.started = True
        chat.messages[message.message_id] = message
        if chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
            chat.reply_keyboard = None
        return self.enqueue("message", self.message_json(chat, message), chat.id)

    def press(self, chat: Chat, message: ChatMessage, data: str) -> tuple[PendingUpdate, CallbackQuery]:
        query = CallbackQuery(
            id=str(secrets.randbits(63)),
            chat_id=chat.id,
            message_id=message.message_id,
            data=data,
            created_at=time.monotonic(),
        )
        self.callbacks[query.id] = query
        payload = {
            "id": query.id,
            "from": chat.user,
            "message": self.message_json(chat, message),
            "chat_instance": str(chat.id * 7919 % 10**12),
            "data": data,
        }
        return self.enqueue("callback_query", payload, chat.id), query

    def message_json(self, chat: Chat, message: ChatMessage) -> JSON:
        """A Bot API ``Message`` object (dates in Unix seconds)."""
        body: JSON = {
            "message_id": message.message_id,
            "from": self.bot_user if message.from_bot else (message.sender or chat.user),
            "chat": chat.as_json(),
            "date": message.date,
        }
        if message.edit_date is not None:
            body["edit_date"] = message.edit_date
        if message.kind in ("text", "command"):
            body["text"] = message.text
            if message.entities:
                body["entities"] = message.entities
        elif message.kind == "document":
            assert message.document is not None
            body["document"] = {k: v for k, v in message.document.items() if k != "content"}
            if message.text:
                body["caption"] = message.text
                if message.entities:
                    body["caption_entities"] = message.entities
        elif message.kind == "venue":
            body["venue"] = message.venue
            body["location"] = message.location
        elif message.kind != "raw":
            body[message.kind] = getattr(message, message.kind)
        body.update(message.extra)
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            body["reply_markup"] = message.reply_markup
        return body

    # --- helpers for handlers -------------------------------------------------------------

    def _chat(self, params: JSON) -> Chat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("Chat_id is empty")
        chat = self.chats.get(parse_int(params, "chat_id")) if re.match(r"-?\d", str(raw)) else None
        if chat is None:
            raise bad_request("Chat not found")
        return chat

    @staticmethod
    def _reachable(chat: Chat) -> None:
        if chat.blocked:
            raise BotApiError(403, "Bot was blocked by the user")
        if not chat.started:
            raise BotApiError(403, "Bot can't initiate conversation with a user")

    def _send(self, chat: Chat, message: ChatMessage) -> JSON:
        chat.messages[message.message_id] = message
        chat.bot_activity.append(message.message_id)
        markup = message.reply_markup or {}
        if "keyboard" in markup:
            chat.reply_keyboard = markup
        elif "remove_keyboard" in markup:
            chat.reply_keyboard = None
        return self.message_json(chat, message)

    def _check_reply_target(self, chat: Chat, params: JSON) -> None:
        reply = decode_json_param(params.get("reply_parameters"), "reply parameters")
        target = parse_int(params, "reply_to_message_id")
        allow_missing = parse_bool(params, "allow_sending_without_reply")
        if isinstance(reply, dict):
            target = int(reply.get("message_id") or 0)
            allow_missing = bool(reply.get("allow_sending_without_reply"))
        if target and target not in chat.messages and not allow_missing:
            raise bad_request("Message to be replied not found")

    def _new_message(self, chat: Chat, kind: str, markup: JSON | None, **fields: Any) -> ChatMessage:
        return ChatMessage(chat.new_message_id(), True, kind, int(time.time()), reply_markup=markup, **fields)

    def _editable(self, params: JSON) -> tuple[Chat, ChatMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # no inline mode in the emulator
        chat = self._chat(params)
        message = chat.messages.get(parse_int(params, "message_id"))
        if message is None:
            raise bad_request("Message to edit not found")
        if not message.from_bot or (message.reply_markup and "inline_keyboard" not in message.reply_markup):
            raise bad_request("Message can't be edited")
        return chat, message

    @staticmethod
    def _inline_only(markup: JSON | None) -> JSON | None:
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("Inline keyboard expected")
        return markup

    def _edited(self, chat: Chat, message: ChatMessage) -> JSON:
        message.edit_count += 1
        message.edit_date = int(time.time())
        chat.bot_activity.append(message.message_id)
        return self.message_json(chat, message)

    # --- methods: bot and updates -----------------------------------------------------

    async def _m_getMe(self, params: JSON) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_logOut(self, params: JSON) -> bool:
        return True

    async def _m_close(self, params: JSON) -> bool:
        return True

    def _wake_pollers(self) -> None:
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()

    def _set_allowed_updates(self, params: JSON) -> None:
        if params.get("allowed_updates") in (None, ""):
            return
        kinds = decode_json_param(params["allowed_updates"], "allowed updates")
        if isinstance(kinds, list):
            self.allowed_updates = frozenset(map(str, kinds)) or None

    def _drop_pending(self) -> None:
        for update in self.updates:
            update.resolve("dropped")
        self.updates.clear()

    async def _m_getUpdates(self, params: JSON) -> list[JSON]:
        self.last_poll_at = time.monotonic()
        if self.webhook is not None:
            raise BotApiError(409, _CONFLICT_WEBHOOK)
        offset = parse_int(params, "offset")
        limit = parse_int(params, "limit", 100)
        limit = limit if 1 <= limit <= 100 else 100
        timeout = max(0, parse_int(params, "timeout"))
        self._set_allowed_updates(params)
        if offset > 0:
            self.updates = [u for u in self.updates if u.update_id >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # an older long poll now answers 409
        deadline = time.monotonic() + timeout
        while True:
            changed = self._updates_changed
            if generation != self._poll_generation:
                raise BotApiError(409, _CONFLICT_POLLING)
            batch = self.updates[:limit]
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._closing:
                break
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                pass
        for update in batch:
            update.resolve("delivered")
        if batch:
            self.last_call_at = time.monotonic()  # the bot has work now: not idle until it goes quiet
        return [update.as_json() for update in batch]

    async def _m_setWebhook(self, params: JSON) -> _Described:
        url = str(params.get("url") or "")
        secret = validate_secret_token(params.get("secret_token"))
        if url:
            parsed = URL(url)
            if parsed.scheme not in ("http", "https") or not is_loopback_host(parsed.host or ""):
                raise bad_request("Bad webhook: the emulator delivers only to http(s) URLs on a loopback address")
        if parse_bool(params, "drop_pending_updates"):
            self._drop_pending()
        self._set_allowed_updates(params)
        if not url:
            self.webhook = None
            return _Described(True, "Webhook was deleted")
        max_connections = parse_int(params, "max_connections", 40)
        self.webhook = Webhook(url, secret, max_connections if 1 <= max_connections <= 100 else 40)
        self._wake_pollers()
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return _Described(True, "Webhook was set")

    async def _m_deleteWebhook(self, params: JSON) -> _Described:
        was_set = self.webhook is not None
        self.webhook = None
        if parse_bool(params, "drop_pending_updates"):
            self._drop_pending()
        self._wake_pollers()
        return _Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    async def _m_getWebhookInfo(self, params: JSON) -> JSON:
        info: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}
        hook = self.webhook
        if hook is not None:
            info.update(url=hook.url, max_connections=hook.max_connections, ip_address="127.0.0.1")
            if hook.last_error_date is not None:
                info.update(last_error_date=hook.last_error_date, last_error_message=hook.last_error_message)
        if self.allowed_updates is not None:
            info["allowed_updates"] = sorted(self.allowed_updates)
        return info

    async def _deliver_webhooks(self) -> None:
        """POST pending updates to the webhook, ``max_connections`` at a time, but one chat's
        updates one after another, in order (as the official server queues them per chat): the
        next update of a chat goes out only once the previous one was accepted or given up."""
        if self._http is None:
            self._http = aiohttp.ClientSession()
        in_flight: dict[int, asyncio.Task[None]] = {}
        while self.webhook is not None:
            hook = self.webhook
            changed = self._updates_changed
            waiting_chats: set[int] = set()  # chats with an earlier update in flight or still queued
            for update in self.updates:
                chat_id = update.chat_id
                if update.update_id in in_flight or (chat_id is not None and chat_id in waiting_chats):
                    if chat_id is not None:
                        waiting_chats.add(chat_id)
                    continue
                if chat_id is not None:
                    waiting_chats.add(chat_id)
                if len(in_flight) < hook.max_connections:
                    task = asyncio.create_task(self._post_update(hook, update))
                    in_flight[update.update_id] = task
                    task.add_done_callback(functools.partial(self._webhook_post_done, in_flight, update.update_id))
            await changed.wait()
        if in_flight:
            await asyncio.gather(*in_flight.values(), return_exceptions=True)

    def _webhook_post_done(self, in_flight: dict[int, asyncio.Task[None]], update_id: int, _task: object) -> None:
        in_flight.pop(update_id, None)
        self._wake_pollers()  # a connection is free again

    async def _post_update(self, hook: Webhook, update: PendingUpdate) -> None:
        assert self._http is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        for attempt in range(self.webhook_attempts):
            if self.webhook is not hook:
                return  # webhook removed: the update stays for getUpdates
            try:
                async with self._http.post(hook.url, json=update.as_json(), headers=headers) as response:
                    status = response.status
                    reason = f"Wrong response from the webhook: {status} {response.reason}"
            except (aiohttp.ClientError, OSError) as exc:
                status, reason = 0, f"Connection failed: {exc}"
            if 200 <= status < 300:
                if update in self.updates:
                    self.updates.remove(update)
                update.resolve("delivered")
                self.last_call_at = time.monotonic()
                return
            hook.last_error_date, hook.last_error_message = int(time.time()), reason
            await asyncio.sleep(self.webhook_backoff * 2**attempt)
        if update in self.updates:
            self.updates.remove(update)
        self.webhook_failures.append({"update": update.as_json(), "reason": hook.last_error_message})
        update.resolve("failed")

    # --- methods: messages --------------------------------------------------------------

    async def _m_sendMessage(self, params: JSON) -> JSON:
        text = format_text(params.get("text"), params.get("parse_mode"), params.get("entities"), self.users)
        markup = parse_reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        self._check_reply_target(chat, params)
        self._reachable(chat)
        message = self._new_message(
            chat,
            "text",
            markup,
            text=text.text,
            entities=text.entities,
            html=str(params.get("text")),
            parse_mode=params.get("parse_mode"),
        )
        return self._send(chat, message)

    async def _m_editMessageText(self, params: JSON) -> JSON:
        text = format_text(params.get("text"), params.get("parse_mode"), params.get("entities"), self.users)
        markup = self._inline_only(parse_reply_markup(params.get("reply_markup")))
        chat, message = self._editable(params)
        if message.kind not in ("text", "command"):
            raise bad_request("There is no text in the message to edit")
        self._reachable(chat)
        if (message.text, message.entities, message.reply_markup) == (text.text, text.entities, markup):
            raise bad_request(_NOT_MODIFIED)
        message.text, message.entities, message.reply_markup = text.text, text.entities, markup
        message.html, message.parse_mode = str(params.get("text")), params.get("parse_mode")
        return self._edited(chat, message)

    async def _m_editMessageReplyMarkup(self, params: JSON) -> JSON:
        markup = self._inline_only(parse_reply_markup(params.get("reply_markup")))
        chat, message = self._editable(params)
        self._reachable(chat)
        if message.reply_markup == markup:
            raise bad_request(_NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _m_deleteMessage(self, params: JSON) -> bool:
        chat = self._chat(params)
        if chat.messages.pop(parse_int(params, "message_id"), None) is None:
            raise bad_request("Message to delete not found")
        return True

    async def _m_answerCallbackQuery(self, params: JSON) -> bool:
        query = self.callbacks.get(require(params, "callback_query_id"))
        if query is None or query.answer is not None or time.monotonic() - query.created_at > self.callback_ttl:
            raise bad_request(_QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answer = CallbackAnswer(None if text is None else str(text), parse_bool(params, "show_alert"))
        self.chats[query.chat_id].callback_answers.append(query.answer)
        query.answered.set()
        return True

    async def _m_sendContact(self, params: JSON) -> JSON:
        contact: JSON = {"phone_number": require(params, "phone_number"), "first_name": require(params, "first_name")}
        for key in ("last_name", "vcard"):
            if params.get(key):
                contact[key] = str(params[key])
        markup = parse_reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        self._reachable(chat)
        return self._send(chat, self._new_message(chat, "contact", markup, contact=contact))

    async def _m_sendVenue(self, params: JSON) -> JSON:
        latitude, longitude = parse_float(params, "latitude"), parse_float(params, "longitude")
        title, address = require(params, "title"), require(params, "address")
        markup = parse_reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        location = check_coordinates(latitude, longitude, "Wrong venue location specified")
        self._reachable(chat)
        venue: JSON = {"location": location, "title": title, "address": address}
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get(key):
                venue[key] = str(params[key])
        message = self._new_message(chat, "venue", markup, venue=venue, location=location)
        return self._send(chat, message)

    async def _m_sendLocation(self, params: JSON) -> JSON:
        latitude, longitude = parse_float(params, "latitude"), parse_float(params, "longitude")
        markup = parse_reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        location = check_coordinates(latitude, longitude, "Invalid location specified")
        self._reachable(chat)
        return self._send(chat, self._new_message(chat, "location", markup, location=location))

    async def _m_sendDocument(self, params: JSON) -> JSON:
        document = self._document(params.get("document"))
        caption = format_text(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), self.users, caption=True
        )
        markup = parse_reply_markup(params.get("reply_markup"))
        chat = self._chat(params)
        self._reachable(chat)
        message = self._new_message(
            chat,
            "document",
            markup,
            document=document,
            text=caption.text or None,
            entities=caption.entities,
            html=params.get("caption"),
            parse_mode=params.get("parse_mode"),
        )
        return self._send(chat, message)

    def _document(self, value: Any) -> JSON:
        """An uploaded file (kept with its bytes) or a file_id sent earlier."""
        if isinstance(value, _Upload):
            if not value.content:
                raise bad_request("File must be non-empty")
            number = next(self._file_ids)
            document = {
                "file_id": f"BQACAgIAAxkBAAI{number:08d}",
                "file_unique_id": f"AgAD{number:06d}",
                "file_name": value.filename,
                "mime_type": value.content_type,
                "file_size": len(value.content),
                "content": value.content,
            }
            self.files[document["file_id"]] = document
            return dict(document)
        if value is None or value == "":
            raise bad_request("There is no document in the request")
        if str(value) not in self.files:
            raise bad_request("Wrong file identifier/HTTP URL specified")
        return dict(self.files[str(value)])

    async def _m_sendChatAction(self, params: JSON) -> bool:
        chat = self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("Wrong parameter action in request")
        self._reachable(chat)
        return True

    # --- methods: commands and menu --------------------------------------------------------

    async def _m_setMyCommands(self, params: JSON) -> bool:
        scope = parse_scope(params.get("scope"))
        language = validate_language_code(params.get("language_code"))
        commands = parse_commands(params.get("commands"))
        if commands:
            self.my_commands[(scope, language)] = commands
        else:
            self.my_commands.pop((scope, language), None)
        return True

    async def _m_getMyCommands(self, params: JSON) -> list[JSON]:
        key = (parse_scope(params.get("scope")), validate_language_code(params.get("language_code")))
        return [{"command": c, "description": d} for c, d in self.my_commands.get(key, [])]

    async def _m_deleteMyCommands(self, params: JSON) -> bool:
        key = (parse_scope(params.get("scope")), validate_language_code(params.get("language_code")))
        self.my_commands.pop(key, None)
        return True

    async def _m_setChatMenuButton(self, params: JSON) -> bool:
        chat_id = self._chat(params).id if params.get("chat_id") not in (None, "") else None
        button = decode_json_param(params.get("menu_button") or '{"type": "default"}', "menu button")
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise bad_request("Unsupported menu button type specified")
        self.menu_buttons[chat_id] = button
        return True

    async def _m_getChatMenuButton(self, params: JSON) -> JSON:
        chat_id = self._chat(params).id if params.get("chat_id") not in (None, "") else None
        return self.menu_buttons.get(chat_id, self.menu_buttons.get(None, {"type": "commands"}))


@dataclass(frozen=True)
class _Upload:
    filename: str
    content_type: str
    content: bytes


async def _read_params(request: web.Request) -> tuple[JSON, JSON]:
    """Decode parameters from the query string and any body; the query string wins.

    Returns the parameters and a copy fit for ``emu.calls`` (uploads summarised).
    """
    params: JSON = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                params.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key in form:
                value = form.getone(key)
                if isinstance(value, web.FileField):
                    value = _Upload(value.filename, value.content_type, value.file.read())
                params.setdefault(key, value)
    for key in request.query:
        params[key] = request.query.getone(key)
    recorded = {
        key: {"filename": v.filename, "size": len(v.content)} if isinstance(v, _Upload) else v
        for key, v in params.items()
    }
    return params, recorded
