"""The one place that talks to Telegram on behalf of handlers: send a view, or show it in place."""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, InputFile, KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.views.common import AskLocation, Screen, SendContact, SendDocument, SendVenue, split_message
from bot.views.router import View

log = logging.getLogger(__name__)


def _markup(rows) -> InlineKeyboardMarkup | None:
    return Screen("", rows).markup()


async def send(bot: Bot, chat_id: int, view: View) -> None:
    """Send a view as new message(s). Long text is split at paragraphs; buttons go on the last part."""
    if isinstance(view, SendContact):
        await bot.send_contact(
            chat_id, phone_number=view.phone_number, first_name=view.first_name, reply_markup=_markup(view.rows)
        )
        return
    if isinstance(view, SendVenue):
        await bot.send_venue(
            chat_id,
            latitude=view.latitude,
            longitude=view.longitude,
            title=view.title,
            address=view.address,
            reply_markup=_markup(view.rows),
        )
        return
    if isinstance(view, AskLocation):
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton(view.share_label, request_location=True)], [KeyboardButton(view.cancel_label)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await bot.send_message(chat_id, view.text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        return
    if isinstance(view, SendDocument):
        await bot.send_document(
            chat_id,
            document=InputFile(view.content, filename=view.filename),
            caption=view.caption,
            parse_mode=ParseMode.HTML,
            reply_markup=_markup(view.rows),
        )
        return
    parts = split_message(view.text)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=view.markup() if last else None)


async def show(query: CallbackQuery, view: View) -> None:
    """Show a screen in place of the pressed message, or send it anew when that is not possible.

    Contacts and venues are always new messages; so is a screen too long for one message, or one
    whose message can no longer be edited (too old, deleted, or not a text message).
    """
    message = query.message
    # Only a text message can take new text: not a contact or venue card, nor a message too old to access.
    editable = isinstance(message, Message) and message.text is not None
    if isinstance(view, Screen) and editable and len(split_message(view.text)) == 1:
        try:
            await query.edit_message_text(view.text, parse_mode=ParseMode.HTML, reply_markup=view.markup())
            return
        except BadRequest as exc:
            reason = str(exc).lower()
            if "not modified" in reason:
                return  # The user pressed the button of the screen they are on.
            if not any(s in reason for s in ("can't be edited", "not found")):
                raise
            log.info("message could not be edited (%s); sending the screen anew", reason.split(":")[0])
    chat_id = message.chat.id if message is not None else query.from_user.id
    await send(query.get_bot(), chat_id, view)


async def remove_keyboard(bot: Bot, chat_id: int, text: str) -> None:
    """A short message that also takes the reply keyboard (the location button) away."""
    await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=ReplyKeyboardRemove())
