"""The anonymous statistics database: SQLite in the data folder, written in batches.

Tables hold coarse, unlinkable facts only (docs/privacy.md lists every field):
- events: how many answered updates of each kind there were in an hour (a count per distinct row, so
  the order in which one person opened things is not kept); 90 days, then rolled into `daily`.
- daily: the same facts counted per day, kept for trends.
- daily_users: how many different people used the bot on a day (a number, nothing else).
- unanswered: scrubbed text of searches that found nothing, to the day; kept 30 days.
WAL mode: a crash loses at most the batch in flight and never corrupts the file.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import aiosqlite

FILE_NAME = "analytics.sqlite3"  # in the data folder
EVENT_DAYS = 90
UNANSWERED_DAYS = 30

# The nullable columns of an events row, made comparable (SQLite's unique indexes treat NULLs as distinct).
EVENT_KEY = "ifnull(screen, ''), ifnull(entry, ''), language, ifnull(municipality, ''), ifnull(category, ''), ifnull(results, -1)"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
    hour TEXT NOT NULL,            -- YYYY-MM-DDTHH:00, Belgrade time
    kind TEXT NOT NULL,
    screen TEXT,
    entry TEXT,
    language TEXT NOT NULL,
    municipality TEXT,
    category TEXT,
    results INTEGER,
    count INTEGER NOT NULL         -- how many answers in that hour had exactly these values
);
CREATE UNIQUE INDEX IF NOT EXISTS events_row ON events (hour, kind, {EVENT_KEY});
CREATE TABLE IF NOT EXISTS daily (
    day TEXT NOT NULL,             -- YYYY-MM-DD
    kind TEXT NOT NULL,
    screen TEXT,
    entry TEXT,
    language TEXT NOT NULL,
    municipality TEXT,
    category TEXT,
    searches_without_result INTEGER NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS daily_day ON daily (day);
CREATE TABLE IF NOT EXISTS daily_users (
    day TEXT PRIMARY KEY,
    users INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS unanswered (
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL             -- scrubbed: no phone numbers, e-mails, links, handles, long numbers
);
CREATE INDEX IF NOT EXISTS unanswered_day ON unanswered (day);
"""

EventRow = tuple[str, str, str | None, str | None, str, str | None, str | None, int | None]
ADD_EVENTS = f"""INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (hour, kind, {EVENT_KEY}) DO UPDATE SET count = count + excluded.count"""
UnansweredRow = tuple[str, str, str]


class AnalyticsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None

    async def open(self) -> None:
        self._db = await aiosqlite.connect(self.path)
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._fold_old_events()
        await self._db.executescript(SCHEMA)
        await self._db.commit()

    async def _fold_old_events(self) -> None:
        """A database from before events were counted per distinct row gets its rows folded, once."""
        db = self._db
        columns = [row[1] for row in await db.execute_fetchall("PRAGMA table_info(events)")]
        if not columns or "count" in columns:
            return
        await db.execute("ALTER TABLE events RENAME TO events_unfolded")
        await db.executescript(SCHEMA)
        await db.execute(
            "INSERT INTO events SELECT hour, kind, screen, entry, language, municipality, category, results, COUNT(*)"
            " FROM events_unfolded GROUP BY hour, kind, screen, entry, language, municipality, category, results"
        )
        await db.execute("DROP TABLE events_unfolded")
        await db.commit()

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def write(self, events: list[EventRow], unanswered: list[UnansweredRow], users: dict[str, int]) -> None:
        """One transaction per batch. `users` adds to each day's count of different people."""
        db = self._db
        assert db is not None, "open() first"
        if events:
            await db.executemany(ADD_EVENTS, [(*row, n) for row, n in Counter(events).items()])
        if unanswered:
            await db.executemany("INSERT INTO unanswered VALUES (?, ?, ?)", unanswered)
        for day, count in users.items():
            await db.execute(
                "INSERT INTO daily_users VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET users = users + excluded.users",
                (day, count),
            )
        await db.commit()

    async def purge(self, today: date) -> None:
        """Retention, enforced in code: old hourly events become daily counts; old texts go."""
        db = self._db
        assert db is not None, "open() first"
        cutoff = (today - timedelta(days=EVENT_DAYS)).isoformat()
        await db.execute(
            """INSERT INTO daily
               SELECT substr(hour, 1, 10), kind, screen, entry, language, municipality, category,
                      SUM(CASE WHEN kind = 'search' AND results = 0 THEN count ELSE 0 END), SUM(count)
               FROM events WHERE hour < ?
               GROUP BY 1, 2, 3, 4, 5, 6, 7""",
            (cutoff,),
        )
        await db.execute("DELETE FROM events WHERE hour < ?", (cutoff,))
        await db.execute("DELETE FROM unanswered WHERE day < ?", ((today - timedelta(days=UNANSWERED_DAYS)).isoformat(),))
        await db.commit()
