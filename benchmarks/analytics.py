"""Statistics cost: events per second the recorder takes; `putokaz stats` and `putokaz report` on 1,000,000 events.

Baseline, measured in the same run: a bare `INSERT` of the same rows with sqlite3 (no recorder), and
a bare `SELECT SUM(count)` over the same table (what any report must at least read). The events are
spread at random over every screen, language and place, so few of them share a row: a worst case for
the tables, as real traffic bunches on a few screens.

    .venv/bin/python benchmarks/analytics.py [--events 1000000] [--keep report.html]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.analytics.events import Event
from bot.analytics.html_report import render_html
from bot.analytics.recorder import Recorder
from bot.analytics.stats import build_tables
from bot.analytics.store import ADD_EVENTS, SCHEMA, AnalyticsStore
from bot.clock import BELGRADE

LANGS = ["ar", "fa", "ps", "ur", "tr", "en", "fr", "ru", "uk", "es", "sr"]
SCREENS = ["m", "po", "pr", "ln", "lo", "oc", "sm", "sc", "sv", "sd", "em", "ph", "pc", "my", "mc", "search"]
PLACES = ["belgrade", "sid", "presevo", "subotica", "sjenica", None, None, None]


ENTRIES = ["appeal", "registration", "dz-sid", "crm-legal", "interview"]
DAYS = 80


def rows(n: int, start: datetime):
    """Events spread evenly over DAYS days; one in twenty is a feedback vote on an entry."""
    rng = random.Random(1)
    for i in range(n):
        hour = (start + timedelta(minutes=i * 60 * 24 * DAYS // n)).strftime("%Y-%m-%dT%H:00")
        place = rng.choice(PLACES)
        if i % 20 == 0:
            kind = rng.choice(["feedback-helpful", "feedback-helpful", "feedback-wrong"])
            yield (hour, kind, rng.choice(["pr", "sd", "oc"]), rng.choice(ENTRIES), rng.choice(LANGS), None, None, None)
        else:
            yield (hour, "button", rng.choice(SCREENS), None, rng.choice(LANGS), place, "health" if place else None, None)


def fill(db: sqlite3.Connection, n: int, start: datetime) -> None:
    """A database like one after DAYS busy days: events, daily counts of people, unanswered searches."""
    db.executescript(SCHEMA)
    # As the recorder writes them: one row per distinct hour and values, with its count.
    db.executemany(ADD_EVENTS, [(*row, count) for row, count in Counter(rows(n, start)).items()])
    days = [(start + timedelta(days=d)).date().isoformat() for d in range(DAYS)]
    db.executemany("INSERT INTO daily_users VALUES (?, ?)", [(day, 200 + 37 * (d % 9)) for d, day in enumerate(days)])
    texts = ["kamp kanjiza", "posao", "škola za decu", "حافلة إلى بلغراد", "<PHONE> lawyer", "bus sid"]
    db.executemany(
        "INSERT INTO unanswered VALUES (?, ?, ?)",
        [(days[-1 - i % 30], "en", texts[i % len(texts)]) for i in range(n // 1000)],
    )
    db.commit()


async def recorder_rate(directory: Path, n: int) -> float:
    recorder = Recorder(AnalyticsStore(directory / "rate.sqlite3"))
    await recorder.store.open()
    start = time.perf_counter()
    for i in range(n):
        recorder.record(Event("button", "ar", "pr", "appeal"), i % 5000)
        if i % 1000 == 999:
            await recorder.flush()
    await recorder.flush()
    elapsed = time.perf_counter() - start
    await recorder.store.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", help="also write the HTML report to this file, to look at")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        rate = asyncio.run(recorder_rate(directory, 100_000))
        baseline_path = directory / "baseline.sqlite3"
        with sqlite3.connect(baseline_path) as db:
            db.execute("CREATE TABLE bare (hour, kind, screen, entry, language, municipality, category, results)")
            start = time.perf_counter()
            db.executemany("INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows(100_000, datetime(2026, 9, 1, tzinfo=BELGRADE)))
            db.commit()
            bare_rate = 100_000 / (time.perf_counter() - start)
        print(f"recorder: {rate:,.0f} events/s recorded and written (bare sqlite3 INSERT: {bare_rate:,.0f}/s)")

        path = directory / "analytics.sqlite3"
        with sqlite3.connect(path) as db:
            fill(db, args.events, datetime(2026, 9, 1, tzinfo=BELGRADE))
            stored_rows = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            start = time.perf_counter()
            db.execute("SELECT SUM(count) FROM events").fetchone()
            count_time = time.perf_counter() - start
        start = time.perf_counter()
        tables = build_tables(path)
        stats_time = time.perf_counter() - start
        print(f"putokaz stats on {args.events:,} events ({stored_rows:,} rows): {stats_time:.2f} s for {len(tables)} tables"
              f" (bare SUM(count): {count_time:.2f} s; ratio {stats_time / max(count_time, 1e-9):.1f})")
        start = time.perf_counter()
        html = render_html(build_tables(path), 10, date(2026, 11, 20))
        report_time = time.perf_counter() - start
        print(f"putokaz report on {args.events:,} events: {report_time:.2f} s, {len(html) / 1024:.0f} KiB of HTML"
              f" (the tables alone: {stats_time:.2f} s)")
        if args.keep:
            Path(args.keep).write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
