"""Translation tools that edit the content files in place: stamp, export and import.

- stamp: record which English a translation was made from (its fingerprint), so that a later edit
  of the English shows the translation as outdated.
- export: the texts of one language that need work (missing, outdated, machine-made), as JSON that
  a translator can fill in without touching YAML.
- import: write filled-in JSON back into the YAML, each translation with the fingerprint of the
  English it was made from. A text whose English changed since the export is skipped, not guessed.

Files are edited as text: comments, order and layout elsewhere stay as they were, and the result is
checked before it is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.checks import entries_by_file, iter_texts
from bot.content.loader import FILES, ContentError, Document, Inspection, Path_, inspect_content
from bot.content.model import LocalText, Translation, english_hash


def _flow(text: str, made_from: str, machine: bool) -> str:
    parts = [f"text: {json.dumps(text, ensure_ascii=False)}", f'from: "{made_from}"']
    if machine:
        parts.append("machine: true")
    return "{" + ", ".join(parts) + "}"


def _valid(directory: Path) -> Inspection:
    inspection = inspect_content(directory)
    if inspection.content is None:
        raise ContentError(inspection.errors)
    return inspection


def _texts(inspection: Inspection):
    """(file name, document, entry id, path, LocalText) for every translatable text, in file order."""
    for filename, entries in entries_by_file(inspection.content).items():
        document = inspection.documents.get(filename)
        if document is None:
            continue
        key = FILES[filename][1]
        for i, entry in enumerate(entries):
            for path, text in iter_texts(entry, (key, i)):
                yield filename, document, entry.id, path, text


@dataclass
class _Edits:
    """Text replacements per file, applied from the end so earlier offsets stay valid."""

    by_file: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    def add(self, filename: str, start: int, end: int, text: str) -> None:
        self.by_file.setdefault(filename, []).append((start, end, text))

    def apply(self, directory: Path) -> dict[str, int]:
        backups = {}
        for filename, edits in self.by_file.items():
            path = directory / filename
            source = backups[filename] = path.read_text(encoding="utf-8")
            for start, end, replacement in sorted(edits, reverse=True):
                source = source[:start] + replacement + source[end:]
            path.write_text(source, encoding="utf-8")
        after = inspect_content(directory)
        if after.content is None:  # never leave broken files behind
            for filename, source in backups.items():
                (directory / filename).write_text(source, encoding="utf-8")
            raise ContentError(after.errors)
        return {filename: len(edits) for filename, edits in self.by_file.items()}


def _set_translation(edits: _Edits, document: Document, path: Path_, code: str, value: str) -> None:
    """Replace the translation `code` of the text at `path`, or add it after the last language."""
    if (*path, code) in document.spans:
        start, end = document.spans[(*path, code)]
        edits.add(document.name, start, end, value)
        return
    start, end = document.spans[path]
    source_char = document.text[start]
    if source_char == "{":  # a flow mapping: {en: ..., sr: ...}
        closing = document.text.rindex("}", start, end)
        edits.add(document.name, closing, closing, f", {code}: {value}")
        return
    children = [p for p in document.spans if len(p) == len(path) + 1 and p[: len(path)] == path]
    last_end = max(document.spans[p][1] for p in children)
    indent = document.keys[(*path, "en")][1] - 1
    edits.add(document.name, last_end, last_end, "\n" + " " * indent + f"{code}: {value}")


def stamp_translations(directory: Path, languages: list[str] | None = None, *, machine: bool = False) -> dict[str, int]:
    """Mark translations that do not say which English they were made from as made from the current one."""
    edits = _Edits()
    for _filename, document, _id, path, text in _texts(_valid(directory)):
        current = english_hash(text.english)
        for code, item in text.root.items():
            if code == "en" or (languages and code not in languages):
                continue
            if isinstance(item, Translation) and item.made_from is not None:
                continue  # it says what it was made from: an outdated one stays outdated
            made_by_machine = machine or (isinstance(item, Translation) and item.machine)
            value = item.text if isinstance(item, Translation) else item
            start, end = document.spans[(*path, code)]
            edits.add(document.name, start, end, _flow(value, current, made_by_machine))
    return edits.apply(directory)


def export_translations(directory: Path, code: str, *, everything: bool = False) -> list[dict]:
    """The texts of one language that need work (or all of them), for a translator to fill in."""
    items = []
    for filename, _document, entry_id, path, text in _texts(_valid(directory)):
        status = text.status(code)
        if status == "complete" and not everything:
            continue
        items.append(
            {
                "file": filename,
                "id": entry_id,
                "path": list(path),
                "english": text.english,
                "from": english_hash(text.english),
                "status": status,
                "text": text.text(code) or "",
            }
        )
    return items


def import_translations(directory: Path, code: str, items: list[dict], *, machine: bool) -> tuple[dict[str, int], list[str]]:
    """Write translated texts into the YAML. Returns the edits per file and the items skipped, with why."""
    inspection = _valid(directory)
    texts: dict[tuple[str, tuple], tuple[Document, LocalText]] = {
        (filename, tuple(path)): (document, text) for filename, document, _id, path, text in _texts(inspection)
    }
    edits = _Edits()
    skipped = []
    for item in items:
        where = f"{item.get('file')} {item.get('id')} {'.'.join(map(str, item.get('path', [])))}"
        translated = (item.get("text") or "").strip()
        if not translated:
            continue
        found = texts.get((item.get("file"), tuple(item.get("path", []))))
        if found is None:
            skipped.append(f"{where}: no such text any more")
            continue
        document, text = found
        current = english_hash(text.english)
        if item.get("from") != current:
            skipped.append(f"{where}: the English changed since the export; export again")
            continue
        _set_translation(edits, document, tuple(item["path"]), code, _flow(translated, current, machine))
    return edits.apply(directory), skipped
