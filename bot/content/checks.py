"""Checks that need the whole, valid content: how it renders in Telegram, translations, review dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from bot.content.loader import FILES, Document, Path_, Problem
from bot.content.model import Content, Entry, LocalText, Translation, english_hash

TITLE_WARN_CHARS = 60  # longer button labels are cut off on small phones


def entries_by_file(content: Content) -> dict[str, list[Entry]]:
    """Each file's entries, in file order (their index is their position in the YAML list)."""
    return {
        "procedure.yaml": list(content.steps),
        "organisations.yaml": list(content.organisations.values()),
        "municipalities.yaml": [],  # names only: nothing to translate or review
        "services.yaml": list(content.services.values()),
        "emergency.yaml": list(content.emergency),
        "notices.yaml": list(content.notices),
        "events.yaml": list(content.events),
        "phrases.yaml": list(content.phrases),
        "myths.yaml": list(content.myths),
        "vocabulary.yaml": [],  # word lists for search: nothing to translate or review
    }


def iter_texts(value: Any, path: Path_) -> Iterator[tuple[Path_, LocalText]]:
    """Every translatable text inside an entry, with its path in the YAML."""
    if isinstance(value, LocalText):
        yield path, value
    elif isinstance(value, BaseModel) and not isinstance(value, Translation):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_texts(item, (*path, i))


def content_warnings(content: Content, documents: dict[str, Document], today: date) -> list[Problem]:
    problems: list[Problem] = []
    for filename, entries in entries_by_file(content).items():
        document = documents.get(filename)
        if document is None:
            continue
        key = FILES[filename][1]
        for i, entry in enumerate(entries):
            base = (key, i)
            if today > entry.review_due():
                message = (
                    f"{entry.id}: review overdue since {entry.review_due():%Y-%m-%d} (reviewed on {entry.reviewed_on:%Y-%m-%d},"
                    f" every {entry.review_every_days} days); check it against its sources and update reviewed_on"
                )
                problems.append(document.problem((*base, "reviewed_on"), message, severity="warning"))
            for path, text in iter_texts(entry, base):
                current = english_hash(text.english)
                for code, item in text.root.items():
                    if code == "en":
                        continue
                    if not isinstance(item, Translation) or item.made_from is None:
                        message = f"{code}: say which English this translation was made from: add `from: \"{current}\"` (or run putokaz translations stamp)"
                    elif item.made_from != current:
                        message = f"{code}: outdated: the English changed since this translation was made (from: {item.made_from}, the English is now {current})"
                    else:
                        continue
                    problems.append(document.problem((*path, code), message, key=True, severity="warning"))
    return problems


def rendering_problems(content: Content, documents: dict[str, Document]) -> list[Problem]:
    """Render every card in every language and check it the way Telegram would."""
    from bot.config import LOCALES_DIR
    from bot.emulator.errors import EntityParseError
    from bot.emulator.htmlparse import parse_html
    from bot.i18n import LANGUAGES, Catalogs
    from bot.views import legal, phrases, procedure, services
    from bot.views.common import MAX_MESSAGE_CHARS, split_message

    catalogs = Catalogs(LOCALES_DIR)
    problems: list[Problem] = []
    today = date.today()
    cards = {
        "procedure.yaml": lambda t, e: procedure.step(content, t, e.id, today),
        "organisations.yaml": lambda t, e: legal.organisation(content, t, e.id, e.needs[0], today),
        "services.yaml": lambda t, e: services.service(content, t, e.id, today),
        "phrases.yaml": lambda t, e: phrases.phrase(content, t, e.id, today),
        "myths.yaml": lambda t, e: phrases.myth(content, t, e.id, today),
    }
    for filename, entries in entries_by_file(content).items():
        key = FILES[filename][1]
        render = cards.get(filename)
        for i, entry in enumerate(entries):
            title = getattr(entry, "title", None) or getattr(entry, "name", None)
            titles = title.root.values() if isinstance(title, LocalText) else [title] if title else []
            for value in titles:
                label = value.text if isinstance(value, Translation) else value
                if len(label) > TITLE_WARN_CHARS:
                    message = f"{entry.id}: {label[:30]!r}... is {len(label)} characters; buttons show about {TITLE_WARN_CHARS}"
                    problems.append(documents[filename].problem((key, i, "id"), message, severity="warning"))
            if render is None:
                continue
            for code in LANGUAGES:
                text = render(catalogs[code], entry).text
                if len(text) > MAX_MESSAGE_CHARS:
                    message = f"{entry.id}: the {code} card is {len(text)} characters and is sent as several messages; shorten it"
                    problems.append(documents[filename].problem((key, i, "id"), message, severity="warning"))
                for part in split_message(text):
                    try:
                        parse_html(part)
                    except EntityParseError as exc:
                        message = f"{entry.id}: Telegram would refuse the {code} card: {exc}"
                        problems.append(documents[filename].problem((key, i, "id"), message))
    return problems
