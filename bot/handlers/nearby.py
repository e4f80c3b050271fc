"""A shared location (📍 Near me, or sent at any time) and the reply keyboard's cancel button.

The location is rounded to about 100 m at once, used for one answer and dropped: it is never logged,
stored or counted. Only the municipality it is nearest to reaches the statistics.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.analytics.events import Event
from bot.geo import Point, in_serbia
from bot.i18n import LANGUAGES
from bot.runtime import record, runtime, translator_for
from bot.views import menu, nearby
from bot.views.common import esc


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    content = runtime(context).content
    shared = update.effective_message.location
    point = Point.rounded(shared.latitude, shared.longitude)
    chat_id = update.effective_chat.id
    # Take the location button away; the answer itself carries inline buttons.
    await telegram_io.remove_keyboard(context.bot, chat_id, esc(t.gettext("📍 Location received.")))
    view = nearby.results(content, t, point, nearby.ALL, nearby.ANY, clock.now())
    await telegram_io.send(context.bot, chat_id, view)
    place = nearby.nearest_municipality(content, point) if in_serbia(point) else None
    record(update, context, Event("near-me", t.code, "nf", municipality=place[0].id if place else None))


def cancel_labels(catalogs) -> set[str]:
    """The cancel button's label in every language (the reply keyboard sends it as text)."""
    return {catalogs[code].gettext("✖️ Cancel") for code in LANGUAGES}


def share_labels(catalogs) -> set[str]:
    """The location button's label in every language: Telegram apps that cannot share a location send it as text."""
    return {catalogs[code].gettext("📍 Send my location") for code in LANGUAGES}


async def on_share_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    content = runtime(context).content
    chat_id = update.effective_chat.id
    await telegram_io.remove_keyboard(context.bot, chat_id, esc(t.gettext("OK.")))
    await telegram_io.send(context.bot, chat_id, nearby.no_location(content, t))
    record(update, context, Event("near-me", t.code, "nm"))


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    content = runtime(context).content
    chat_id = update.effective_chat.id
    await telegram_io.remove_keyboard(context.bot, chat_id, esc(t.gettext("OK.")))
    await telegram_io.send(context.bot, chat_id, menu.main_menu(t, notices=content.notices_for(clock.now())))
    record(update, context, Event("cancel", t.code))
