"""Text and commands the bot does not understand.

This is the one place where free-text search will plug in: today it answers with a short note and
the main menu, so nobody is left without a way forward.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.runtime import runtime, translator_for
from bot.views import menu


async def on_other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    notices = runtime(context).content.notices_for(clock.today())
    await telegram_io.send(context.bot, update.effective_chat.id, menu.unknown_input(t, notices))
