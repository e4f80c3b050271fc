"""Typed text is searched; anything else the bot cannot read gets a kind note and the main menu."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.analytics.events import Event
from bot.runtime import record, runtime, translator_for
from bot.views import menu
from bot.views import search as search_view

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_QUERY_CHARS = 200  # enough for any question; a pasted wall of text is cut before searching


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    content = runtime(context).content
    message = update.effective_message
    if message.text and not message.text.startswith("/"):
        # A lone surrogate (possible in JSON, not a character) would make Telegram refuse the answer
        # that quotes the words back; it becomes U+FFFD before anything else sees the text.
        query = _LONE_SURROGATE.sub("\ufffd", message.text[:MAX_QUERY_CHARS])
        result = content.search_index.search(query)
        view = search_view.results(content, t, result, query, clock.today())
        missed = not result.hits and not result.crisis
        event = Event(
            "search", t.code, "search", municipality=result.municipality, category=result.category,
            results=len(result.hits), unanswered_text=query if missed else None,
        )
    else:
        view = menu.unknown_input(t, content.notices_for(clock.now()))
        event = Event("other", t.code)
    await telegram_io.send(context.bot, update.effective_chat.id, view)
    record(update, context, event)
