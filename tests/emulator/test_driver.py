"""The test-driver side: users talking to a tiny in-process PTB Application that polls the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import pytest_asyncio
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.emulator import ChatMessage, Emulator, EmulatorTimeout, InlineButton

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

MENU = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Legal help", callback_data="legal"), InlineKeyboardButton("Silent", callback_data="silent")],
        [InlineKeyboardButton("UNHCR", url="https://www.unhcr.org/rs/")],
    ]
)
LOCATION_KEYBOARD = ReplyKeyboardMarkup([[KeyboardButton("📍 Send location", request_location=True)], ["Help"]], resize_keyboard=True)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    name = update.effective_user.first_name
    await update.message.reply_text(f"Welcome, <b>{name}</b>!", parse_mode=ParseMode.HTML, reply_markup=MENU)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query.data == "silent":
        return  # a bug on purpose: the press is never answered
    await query.answer()
    if query.data == "legal":
        await query.edit_message_text("⚖️ <b>Legal help</b>: free of charge", parse_mode=ParseMode.HTML, reply_markup=MENU)
    else:
        await query.edit_message_text("This menu has expired.")


async def ask_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text("Where are you?", reply_markup=LOCATION_KEYBOARD)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    location = update.message.location
    await update.message.reply_venue(location.latitude, location.longitude, "Asylum office", "Kneza Miloša 101")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await update.message.reply_text(f"You said: {update.message.text}")
    except Forbidden:
        pass


@asynccontextmanager
async def running_bot(emu: Emulator, **builder_options: object) -> AsyncIterator[Application]:
    """A small PTB bot polling the emulator, in this process."""
    builder = Application.builder().token(emu.token).base_url(emu.base_url)
    for option, value in builder_options.items():
        builder = getattr(builder, option)(value)
    application = builder.build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("where", ask_location))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.LOCATION, on_location))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with application:
        await application.start()
        await application.updater.start_polling(timeout=1, poll_interval=0)
        yield application
        await application.updater.stop()
        await application.stop()


@pytest_asyncio.fixture
async def app(emu: Emulator) -> AsyncIterator[Application]:
    async with running_bot(emu) as application:
        yield application


def transcript(messages: list[ChatMessage]) -> list[tuple[str, str | None]]:
    return [("bot" if m.from_bot else "user", m.text) for m in messages]


async def test_start_then_press_edits_the_menu(emu, app):
    user = emu.user(first_name="Amina", language_code="ar")
    [welcome] = await user.command("/start")
    assert welcome.text == "Welcome, Amina!" and welcome.html == "Welcome, <b>Amina</b>!"
    assert welcome.entities == [{"type": "bold", "offset": 9, "length": 5}]
    assert welcome.buttons == [
        [InlineButton("Legal help", "legal", None), InlineButton("Silent", "silent", None)],
        [InlineButton("UNHCR", None, "https://www.unhcr.org/rs/")],
    ]

    [edited] = await user.press("Legal help")
    assert edited.message_id == welcome.message_id and edited.edit_count == 1
    assert edited.text == "⚖️ Legal help: free of charge"
    assert user.callback_answers == [(None, False)]
    assert transcript(user.messages) == [("user", "/start"), ("bot", "⚖️ Legal help: free of charge")]
    assert user.messages[0].kind == "command" and user.messages[0].entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert user.last == edited and user.bot_messages == [edited]

    # The same screen again: the bot's edit is refused as "not modified", as on Telegram.
    assert await user.press("Legal help") == []
    assert emu.errors[-1].description.startswith("Bad Request: message is not modified")

    await user.press_data("v0|garbage")
    assert user.last.text == "This menu has expired." and user.last.buttons == []
    assert not emu.unanswered_callbacks()


async def test_press_lookup_errors(emu, app):
    user = emu.user()
    await user.command("/start")
    with pytest.raises(LookupError, match="Legal help"):
        await user.press("Nope")
    with pytest.raises(ValueError, match="not a callback button"):
        await user.press("UNHCR")


async def test_an_unanswered_press_is_reported_not_hung():
    async with Emulator(token="123456:TEST", settle=0.05, timeout=0.5) as emu, running_bot(emu):
        user = emu.user()
        await user.command("/start")
        with pytest.raises(EmulatorTimeout, match="was never answered"):
            await user.press("Silent")
        assert [q.data for q in emu.unanswered_callbacks()] == ["silent"]


async def test_reply_keyboard_location_and_concurrent_users(emu, app):
    users = [emu.user(first_name=f"U{i}", language_code=code) for i, code in enumerate(("ar", "fa", "ps", "ur", "en"))]
    results = await asyncio.gather(*(u.send(f"hi from {u.language_code}") for u in users))
    assert [[m.text for m in r] for r in results] == [[f"You said: hi from {u.language_code}"] for u in users]

    user = users[0]
    await user.command("/where")
    assert user.reply_keyboard == [["📍 Send location"], ["Help"]]
    with pytest.raises(ValueError, match="latitude"):
        await user.tap_reply_button("📍 Send location")
    [venue] = await user.tap_reply_button("📍 Send location", latitude=44.8, longitude=20.46)
    assert venue.kind == "venue" and venue.venue["title"] == "Asylum office" and venue.venue["location"]["latitude"] == 44.8
    [reply] = await user.tap_reply_button("Help")
    assert reply.text == "You said: Help"


async def test_a_429_is_waited_out_and_a_blocked_user_gets_nothing(emu):
    async with running_bot(emu, rate_limiter=AIORateLimiter(max_retries=1)):
        user = emu.user()
        emu.inject_fault("sendMessage", 429, retry_after=1)
        [welcome] = await user.command("/start")  # the action waits for the bot's retry after the 429
        assert welcome.text.startswith("Welcome")
        assert [(e.error_code, e.injected) for e in emu.errors] == [(429, True)]
        user.block()
        assert await user.send("anyone?") == []
        assert emu.errors[-1].description == "Forbidden: bot was blocked by the user"
        await emu.wait_idle()


async def test_an_idle_bot_times_out_with_an_explanation():
    async with Emulator(settle=0.05, timeout=0.3) as emu:
        user = emu.user()
        with pytest.raises(EmulatorTimeout, match="never called getUpdates"):
            await user.send("hello?")
        with pytest.raises(EmulatorTimeout, match="1 update"):
            await emu.wait_idle()
