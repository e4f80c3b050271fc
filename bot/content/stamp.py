"""`putokaz translations stamp`: record which English a translation was made from.

A caseworker who has translated (or checked) a text runs this once; every translation that does not
yet say which English it was made from gets `from: <fingerprint of the current English>`. From then
on, an edit to the English shows that translation as outdated. Translations that already carry a
fingerprint are never touched, so an outdated one stays outdated until someone updates it.

The file is edited in place, text only: comments, order and layout elsewhere stay as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.content.checks import entries_by_file, iter_texts
from bot.content.loader import FILES, ContentError, inspect_content
from bot.content.model import Translation, english_hash


def _flow(text: str, made_from: str, machine: bool) -> str:
    parts = [f"text: {json.dumps(text, ensure_ascii=False)}", f'from: "{made_from}"']
    if machine:
        parts.append("machine: true")
    return "{" + ", ".join(parts) + "}"


def stamp_translations(directory: Path, languages: list[str] | None = None, *, machine: bool = False) -> dict[str, int]:
    """Stamp unstamped translations (as machine-made if `machine`); returns how many per file."""
    inspection = inspect_content(directory)
    if inspection.content is None:
        raise ContentError(inspection.errors)
    changed: dict[str, int] = {}
    for filename, entries in entries_by_file(inspection.content).items():
        document = inspection.documents.get(filename)
        if document is None:
            continue
        key = FILES[filename][1]
        edits: list[tuple[int, int, str]] = []
        for i, entry in enumerate(entries):
            for path, text in iter_texts(entry, (key, i)):
                current = english_hash(text.english)
                for code, item in text.root.items():
                    if code == "en" or (languages and code not in languages):
                        continue
                    if isinstance(item, Translation) and item.made_from is not None:
                        continue
                    made_by_machine = machine or (isinstance(item, Translation) and item.machine)
                    value = item.text if isinstance(item, Translation) else item
                    start, end = document.spans[(*path, code)]
                    edits.append((start, end, _flow(value, current, made_by_machine)))
        if not edits:
            continue
        path = directory / filename
        source = path.read_text(encoding="utf-8")
        for start, end, replacement in sorted(edits, reverse=True):
            source = source[:start] + replacement + source[end:]
        path.write_text(source, encoding="utf-8")
        changed[filename] = len(edits)
    after = inspect_content(directory)
    if after.content is None:  # never leave a broken file behind
        raise ContentError(after.errors)
    return changed
