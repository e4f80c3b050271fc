"""Commands: /start greets; the others are shortcuts to screens reachable by buttons."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import ContextTypes

from bot import clock, telegram_io
from bot.i18n import N_, Translator
from bot.analytics import events
from bot.runtime import record, runtime, translator_for
from bot.views import menu
from bot.views.codec import Callback
from bot.views.router import render

# command -> (screen it opens, its description in the command menu)
SHORTCUTS: dict[str, tuple[str, str]] = {
    "start": ("m", N_("Start and main menu")),
    "procedure": ("po", N_("Asylum procedure step by step")),
    "legal": ("ln", N_("Free legal help")),
    "services": ("sm", N_("Services by municipality")),
    "nearme": ("nm", N_("Services near me")),
    "deadlines": ("dl", N_("My asylum deadlines")),
    "events": ("wo", N_("Events in the next two weeks")),
    "emergency": ("em", N_("Emergency numbers")),
    "phrases": ("ph", N_("Phrases to show an official")),
    "facts": ("my", N_("Rumours and facts")),
    "language": ("lg", N_("Change language")),
    "privacy": ("pv", N_("What this bot stores")),
    "menu": ("m", N_("Main menu")),
}


DELETE_DESCRIPTION = N_("Forget what the bot knows about me")


def bot_commands(t: Translator) -> list[BotCommand]:
    commands = [BotCommand(name, t.gettext(description)) for name, (_screen, description) in SHORTCUTS.items()]
    return [*commands, BotCommand("delete", t.gettext(DELETE_DESCRIPTION))]


async def on_delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete: forget the language choice and today's count of this person (privacy.md R19)."""
    t = translator_for(update, context)
    rt = runtime(context)
    person = update.effective_user.id
    rt.languages.forget(person)
    if rt.recorder is not None:
        rt.recorder.forget(person)
    _ = t.gettext
    note = _(
        "Done. The bot has forgotten your language choice and no longer counts you among today's users. "
        "The anonymous counts it keeps cannot be linked to you. To remove this chat from your phone, "
        "delete it in Telegram."
    )
    await telegram_io.send(context.bot, update.effective_chat.id, menu.main_menu(t, note=note))


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    command = message.text.split()[0].lstrip("/").split("@")[0].lower()
    t = translator_for(update, context)
    content = runtime(context).content
    screen, _description = SHORTCUTS[command]
    callback = Callback(screen, lang=t.code)
    if command == "start":
        view = menu.greeting(t, content.notices_for(clock.now()))
    else:
        view = render(content, t, callback, clock.now())
    await telegram_io.send(context.bot, message.chat_id, view)
    record(update, context, events.for_callback(content, callback, kind="command"))
