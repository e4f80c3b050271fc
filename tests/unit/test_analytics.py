"""The statistics store: anonymous by construction, coarse in time, with retention enforced in code."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from bot.analytics.events import Event
from bot.analytics.recorder import Recorder
from bot.analytics.store import AnalyticsStore
from bot.clock import BELGRADE


class Clock:
    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 22, 14, 37, 12, tzinfo=BELGRADE))


@pytest.fixture
async def recorder(tmp_path, clock):
    recorder = Recorder(AnalyticsStore(tmp_path / "analytics.sqlite3"), now=clock)
    await recorder.store.open()
    yield recorder
    await recorder.store.close()


def rows(tmp_path, sql):
    with sqlite3.connect(tmp_path / "analytics.sqlite3") as db:
        return db.execute(sql).fetchall()


async def test_people_are_counted_per_day_and_only_as_a_number(tmp_path, recorder, clock):
    for person in (1, 2, 1, 1):
        recorder.record(Event("button", "ar", "pr", "intention"), person)
    await recorder.flush()
    assert rows(tmp_path, "SELECT * FROM daily_users") == [("2026-11-22", 2)]
    clock.value += timedelta(days=1)
    recorder.record(Event("button", "ar", "pr", "intention"), 1)  # a new day, a new key: counted again
    await recorder.flush()
    assert rows(tmp_path, "SELECT * FROM daily_users ORDER BY day") == [("2026-11-22", 2), ("2026-11-23", 1)]


async def test_rows_are_to_the_hour_and_cannot_be_linked(tmp_path, recorder):
    recorder.record(Event("search", "fa", "search", results=3), 987654321012)
    recorder.record(Event("button", "fa", "sd", "dz-sid", "sid", "health"), 987654321012)
    await recorder.flush()
    events = rows(tmp_path, "SELECT * FROM events")
    assert sorted(events) == [
        ("2026-11-22T14:00", "button", "sd", "dz-sid", "fa", "sid", "health", None, 1),
        ("2026-11-22T14:00", "search", "search", None, "fa", None, None, 3, 1),
    ]
    blob = (tmp_path / "analytics.sqlite3").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("*-wal"))
    assert b"987654321012" not in blob and format(987654321012, "x").encode() not in blob


async def test_equal_events_share_a_row_so_no_sequence_is_kept(tmp_path, recorder):
    """One person's path (A, B, A) and another's (A) leave the same two rows as any other order would."""
    for screen in ("pr", "sd", "pr"):
        recorder.record(Event("button", "ar", screen), 1)
    await recorder.flush()
    recorder.record(Event("button", "ar", "pr"), 2)
    await recorder.flush()
    assert sorted(rows(tmp_path, "SELECT screen, count FROM events")) == [("pr", 3), ("sd", 1)]


async def test_an_older_database_is_folded_into_counts(tmp_path, clock):
    """A file written before rows had a count keeps every event, as counts."""
    path = tmp_path / "analytics.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (hour TEXT NOT NULL, kind TEXT NOT NULL, screen TEXT, entry TEXT,"
                   " language TEXT NOT NULL, municipality TEXT, category TEXT, results INTEGER)")
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [("2026-11-22T14:00", "button", "pr", None, "ar", None, None, None)] * 3)
    store = AnalyticsStore(path)
    await store.open()
    await store.write([("2026-11-22T14:00", "button", "pr", None, "ar", None, None, None)], [], {})
    await store.close()
    assert rows(tmp_path, "SELECT screen, count FROM events") == [("pr", 4)]


def test_two_processes_make_different_tokens(tmp_path):
    """The daily key is random, never derived from a secret and the date (R3)."""
    a = Recorder(AnalyticsStore(tmp_path / "a.sqlite3"))
    b = Recorder(AnalyticsStore(tmp_path / "b.sqlite3"))
    assert a._key != b._key and len(a._key) == 32


async def test_unanswered_text_is_scrubbed_or_dropped(tmp_path, recorder, monkeypatch):
    recorder.record(Event("search", "sr", "search", results=0, unanswered_text="zovite me 064 123 4567 ili mejl a@b.rs"), 5)
    import bot.analytics.recorder as module

    monkeypatch.setattr(module, "scrub", lambda text: None)  # the scrubber failed: nothing is kept
    recorder.record(Event("search", "sr", "search", results=0, unanswered_text="secret 0641234567"), 5)
    await recorder.flush()
    [(day, language, text)] = rows(tmp_path, "SELECT * FROM unanswered")
    assert (day, language) == ("2026-11-22", "sr") and "<PHONE>" in text and "<EMAIL>" in text and "4567" not in text
    assert recorder.dropped_texts == 1


async def test_forget_removes_todays_token(tmp_path, recorder):
    recorder.record(Event("button", "en", "m"), 7)
    recorder.forget(7)
    recorder.record(Event("button", "en", "m"), 7)
    await recorder.flush()
    assert rows(tmp_path, "SELECT users FROM daily_users") == [(2,)]


async def test_retention(tmp_path, recorder, clock):
    recorder.record(Event("search", "uk", "search", results=0, unanswered_text="щось незрозуміле"), 1)
    recorder.record(Event("button", "uk", "pr", "appeal"), 1)
    await recorder.flush()
    await recorder.store.purge(clock.value.date() + timedelta(days=31))
    assert rows(tmp_path, "SELECT COUNT(*) FROM unanswered") == [(0,)]
    assert rows(tmp_path, "SELECT COUNT(*) FROM events") == [(2,)]
    await recorder.store.purge(clock.value.date() + timedelta(days=91))
    assert rows(tmp_path, "SELECT COUNT(*) FROM events") == [(0,)]
    assert sorted(rows(tmp_path, "SELECT day, kind, searches_without_result, count FROM daily")) == [
        ("2026-11-22", "button", 0, 1),
        ("2026-11-22", "search", 1, 1),
    ]


async def test_a_failed_write_keeps_the_batch(tmp_path, recorder, monkeypatch):
    recorder.record(Event("button", "en", "m"), 1)

    async def broken(*args):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(recorder.store, "write", broken)
    with pytest.raises(sqlite3.OperationalError):
        await recorder.flush()
    monkeypatch.undo()
    await recorder.flush()
    assert rows(tmp_path, "SELECT COUNT(*) FROM events") == [(1,)]


def test_points_and_dates_in_buttons_never_reach_an_event(bundled_content):
    """Near me and deadline buttons carry a rounded point or a date; the event keeps neither (R1, R7)."""
    from bot.analytics.events import for_callback
    from bot.views.codec import Callback

    for callback in (Callback("nf", ("44818", "20457", "all", "a"), "ar"), Callback("dd", ("r", "20261105"), "fa"),
                     Callback("dx", ("d", "20261105"), "fa"), Callback("dc", ("r", "202611"), "ps")):
        event = for_callback(bundled_content, callback)
        assert (event.entry, event.municipality, event.category, event.results) == (None, None, None, None)
    assert for_callback(bundled_content, Callback("wm", ("sid",), "en")).municipality == "sid"
