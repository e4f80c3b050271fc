"""The Bot API surface, driven by a real PTB Bot (and raw HTTP where the wire format matters)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.emulator import Emulator, RateLimits

from .conftest import TOKEN, call

# PTB warns about its own RetryAfter.retry_after type change whenever it builds one.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows])


def last_error(emu: Emulator) -> str:
    return emu.errors[-1].description


# --- transport ---------------------------------------------------------------------------


async def test_envelopes_routing_and_encodings(emu, bot, http):
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456 and me.username == emu.bot["username"]

    assert await call(http, emu, "getMe", token="123456:WRONG") == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert await call(http, emu, "getMe", token="garbage") == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert await call(http, emu, "sendPigeon") == (404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
    status, body = await call(http, emu, "GETME")
    assert status == 200 and body["ok"] and body["result"]["id"] == 123456
    async with http.get(f"{emu.base_url}{TOKEN}/getMe") as response:
        assert (await response.json())["ok"]

    user = emu.user("Goran")
    user.send_nowait("hi")
    status, body = await call(http, emu, "sendMessage", json={"chat_id": user.id, "text": "<b>json</b>", "parse_mode": "HTML"})
    assert status == 200 and body["result"]["text"] == "json" and body["result"]["date"] < 10**10  # seconds
    status, body = await call(http, emu, f"sendMessage?chat_id={user.id}&text=query")
    assert body["result"]["text"] == "query" and body["result"]["from"]["is_bot"] is True

    with pytest.raises(InvalidToken):
        async with Bot("123456:WRONG", base_url=emu.base_url) as wrong:
            await wrong.get_me()


async def test_unknown_chat_and_missing_chat_id(emu, bot, http):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")
    assert last_error(emu) == "Bad Request: chat not found"
    assert await call(http, emu, "sendMessage", data={"text": "hi"}) == (
        400, {"ok": False, "error_code": 400, "description": "Bad Request: chat_id is empty"}
    )
    # The text is checked before the chat, as on the real server.
    status, body = await call(http, emu, "sendMessage", data={"chat_id": "0"})
    assert body["description"] == "Bad Request: message text is empty"


async def test_blocked_and_never_started_users_get_403(emu, bot, user):
    stranger = emu.user("Stranger")
    with pytest.raises(Forbidden):
        await bot.send_message(stranger.id, "hi")
    assert last_error(emu) == "Forbidden: bot can't initiate conversation with a user"
    user.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "hi")
    assert emu.errors[-1].error_code == 403 and last_error(emu) == "Forbidden: bot was blocked by the user"


# --- text and markup ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parse_mode", "description"),
    [
        ("", None, "Bad Request: message text is empty"),
        (" \n ", None, "Bad Request: text must be non-empty"),
        ("<b></b>", "HTML", "Bad Request: text must be non-empty"),
        ("x" * 4097, None, "Bad Request: message is too long"),
        ("x", "BBCode", "Bad Request: unsupported parse_mode"),
        ("<div>x</div>", "HTML", 'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0'),
        ("سلام <p>", "HTML", 'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 9'),
        ("1. step", "MarkdownV2", "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"),
    ],
)
async def test_text_errors(emu, bot, user, text, parse_mode, description):
    with pytest.raises(BadRequest):
        await bot.send_message(user.id, text, parse_mode=parse_mode)
    assert last_error(emu) == description


async def test_html_message_round_trip_with_utf16_offsets(bot, user):
    message = await bot.send_message(user.id, "  مرحبا 👋 <b>Amina</b> &amp; <a href='https://unhcr.org'>UNHCR</a>\n\n", parse_mode="HTML")
    assert message.text == "مرحبا 👋 Amina & UNHCR"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 9, 5), ("text_link", 17, 5)]
    assert message.parse_entities() == {message.entities[0]: "Amina", message.entities[1]: "UNHCR"}
    assert message.entities[1].url == "https://unhcr.org/"
    assert user.last.html.startswith("  مرحبا") and user.last.text == message.text


async def test_callback_data_limit_is_64_utf8_bytes(emu, bot, user):
    await bot.send_message(user.id, "ok", reply_markup=keyboard([("a", "é" * 32)]))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(user.id, "no", reply_markup=keyboard([("a", "é" * 32 + "x")]))
    assert last_error(emu) == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        ("{not json", "Bad Request: can't parse reply keyboard markup JSON object"),
        ({"inline_keyboard": [{"text": "a", "callback_data": "b"}]},
         'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'),
        ({"inline_keyboard": "x"}, 'Bad Request: field "inline_keyboard" must be of type Array'),
        ({"inline_keyboard": [[{"text": "a"}]]},
         "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
        ({"inline_keyboard": [[{"text": "a", "callback_data": ""}]]},
         "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
        ({"inline_keyboard": [[{"callback_data": "a"}]]},
         'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"'),
        ({"inline_keyboard": [[{"text": "", "callback_data": "a"}]]}, "Bad Request: BUTTON_TEXT_INVALID"),
        ({"inline_keyboard": [[{"text": "a", "url": "ftp://x.org"}]]},
         "Bad Request: inline keyboard button URL 'ftp://x.org' is invalid: Unsupported URL protocol"),
        ({"inline_keyboard": [[{"text": "a", "url": "localhost:8080"}]]},
         "Bad Request: inline keyboard button URL 'localhost:8080' is invalid: Wrong HTTP URL"),
        ({"inline_keyboard": [[{"text": str(i), "callback_data": str(i)} for i in range(9)]]},
         "Bad Request: reply markup is too long"),
        ({"inline_keyboard": [[{"text": str(i), "callback_data": str(i)}] for i in range(101)]},
         "Bad Request: reply markup is too long"),
        ({"keyboard": [["a"]], "resize_keyboard": "yes"}, 'Bad Request: field "resize_keyboard" must be of type Boolean'),
    ],
)
async def test_reply_markup_errors_on_the_wire(emu, http, user, markup, description):
    value = markup if isinstance(markup, str) else json.dumps(markup)
    status, body = await call(http, emu, "sendMessage", data={"chat_id": str(user.id), "text": "t", "reply_markup": value})
    assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description})


async def test_reply_keyboards_are_accepted_and_shown(bot, user):
    markup = ReplyKeyboardMarkup([[KeyboardButton("📍 Send location", request_location=True)], ["Help"]], resize_keyboard=True)
    message = await bot.send_message(user.id, "Where are you?", reply_markup=markup)
    assert message.reply_markup is None  # only inline keyboards come back on a Message
    assert user.reply_keyboard == [["📍 Send location"], ["Help"]]
    assert user.last.reply_keyboard == [["📍 Send location"], ["Help"]]


# --- edits, deletes, callbacks ------------------------------------------------------------------


async def test_edit_rules(emu, bot, user):
    sent = await bot.send_message(user.id, "<b>Menu</b>", parse_mode="HTML", reply_markup=keyboard([("A", "a")]))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<b>Menu</b> ", user.id, sent.message_id, parse_mode="HTML", reply_markup=keyboard([("A", "a")]))
    assert last_error(emu) == NOT_MODIFIED
    edited = await bot.edit_message_text("<b>Menu</b>", user.id, sent.message_id, parse_mode="HTML")  # drops the keyboard
    assert edited.reply_markup is None and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id)
    await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard([("B", "b")]))
    assert user.last.buttons[0][0].text == "B" and user.last.edit_count == 2

    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", user.id, 999)
    assert last_error(emu) == "Bad Request: message to edit not found"
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", user.id, user.messages[0].message_id)  # the user's own message
    assert last_error(emu) == "Bad Request: message can't be edited"
    contact = await bot.send_contact(user.id, phone_number="+381 11 123", first_name="UNHCR")
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", user.id, contact.message_id)
    assert last_error(emu) == "Bad Request: there is no text in the message to edit"

    assert await bot.delete_message(user.id, contact.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user.id, contact.message_id)


async def test_callback_answers(emu, bot, user):
    await bot.send_message(user.id, "menu", reply_markup=keyboard([("Legal help", "legal")]))
    press = asyncio.create_task(user.press("Legal help"))
    updates = await bot.get_updates(timeout=2)
    query = updates[-1].callback_query
    assert query.data == "legal" and query.message.text == "menu" and query.from_user.id == user.id
    assert await query.answer("Opening…", show_alert=True)
    assert await press == []
    assert user.callback_answers[-1] == ("Opening…", True) and user.callback_answers[-1].text == "Opening…"
    with pytest.raises(BadRequest):
        await query.answer()
    assert last_error(emu) == QUERY_TOO_OLD
    with pytest.raises(BadRequest):
        await bot.answer_callback_query("12345")
    assert last_error(emu) == QUERY_TOO_OLD


async def test_callback_queries_expire():
    async with Emulator(token=TOKEN, settle=0.05, timeout=0.3, callback_ttl=0.2) as emu:
        async with Bot(TOKEN, base_url=emu.base_url) as short_bot:
            user = emu.user()
            user.send_nowait("hi")
            await short_bot.send_message(user.id, "menu", reply_markup=keyboard([("Go", "go")]))
            press = asyncio.create_task(user.press("Go"))
            updates = await short_bot.get_updates()
            await asyncio.sleep(0.3)
            with pytest.raises(BadRequest, match="(?i)query is too old"):
                await updates[-1].callback_query.answer()
            with pytest.raises(Exception, match="was never answered"):
                await press
            assert [q.data for q in emu.unanswered_callbacks()] == ["go"]


# --- faults and limits ---------------------------------------------------------------------


async def test_injected_faults(emu, bot, http, user):
    emu.inject_fault("sendMessage", 429, retry_after=2)
    status, body = await call(http, emu, "sendMessage", data={"chat_id": str(user.id), "text": "x"})
    assert (status, body) == (
        429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 2", "parameters": {"retry_after": 2}}
    )
    emu.inject_fault("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "x")
    assert str(caught.value) == "Flood control exceeded. Retry in 3 seconds"
    emu.inject_fault("sendMessage", 500, description="restart")
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "x")
    assert last_error(emu) == "Internal Server Error: restart" and emu.errors[-1].injected
    emu.inject_fault("sendMessage", 502)
    async with http.post(f"{emu.base_url}{TOKEN}/sendMessage", data={"chat_id": str(user.id), "text": "x"}) as response:
        assert response.status == 502 and "Bad Gateway" in await response.text()
    emu.inject_fault("sendMessage", 403)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "x")
    emu.inject_fault("getMe", None, delay=0.2)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2
    assert (await bot.send_message(user.id, "after the storm")).text == "after the storm"


async def test_rate_limits_are_off_by_default_and_can_be_enabled(bot, user):
    for i in range(5):
        await bot.send_message(user.id, f"burst {i}")
    async with Emulator(token=TOKEN, rate_limits=RateLimits(per_chat_per_second=1, burst=2)) as emu:
        async with Bot(TOKEN, base_url=emu.base_url) as limited:
            person = emu.user()
            person.send_nowait("hi")
            await limited.send_message(person.id, "1")
            await limited.send_message(person.id, "2")
            with pytest.raises(RetryAfter):
                await limited.send_message(person.id, "3")


def test_only_loopback_addresses():
    with pytest.raises(ValueError):
        Emulator(host="0.0.0.0")
    with pytest.raises(ValueError):
        Emulator(host="192.168.1.10")


# --- updates: polling and webhooks -------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(emu, bot):
    user = emu.user("Early")
    started = time.monotonic()
    asyncio.get_running_loop().call_later(0.2, user.send_nowait, "ping")
    updates = await bot.get_updates(timeout=5)
    assert 0.15 < time.monotonic() - started < 2
    assert [u.message.text for u in updates] == ["ping"]
    assert updates[0].message.from_user.language_code == "en"


async def test_offsets_limit_and_allowed_updates(emu, bot, user):
    user.send_nowait("two")
    user.send_nowait("three")
    first = await bot.get_updates()
    assert [u.message.text for u in first] == ["hello", "two", "three"]
    assert [u.message.text for u in await bot.get_updates(limit=1)] == ["hello"]  # nothing confirmed yet
    assert [u.message.text for u in await bot.get_updates(offset=first[1].update_id)] == ["two", "three"]
    assert [u.message.text for u in await bot.get_updates(offset=-1)] == ["three"]
    assert await bot.get_updates(offset=first[-1].update_id + 1) == ()

    await bot.get_updates(allowed_updates=["callback_query"])
    user.send_nowait("filtered out")
    assert await bot.get_updates(allowed_updates=[]) == ()
    user.send_nowait("back to default")
    assert [u.message.text for u in await bot.get_updates()] == ["back to default"]


async def test_two_pollers_conflict(emu, http):
    # PTB serialises its own getUpdates calls, so two pollers are two HTTP clients.
    first = asyncio.create_task(call(http, emu, "getUpdates", data={"timeout": "3"}))
    await asyncio.sleep(0.1)
    assert await call(http, emu, "getUpdates", data={"timeout": "0"}) == (200, {"ok": True, "result": []})
    assert await first == (
        409,
        {
            "ok": False,
            "error_code": 409,
            "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        },
    )


async def test_webhook_delivery_with_secret_and_retries(emu, bot):
    received: list[tuple[dict, str | None, str]] = []
    statuses = [500, 200, 200]

    async def hook(request: web.Request) -> web.Response:
        received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"), request.content_type))
        return web.Response(status=statuses.pop(0))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        with pytest.raises(BadRequest, match="(?i)secret token contains unallowed characters"):
            await bot.set_webhook(url, secret_token="bad token!")
        with pytest.raises(BadRequest, match="(?i)secret token is too long"):
            await bot.set_webhook(url, secret_token="x" * 257)
        with pytest.raises(BadRequest):
            await bot.set_webhook("https://example.org/hook")
        assert await bot.set_webhook(url, secret_token="s3cret-Token_x")
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(Conflict, match="(?i)can't use getUpdates method while webhook is active"):
            await bot.get_updates()

        user = emu.user("Hook")
        update = user.send_nowait("via webhook")
        assert await asyncio.wait_for(update.done, 5) == "delivered"
        assert len(received) == 2  # a 500 first, then the retry
        body, secret, content_type = received[-1]
        assert body["message"]["text"] == "via webhook" and secret == "s3cret-Token_x" and content_type == "application/json"
        assert (await bot.get_webhook_info()).last_error_message.startswith("Wrong response from the webhook: 500")
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


# --- other methods --------------------------------------------------------------------------------


async def test_contact_venue_location_document_and_chat_action(emu, bot, user):
    contact = await bot.send_contact(user.id, phone_number="+381 11 3083 100", first_name="UNHCR", last_name="Serbia")
    assert contact.contact.phone_number == "+381 11 3083 100" and user.last.kind == "contact"
    venue = await bot.send_venue(user.id, 44.8436, 20.4871, "Krnjača", "Ivana Milutinovića 1")
    assert (venue.venue.title, venue.location.latitude) == ("Krnjača", 44.8436) and user.last.venue["address"] == "Ivana Milutinovića 1"
    with pytest.raises(BadRequest):
        await bot.send_venue(user.id, 91, 20, "x", "y")
    assert last_error(emu) == "Bad Request: wrong venue location specified"
    location = await bot.send_location(user.id, 44.8, 20.4)
    assert location.location.longitude == 20.4
    with pytest.raises(BadRequest):
        await bot.send_location(user.id, 0, 181)
    assert last_error(emu) == "Bad Request: invalid location specified"

    document = await bot.send_document(user.id, b"%PDF-1.4 rights", filename="rights.pdf", caption="<b>Your rights</b>", parse_mode="HTML")
    assert document.document.file_name == "rights.pdf" and document.caption == "Your rights"
    assert user.last.document["content"] == b"%PDF-1.4 rights" and user.last.text == "Your rights"
    again = await bot.send_document(user.id, document.document.file_id)
    assert again.document.file_unique_id == document.document.file_unique_id
    with pytest.raises(BadRequest, match="(?i)message caption is too long"):
        await bot.send_document(user.id, b"x", filename="x.txt", caption="c" * 1025)

    assert await bot.send_chat_action(user.id, "typing")
    with pytest.raises(BadRequest, match="(?i)wrong parameter action"):
        await bot.send_chat_action(user.id, "dancing")


async def test_bot_commands(emu, bot):
    from telegram import BotCommand, BotCommandScopeAllPrivateChats

    assert await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    assert await bot.set_my_commands([BotCommand("start", "ابدأ")], language_code="ar", scope=BotCommandScopeAllPrivateChats())
    assert emu.my_commands == {("default", ""): [("start", "Start"), ("help", "Help")], ("all_private_chats", "ar"): [("start", "ابدأ")]}
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert await bot.delete_my_commands()
    assert ("default", "") not in emu.my_commands

    for commands, language, description in [
        ([BotCommand("Start", "x")], None, "Bad Request: BOT_COMMAND_INVALID"),
        ([BotCommand("with space", "x")], None, "Bad Request: BOT_COMMAND_INVALID"),
        ([BotCommand("x" * 33, "x")], None, "Bad Request: command length must not exceed 32"),
        ([BotCommand("start", " ")], None, "Bad Request: command description must be non-empty"),
        ([BotCommand("start", "x" * 257)], None, "Bad Request: command description length must not exceed 256"),
        ([BotCommand(f"c{i}", "x") for i in range(101)], None, "Bad Request: BOT_COMMANDS_TOO_MUCH"),
        ([BotCommand("start", "x")], "eng", "Bad Request: invalid language code specified"),
    ]:
        with pytest.raises(BadRequest):
            await bot.set_my_commands(commands, language_code=language)
        assert last_error(emu) == description
    assert await bot.set_chat_menu_button()
