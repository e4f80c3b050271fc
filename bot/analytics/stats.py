"""`putokaz stats`: fixed, anonymous tables for coordinators (privacy.md R14-R16).

Only these tables exist; there is no filter, no finer time than a week (a month for the most detailed
table), and no per-person view. Every cell with 0 < n < k is shown as "<k" (k = 10 by default, never
below 5), every other count is rounded to the nearest 5, and no totals are printed, so a hidden cell
cannot be worked out by subtraction.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_K = 10
MIN_K = 5

TOPICS = {
    "m": "main menu", "lg": "language", "sl": "language", "pv": "privacy", "em": "emergency",
    "po": "procedure", "pr": "procedure", "ln": "legal help", "lo": "legal help", "oc": "legal help", "ct": "legal help",
    "sm": "services", "sc": "services", "sv": "services", "sd": "services", "mp": "services",
    "ph": "phrases", "pc": "phrases", "my": "rumours", "mc": "rumours", "search": "search",
    "so": "services", "nm": "near me", "nf": "near me",
    "wo": "events", "wm": "events", "ev": "events", "ei": "events",
    "dl": "deadlines", "dc": "deadlines", "dd": "deadlines", "dq": "deadlines", "dx": "deadlines",
}

# Fresh hourly events and the daily totals they are rolled into after 90 days, grouped alike.
_GROUPS = (
    "SELECT substr(hour, 1, 10), screen, language, municipality, category, SUM(count) FROM events GROUP BY 1, 2, 3, 4, 5",
    "SELECT day, screen, language, municipality, category, SUM(count) FROM daily GROUP BY 1, 2, 3, 4, 5",
)


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str | int]]
    chart: str = "bars"  # how `putokaz report` draws it: "trend" (columns are weeks), "heat" or "bars"


def protect(n: int, k: int) -> str | int:
    """Suppress small counts, round the others (R14, R15)."""
    if n == 0:
        return 0
    if n < k:
        return f"<{k}"
    return int(5 * round(n / 5))


def _week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _pivot(title: str, counts: dict[tuple[str, str], int], row_name: str, k: int, chart: str) -> Table:
    rows_keys = sorted({r for r, _c in counts})
    col_keys = sorted({c for _r, c in counts})
    rows = [[r, *[protect(counts.get((r, c), 0), k) for c in col_keys]] for r in rows_keys]
    return Table(title, [row_name, *col_keys], rows, chart)


def build_tables(db_path: Path, k: int = DEFAULT_K) -> list[Table]:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        # One pass over the events; the tables are summed from its groups in Python.
        groups = [row for query in _GROUPS for row in db.execute(query)]
        feedback = [
            row
            for query in (
                "SELECT screen, entry, kind, SUM(count) FROM events WHERE kind LIKE 'feedback-%' GROUP BY 1, 2, 3",
                "SELECT screen, entry, kind, SUM(count) FROM daily WHERE kind LIKE 'feedback-%' GROUP BY 1, 2, 3",
            )
            for row in db.execute(query)
        ]
        unanswered = db.execute("SELECT text, COUNT(*) FROM unanswered GROUP BY lower(text) ORDER BY 2 DESC LIMIT 50").fetchall()
        users = db.execute("SELECT day, users FROM daily_users").fetchall()

    topics: dict[tuple[str, str], int] = defaultdict(int)
    languages: dict[tuple[str, str], int] = defaultdict(int)
    place_counts: dict[tuple[str, str], int] = defaultdict(int)
    weeks: dict[str, str] = {}
    for day, screen, language, municipality, category, n in groups:
        week = weeks.get(day) or weeks.setdefault(day, _week(day))
        topics[(TOPICS.get(screen or "", "other"), week)] += n
        languages[(language, week)] += n
        if municipality is not None:
            place_counts[(f"{municipality} / {category or '-'}", day[:7])] += n
    weekly_users: dict[tuple[str, str], int] = defaultdict(int)
    for day, n in users:
        weekly_users[("people (sum of daily counts)", _week(day))] += n

    votes: dict[tuple[str, str], int] = defaultdict(int)
    for screen, entry, kind, n in feedback:
        votes[(f"{TOPICS.get(screen, screen)}: {entry}", kind.removeprefix("feedback-"))] += n

    tables = [
        _pivot("Topics by week", topics, "topic", k, "trend"),
        _pivot("Feedback per entry", votes, "entry", k, "bars"),
        _pivot("Languages by week", languages, "language", k, "trend"),
        _pivot("Municipality and category by month", place_counts, "municipality / category", k, "heat"),
        _pivot("People per week", weekly_users, "", k, "trend"),
    ]
    # Rare texts could single someone out: only those asked at least k times are shown.
    frequent = [[text, protect(n, k)] for text, n in unanswered if n >= k]
    tables.append(Table(f"Searches that found nothing (asked {k} times or more, last 30 days)", ["text", "times"], frequent))
    return tables


def render_text(tables: list[Table]) -> str:
    out = []
    for table in tables:
        out.append(table.title)
        if not table.rows:
            out.append("  (nothing to show)\n")
            continue
        widths = [max(len(str(v)) for v in [col, *(row[i] for row in table.rows)]) for i, col in enumerate(table.columns)]
        out.append("  " + "  ".join(str(c).ljust(w) for c, w in zip(table.columns, widths)))
        for row in table.rows:
            out.append("  " + "  ".join(str(v).rjust(w) if isinstance(v, int) else str(v).ljust(w) for v, w in zip(row, widths)))
        out.append("")
    return "\n".join(out)


def render_csv(tables: list[Table]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables:
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        writer.writerow([])
    return buffer.getvalue()


def render_json(tables: list[Table]) -> str:
    return json.dumps([{"title": t.title, "columns": t.columns, "rows": t.rows} for t in tables], ensure_ascii=False, indent=2)
