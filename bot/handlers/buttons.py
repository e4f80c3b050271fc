"""Every inline button press: decode the callback data, answer the query, show the screen."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.analytics import events
from bot.analytics.events import Event
from bot.geo import Point, in_serbia
from bot.runtime import record, runtime, translator_for
from bot.views import menu, nearby
from bot.views.codec import InvalidCallback, decode
from bot.views.common import NotFound
from bot.views.router import render

log = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    rt = runtime(context)
    content = rt.content
    try:
        callback = decode(query.data)
    except InvalidCallback as exc:
        log.info("stale or forged button: %s", exc)
        await _expired(update, context)
        return

    if callback.screen == "sl":
        rt.languages.set(query.from_user.id, callback.args[0])
        t = rt.catalogs[callback.args[0]]
        await query.answer()
        await telegram_io.show(query, menu.main_menu(t, notices=content.notices_for(clock.now())))
        record(update, context, events.for_callback(content, callback))
        return

    t = translator_for(update, context, hint=callback.lang)
    try:
        view = render(content, t, callback, clock.now())
    except NotFound as exc:
        log.info("button names content that no longer exists: %s", exc)
        await _expired(update, context)
        return
    if callback.screen == "fb":
        screen, entry_id, vote = callback.args
        _ = t.gettext
        await query.answer(_("Thank you!") if vote == "h" else _("Thank you. We will check this information."))
        await telegram_io.show(query, view)
        kind = "feedback-helpful" if vote == "h" else "feedback-wrong"
        record(update, context, Event(kind, t.code, screen, entry_id))
        return
    await query.answer()
    await telegram_io.show(query, view)
    record(update, context, _event(content, callback))


def _event(content, callback) -> Event:
    """What the statistics learn from a button: never a point or a date, at most the municipality and category."""
    event = events.for_callback(content, callback)
    args = callback.args
    match callback.screen:
        case "so":
            return replace(event, municipality=args[0], category=args[1])
        case "nf":
            point = Point.from_code(args[0], args[1])
            place = nearby.nearest_municipality(content, point) if in_serbia(point) else None
            category = args[2] if args[2] != nearby.ALL else None
            return replace(event, municipality=place[0].id if place else None, category=category)
        case "wm":
            return replace(event, municipality=args[0])
        case "ev" | "ei":
            found = next((e for e in content.events if e.id == args[0]), None)
            return replace(event, entry=args[0], municipality=found.municipality if found else None)
    return event


async def _expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    query = update.callback_query
    await query.answer(t.gettext("This menu has expired."))
    notices = runtime(context).content.notices_for(clock.now())
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await telegram_io.send(context.bot, chat_id, menu.expired(t, notices))
    record(update, context, Event("expired", t.code))
