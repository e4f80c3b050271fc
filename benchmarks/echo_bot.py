"""The baseline for benchmarks/throughput.py: the plainest python-telegram-bot Application.

It echoes every text with a small inline keyboard, and answers a button press and edits the pressed
message — the same API calls per update as Putokaz makes (one send per text; an answer and an edit
per press). PTB's defaults throughout: HTTPXRequest, updates one at a time, no rate limiter.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=http://127.0.0.1:PORT/bot python benchmarks/echo_bot.py [N]

With N, PTB's own concurrent_updates(N) (many updates at once, no per-chat order) instead.
"""

from __future__ import annotations

import os
import sys

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(f"Button {i}", callback_data=f"b{i}") for i in range(1, 4)]])


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text, reply_markup=KEYBOARD)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"You pressed {query.data}", reply_markup=KEYBOARD)


def main() -> None:
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .concurrent_updates(int(sys.argv[1]) if len(sys.argv) > 1 else False)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    application.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
