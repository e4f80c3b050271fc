"""What handlers share: content, catalogs, the in-memory language picks. Lives in bot_data."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.analytics.events import Event
from bot.analytics.recorder import Recorder
from bot.config import Settings
from bot.content.model import Content
from bot.i18n import Catalogs, Translator, negotiate
from bot.state import LanguageMemory

KEY = "putokaz"


@dataclass
class Runtime:
    settings: Settings
    content: Content  # replaced whole by the content watcher; read it once per update
    catalogs: Catalogs
    languages: LanguageMemory
    recorder: Recorder | None = None  # None until the statistics store is open


def record(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
    """Count an answered update, anonymously (see bot/analytics/recorder.py)."""
    recorder = runtime(context).recorder
    if recorder is not None and update.effective_user is not None:
        recorder.record(event, update.effective_user.id)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.bot_data[KEY]


def translator_for(update: Update, context: ContextTypes.DEFAULT_TYPE, hint: str | None = None) -> Translator:
    """The user's language: their pick (in memory), else the button's language, else Telegram's, else English."""
    rt = runtime(context)
    user = update.effective_user
    code = rt.languages.get(user.id) if user else None
    if code is None:
        code = hint or negotiate(user.language_code if user else None)
    return rt.catalogs[code]
