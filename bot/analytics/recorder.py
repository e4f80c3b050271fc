"""The one place that records what was answered: anonymously, in memory first, written in batches.

Different people per day are counted with HMAC-SHA256 under a random key made at start and replaced
at Belgrade midnight, held only in memory (R2, R3, R6): the tokens let the bot tell two people apart
within a day and nothing more. At the day's end only their number is stored. Rows never carry a
token, an id or an exact time, so two questions from one person cannot be linked (R1, R5, R7).
Writes happen off the request path, every second, so a crash loses at most about a second (R12).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from bot import clock
from bot.analytics.events import Event
from bot.analytics.scrub import scrub
from bot.analytics.store import AnalyticsStore, EventRow, UnansweredRow

log = logging.getLogger(__name__)

FLUSH_SECONDS = 1.0
# The day's set of people is emptied at midnight (its TTL) and never holds more than this many
# tokens (~10 MB): past it, further new people that day are not counted, rather than let memory grow.
MAX_PEOPLE_PER_DAY = 100_000


class Recorder:
    def __init__(self, store: AnalyticsStore, now: Callable[[], datetime] = clock.now) -> None:
        self.store = store
        self._now = now
        self._events: list[EventRow] = []
        self._unanswered: list[UnansweredRow] = []
        self._new_users: dict[str, int] = {}
        self._day = self._now().date().isoformat()
        self._key = secrets.token_bytes(32)
        self._seen: set[bytes] = set()
        self.dropped_texts = 0  # unanswered texts the scrubber could not clean: dropped, never stored
        self._task: asyncio.Task | None = None

    # -- recording (called for every answered update; must be cheap) --------------------------

    def record(self, event: Event, person: int) -> None:
        now = self._now()
        self._roll_day(now.date().isoformat())
        token = hmac.new(self._key, str(person).encode(), hashlib.sha256).digest()
        if token not in self._seen and len(self._seen) < MAX_PEOPLE_PER_DAY:
            self._seen.add(token)
            self._new_users[self._day] = self._new_users.get(self._day, 0) + 1
        self._events.append(
            (now.strftime("%Y-%m-%dT%H:00"), event.kind, event.screen, event.entry, event.language,
             event.municipality, event.category, event.results)
        )
        if event.unanswered_text is not None:
            cleaned = scrub(event.unanswered_text)
            if cleaned is None:
                self.dropped_texts += 1
            elif cleaned.strip():
                self._unanswered.append((self._day, event.language, cleaned.strip()))

    def forget(self, person: int) -> None:
        """/delete: today's token for this person goes, so they are not told apart any more."""
        token = hmac.new(self._key, str(person).encode(), hashlib.sha256).digest()
        self._seen.discard(token)

    def _roll_day(self, day: str) -> None:
        if day != self._day:
            # A new day: a new key, so that nobody can be followed from one day to the next.
            self._day, self._key, self._seen = day, secrets.token_bytes(32), set()

    # -- writing ------------------------------------------------------------------------------

    async def flush(self) -> None:
        events, unanswered, users = self._events, self._unanswered, self._new_users
        if not (events or unanswered or users):
            return
        self._events, self._unanswered, self._new_users = [], [], {}
        try:
            await self.store.write(events, unanswered, users)
        except Exception:
            # Keep them for the next try rather than lose them.
            self._events[:0], self._unanswered[:0] = events, unanswered
            for day, count in users.items():
                self._new_users[day] = self._new_users.get(day, 0) + count
            raise

    async def start(self) -> None:
        await self.store.open()
        await self.store.purge(self._now().date())
        self._task = asyncio.create_task(self._run(), name="analytics-writer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()
        await self.store.close()

    async def _run(self) -> None:
        purged_on = self._now().date()
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            try:
                self._roll_day(self._now().date().isoformat())
                await self.flush()
                if self._now().date() != purged_on:
                    purged_on = self._now().date()
                    await self.store.purge(purged_on)
            except Exception:  # statistics must never take the bot down
                log.exception("writing statistics failed; will retry")
