"""Main menu, language choice, emergency, privacy, and the answers for unknown input."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.content.model import Content, Notice
from bot.i18n import LANGUAGES, Translator
from bot.views.codec import Callback
from bot.views.common import Button, Page, Screen, esc, format_phone, nav_rows, notice_lines


def main_menu(t: Translator, *, note: str | None = None, notices: Sequence[Notice] = ()) -> Screen:
    _ = t.gettext
    page = Page(t)
    if note:
        page.add(esc(note))
    notice_lines(page, notices)
    page.add(
        "<b>" + esc(_("Putokaz · information for refugees and asylum seekers in Serbia")) + "</b>",
        esc(_("Choose a topic. Everything here is free.")),
    )
    page.add("<i>" + esc(_("This is general information, not legal advice. For your own case, ask a free legal-aid organisation.")) + "</i>")
    c = t.code
    rows = (
        (Button(_("📋 Asylum procedure"), Callback("po", lang=c)), Button(_("⏰ My deadlines"), Callback("dl", lang=c))),
        (Button(_("⚖️ Legal help"), Callback("ln", lang=c)),),
        (Button(_("🏘️ Services by municipality"), Callback("sm", lang=c)), Button(_("📍 Near me"), Callback("nm", lang=c))),
        (Button(_("📅 What's on"), Callback("wo", lang=c)),),
        (Button(_("🗣️ Phrases to show"), Callback("ph", lang=c)), Button(_("❓ Rumours and facts"), Callback("my", lang=c))),
        (Button(_("🆘 Emergency"), Callback("em", lang=c)),),
        (Button(_("🔒 Privacy"), Callback("pv", lang=c)), Button(_("🌐 Language"), Callback("lg", lang=c))),
    )
    return Screen(page.render(), rows)


def greeting(t: Translator, notices: Sequence[Notice] = ()) -> Screen:
    _ = t.gettext
    return main_menu(t, note=_("Welcome! 👋"), notices=notices)


def language_menu(t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add(esc(_("Choose your language:")))
    buttons = [
        Button(("✅ " if code == t.code else "") + language.native_name, Callback("sl", (code,), lang=t.code))
        for code, language in LANGUAGES.items()
    ]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Screen(page.render(), rows + nav_rows(t))


def emergency(content: Content, t: Translator, today: date) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("🆘 Emergency")) + "</b>", esc(_("If you or someone near you is in danger, call:")))
    unconfirmed = False
    for number in content.emergency:
        line = f"<b>{page.local(number.label)}</b>: {format_phone(t, number.phone)}"
        if number.long_overdue(today):
            line += " ⚠️"
            unconfirmed = True
        page.add(line, page.local(number.note) if number.note else None)
    if unconfirmed:
        page.add("⚠️ " + esc(_("Not confirmed for a long time: if it does not work, call the police on 192.")))
    return Screen(page.render(), nav_rows(t, emergency=False))


def privacy(t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("🔒 Your privacy")) + "</b>")
    page.add(esc(_("This bot does not store your name, your phone number, your Telegram account or your messages.")))
    page.add(
        esc(
            _(
                "To improve the information, it counts which topics are opened, in which language and town, to the "
                "hour, without anything that could tell who opened them. These counts are kept for 90 days, then "
                "only as daily totals. When a search finds nothing, its words are kept for 30 days, with phone "
                "numbers, e-mail addresses and long numbers removed, so that the team can add what is missing."
            )
        )
    )
    page.add(
        esc(
            _(
                "Your choice of language is kept only in the bot's memory, so that the next menu is in the same "
                "language. It is forgotten after 30 minutes without use, or when the bot restarts."
            )
        )
    )
    page.add(esc(_("A location you send is used only to find what is near you. It is never stored, and only the town is counted.")))
    page.add(esc(_("A date you give for your deadlines is used only to work them out. It is never stored.")))
    page.add(
        esc(
            _(
                "To make the bot forget you now, send /delete. It forgets your language choice and no longer counts "
                "you among today's users."
            )
        )
    )
    page.add(
        esc(
            _(
                "Telegram itself keeps this chat on its servers and, on a court order in a criminal case, may give a "
                "user's phone number and IP address to the authorities. To remove the chat, delete it in Telegram for "
                "both sides. Do not send documents or personal details here: the bot does not need them."
            )
        )
    )
    return Screen(page.render(), nav_rows(t))


def unknown_input(t: Translator, notices: Sequence[Notice] = ()) -> Screen:
    """The answer to text or a command the bot does not understand (free-text search comes later)."""
    _ = t.gettext
    note = _("I can read text and buttons only. Please type your question, or choose a topic below.")
    return main_menu(t, note=note, notices=notices)


def expired(t: Translator, notices: Sequence[Notice] = ()) -> Screen:
    _ = t.gettext
    return main_menu(t, note=_("This menu has expired. Here is the main menu."), notices=notices)
