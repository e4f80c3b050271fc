"""The one error handler: log without personal data, and answer the person kindly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot import telegram_io
from bot.runtime import translator_for
from bot.views import menu

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a user blocked the bot; nothing to send")
        return
    if not isinstance(update, Update):
        # Errors while polling (network trouble) arrive without an update; PTB retries by itself.
        log.warning("error outside an update: %s: %s", type(error).__name__, error)
        return
    # The traceback names our code and the error, never the user, their id or their text.
    log.error("error while handling a %s update", _kind(update), exc_info=error)
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return  # Telegram is unreachable: sending an apology would fail too.
    try:
        t = translator_for(update, context)
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except BadRequest:
                pass  # Already answered before the error happened.
        if update.effective_chat is not None:
            note = t.gettext("Sorry, something went wrong on our side. Please try again, or choose a topic below.")
            await telegram_io.send(context.bot, update.effective_chat.id, menu.main_menu(t, note=note))
    except TelegramError as exc:
        log.error("could not tell the user about the error: %s", type(exc).__name__)


def _kind(update: Update) -> str:
    if update.callback_query is not None:
        return "button"
    if update.message is not None:
        return "command" if (update.message.text or "").startswith("/") else "message"
    return "other"
