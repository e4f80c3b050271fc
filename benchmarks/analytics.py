"""Statistics cost: how many events per second the recorder takes, and `putokaz stats` on 1,000,000 events.

Baseline, measured in the same run: a bare `INSERT` of the same rows with sqlite3 (no recorder), and
a bare `SELECT COUNT(*)` over the same table (what any report must at least read).

    .venv/bin/python benchmarks/analytics.py [--events 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bot.analytics.events import Event
from bot.analytics.recorder import Recorder
from bot.analytics.stats import build_tables
from bot.analytics.store import SCHEMA, AnalyticsStore
from bot.clock import BELGRADE

LANGS = ["ar", "fa", "ps", "ur", "tr", "en", "fr", "ru", "uk", "es", "sr"]
SCREENS = ["m", "po", "pr", "ln", "lo", "oc", "sm", "sc", "sv", "sd", "em", "ph", "pc", "my", "mc", "search"]
PLACES = ["belgrade", "sid", "presevo", "subotica", "sjenica", None, None, None]


def rows(n: int, start: datetime):
    rng = random.Random(1)
    for i in range(n):
        hour = (start + timedelta(minutes=i * 60 * 24 * 80 // n)).strftime("%Y-%m-%dT%H:00")
        place = rng.choice(PLACES)
        yield (hour, "button", rng.choice(SCREENS), None, rng.choice(LANGS), place, "health" if place else None, None)


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        rate = asyncio.run(recorder_rate(directory, 100_000))
        baseline_path = directory / "baseline.sqlite3"
        with sqlite3.connect(baseline_path) as db:
            db.executescript(SCHEMA)
            start = time.perf_counter()
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows(100_000, datetime(2026, 9, 1, tzinfo=BELGRADE)))
            db.commit()
            bare_rate = 100_000 / (time.perf_counter() - start)
        print(f"recorder: {rate:,.0f} events/s recorded and written (bare sqlite3 INSERT: {bare_rate:,.0f}/s)")

        path = directory / "analytics.sqlite3"
        with sqlite3.connect(path) as db:
            db.executescript(SCHEMA)
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows(args.events, datetime(2026, 9, 1, tzinfo=BELGRADE)))
            db.commit()
            start = time.perf_counter()
            db.execute("SELECT COUNT(*) FROM events").fetchone()
            count_time = time.perf_counter() - start
        start = time.perf_counter()
        tables = build_tables(path)
        stats_time = time.perf_counter() - start
        print(f"putokaz stats on {args.events:,} events: {stats_time:.2f} s for {len(tables)} tables"
              f" (bare COUNT(*): {count_time:.2f} s; ratio {stats_time / max(count_time, 1e-9):.1f})")


if __name__ == "__main__":
    main()
