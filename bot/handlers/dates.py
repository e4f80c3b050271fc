"""A typed date (5.3.2026, ۵/۳/۲۰۲۶, 5 March 2026): offer the deadlines from it. The date itself is never recorded."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.analytics.events import Event
from bot.deadlines import BadDate, NotADate, parse_date
from bot.handlers import fallback
from bot.runtime import record, translator_for
from bot.views import deadlines


async def on_typed_date(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text or ""
    try:
        value = parse_date(text, clock.today())
    except NotADate:
        await fallback.on_other_message(update, context)  # shaped like a date but is not one: search it
        return
    except BadDate as error:
        t = translator_for(update, context)
        view = deadlines.bad_date(t, error.reason)
    else:
        t = translator_for(update, context)
        view = deadlines.typed(t, value)
    await telegram_io.send(context.bot, update.effective_chat.id, view)
    record(update, context, Event("date", t.code, "dq"))
