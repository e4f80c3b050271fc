"""build_application(): the one place where the PTB Application is wired together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommandScopeDefault, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import clock
from bot.analytics.recorder import Recorder
from bot.analytics.store import FILE_NAME, AnalyticsStore
from bot.config import LOCALES_DIR, Settings
from bot.content.model import Content
from bot.deadlines import DATE_SHAPE
from bot.handlers import buttons, commands, coordinators, dates, errors, fallback, groups, nearby
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogs
from bot.network import AiohttpRequest, RetryingRateLimiter
from bot.reload import ContentWatcher
from bot.runtime import KEY, Runtime
from bot.state import LanguageMemory

log = logging.getLogger(__name__)

# Updates handled at once across chats (one chat's are always one after another, see PerChatOrder).
# With 50 ms to Telegram a press costs two round trips, so ~300 updates/s need ~30-50 in flight;
# benchmarks/throughput.py measured 64 as the knee (higher buys nothing at 0 ms and costs memory).
CONCURRENT_UPDATES = 64
# aiohttp costs far less CPU per call than PTB's default httpx (benchmarks/throughput.py measures
# both in one run); "httpx" keeps PTB's own HTTPXRequest.
HTTP_CLIENT = "aiohttp"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
WATCHER = "putokaz-content-watcher"


class PerChatOrder(BaseUpdateProcessor):
    """Many chats at once, but one chat's updates strictly one after another, in arrival order.

    PTB's own processor would run two quick presses of one person concurrently, and their answers
    could arrive swapped. PTB's semaphore (held while waiting here) is set high so that one busy
    chat cannot take all the slots; our own semaphore bounds the real work.
    """

    def __init__(self, max_concurrent: int) -> None:
        super().__init__(max_concurrent * 16)
        self._work = asyncio.Semaphore(max_concurrent)
        self._locks: dict[int, asyncio.Lock] = {}
        self._queued: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            async with self._work:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with lock, self._work:
                await coroutine
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:
                del self._queued[key], self._locks[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


def _file_url(base_url: str) -> str:
    """PTB needs the file URL too; for https://host/bot it is https://host/file/bot."""
    root, sep, _ = base_url.rpartition("/bot")
    return f"{root}/file/bot" if sep else base_url


async def _post_init(application: Application) -> None:
    await _register_commands(application)
    rt: Runtime = application.bot_data[KEY]
    recorder = Recorder(AnalyticsStore(rt.settings.data_dir / FILE_NAME))
    await recorder.start()
    rt.recorder = recorder
    watcher = ContentWatcher(rt, rt.settings.content_dir, poll_seconds=rt.settings.reload_seconds)
    application.bot_data[WATCHER] = watcher
    watcher.start()


async def _post_stop(application: Application) -> None:
    watcher: ContentWatcher | None = application.bot_data.get(WATCHER)
    if watcher is not None:
        await watcher.stop()
    rt: Runtime = application.bot_data[KEY]
    if rt.recorder is not None:
        await rt.recorder.stop()  # SIGTERM: everything recorded so far is written
        rt.recorder = None


async def _register_commands(application: Application) -> None:
    rt: Runtime = application.bot_data[KEY]
    bot = application.bot
    for code in LANGUAGES:
        await bot.set_my_commands(commands.bot_commands(rt.catalogs[code]), language_code=code)
    await bot.set_my_commands(commands.bot_commands(rt.catalogs[DEFAULT_LANGUAGE]), scope=BotCommandScopeDefault())
    log.info("commands registered in %d languages", len(LANGUAGES))


def build_application(settings: Settings, content: Content) -> Application:
    assert settings.token, "a token is required"
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(_file_url(settings.api_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(RetryingRateLimiter(max_retries=5))
        .concurrent_updates(PerChatOrder(CONCURRENT_UPDATES))
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if HTTP_CLIENT == "aiohttp":
        # Two connections per update in flight (an answer and an edit can overlap a retry); a pool of
        # its own for getUpdates, so sends can never starve polling.
        builder.request(AiohttpRequest(connection_pool_size=CONCURRENT_UPDATES * 2))
        builder.get_updates_request(AiohttpRequest(connection_pool_size=2))
    else:
        builder.connection_pool_size(CONCURRENT_UPDATES * 2).get_updates_connection_pool_size(2)
    application = builder.build()
    if settings.test_clock is not None:
        clock.start_at(settings.test_clock)
        log.warning("the clock is set to %s for a test (PUTOKAZ_TEST_CLOCK)", settings.test_clock.isoformat())
    application.bot_data[KEY] = Runtime(
        settings=settings, content=content, catalogs=Catalogs(LOCALES_DIR), languages=LanguageMemory()
    )

    # Order matters: commands we know, then every button press, then everything else.
    shortcuts = list(commands.SHORTCUTS)
    application.add_handler(CommandHandler(shortcuts, commands.on_command, filters=filters.ChatType.PRIVATE))
    application.add_handler(CommandHandler("delete", commands.on_delete, filters=filters.ChatType.PRIVATE))
    application.add_handler(CommandHandler("stats", coordinators.on_stats, filters=filters.ChatType.PRIVATE))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    groups.register(application)  # private by design: in groups only a note to write in private
    private_new = filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED
    application.add_handler(MessageHandler(private_new & filters.LOCATION, nearby.on_location))
    cancel = filters.Text(nearby.cancel_labels(application.bot_data[KEY].catalogs))
    application.add_handler(MessageHandler(private_new & cancel, nearby.on_cancel))
    share = filters.Text(nearby.share_labels(application.bot_data[KEY].catalogs))
    application.add_handler(MessageHandler(private_new & share, nearby.on_share_text))
    typed_date = filters.TEXT & ~filters.COMMAND & filters.Regex(DATE_SHAPE)
    application.add_handler(MessageHandler(private_new & typed_date, dates.on_typed_date))
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED, fallback.on_other_message))
    application.add_error_handler(errors.on_error)
    return application
