"""Groups: the bot is private by design. In a group it answers only a command addressed to it by
name (/start@botname) and being added, with a short note to write to it in private; it never shows
its menus there, since they lead to personal questions (asylum, legal help, where someone sleeps).
Everything else in a group, buttons included, gets no answer.
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, MessageHandler, TypeHandler, filters

from bot import telegram_io
from bot.runtime import translator_for
from bot.views.common import Button, Screen


def private_only(t, username: str) -> Screen:
    _ = t.gettext
    text = _("I answer in private chats only, so that what you ask stays between you and me. Write to me there.")
    return Screen(text, ((Button(_("💬 Open a private chat"), url=f"https://t.me/{username}"),),))


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler: a button pressed outside a private chat goes no further."""
    query = update.callback_query
    if query is not None and query.message is not None and query.message.chat.type != Chat.PRIVATE:
        await query.answer()
        raise ApplicationHandlerStop


async def on_group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0]
    _name, at, addressee = command.partition("@")
    if not at or addressee.lower() != (context.bot.username or "").lower():
        return  # meant for another bot, or for nobody in particular: not ours to answer in a group
    await _note(update, context)


async def on_members_joined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if any(member.id == context.bot.id for member in update.effective_message.new_chat_members):
        await _note(update, context)


async def _note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    t = translator_for(update, context)
    await telegram_io.send(context.bot, update.effective_chat.id, private_only(t, context.bot.username))


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, guard), group=-1)
    in_groups = filters.ChatType.GROUPS & ~filters.UpdateType.EDITED
    application.add_handler(MessageHandler(in_groups & filters.COMMAND, on_group_command))
    application.add_handler(MessageHandler(in_groups & filters.StatusUpdate.NEW_CHAT_MEMBERS, on_members_joined))
