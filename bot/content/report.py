"""Translation status: per language, how much of the content is complete, outdated, machine-made or missing."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from bot.content.checks import entries_by_file, iter_texts
from bot.content.model import Content
from bot.i18n import LANGUAGES

STATUSES = ("complete", "outdated", "machine", "missing")


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    counts: Counter

    @property
    def total(self) -> int:
        return sum(self.counts[s] for s in STATUSES)

    @property
    def present_percent(self) -> float:
        """Texts shown in this language at all (complete, outdated or machine-made)."""
        return round(100 * (self.total - self.counts["missing"]) / self.total, 1) if self.total else 100.0

    @property
    def complete_percent(self) -> float:
        return round(100 * self.counts["complete"] / self.total, 1) if self.total else 100.0


def translation_status(content: Content) -> tuple[list[LanguageStatus], list[dict[str, str]]]:
    """Per-language counts over every translatable text, and the texts that are not complete."""
    counts = {code: Counter() for code in LANGUAGES}
    pending: list[dict[str, str]] = []
    for filename, entries in entries_by_file(content).items():
        for entry in entries:
            for path, text in iter_texts(entry, ()):
                field = ".".join(str(p) for p in path)
                for code in LANGUAGES:
                    status = text.status(code)
                    counts[code][status] += 1
                    if status != "complete":
                        pending.append({"file": filename, "id": entry.id, "field": field, "language": code, "status": status})
    return [LanguageStatus(code, counts[code]) for code in LANGUAGES], pending


def report_table(content: Content) -> str:
    languages, _pending = translation_status(content)
    header = f"{'language':<22}{'present':>9}{'complete':>10}{'outdated':>10}{'machine':>10}{'missing':>10}{'texts':>8}"
    lines = [header, "-" * len(header)]
    for row in languages:
        name = f"{row.code}  {LANGUAGES[row.code].native_name}"
        lines.append(
            f"{name:<22}{row.present_percent:>8.1f}%{row.complete_percent:>9.1f}%{row.counts['outdated']:>10}{row.counts['machine']:>10}"
            f"{row.counts['missing']:>10}{row.total:>8}"
        )
    lines.append("")
    lines.append("present: shown in this language (not in English instead); complete: translated from the current English")
    lines.append("and checked by a person; outdated: the English changed")
    lines.append("since (or the translation does not say which English it was made from); machine: machine-made, not yet")
    lines.append("checked; missing: shown in English.")
    return "\n".join(lines)


def report_json(content: Content) -> str:
    languages, pending = translation_status(content)
    data = {
        "languages": {
            row.code: {
                "texts": row.total,
                "present_percent": row.present_percent,
                "complete_percent": row.complete_percent,
                **{s: row.counts[s] for s in STATUSES},
            }
            for row in languages
        },
        "not_complete": pending,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
