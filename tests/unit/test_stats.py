"""Coordinator tables: fixed, suppressed, rounded (privacy.md R14-R16)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from bot.analytics.events import Event
from bot.analytics.recorder import Recorder
from bot.analytics.stats import build_tables, protect, render_csv, render_json, render_text
from bot.analytics.store import AnalyticsStore
from bot.clock import BELGRADE


def test_suppression_and_rounding():
    assert [protect(n, 10) for n in (0, 3, 9, 10, 57)] == [0, "<10", "<10", 10, 55]
    assert protect(4, 5) == "<5" and protect(5, 5) == 5


async def make_db(tmp_path):
    moment = datetime(2026, 11, 16, 10, 5, tzinfo=BELGRADE)
    recorder = Recorder(AnalyticsStore(tmp_path / "analytics.sqlite3"), now=lambda: moment)
    await recorder.store.open()
    for person in range(57):
        recorder.record(Event("button", "ar", "pr", "appeal"), person)
    for person in range(3):
        recorder.record(Event("button", "ps", "sd", "dz-sid", "sid", "health"), person)
    for person in range(12):
        recorder.record(Event("search", "fa", "search", results=0, unanswered_text="kamp kanjiza 0641234567"), person)
    for person in range(11):
        recorder.record(Event("feedback-wrong", "ar", "sd", "dz-sid"), person)
    recorder.record(Event("feedback-helpful", "ar", "sd", "dz-sid"), 1)
    await recorder.flush()
    await recorder.store.close()
    return tmp_path / "analytics.sqlite3"


async def test_tables(tmp_path):
    tables = {t.title: t for t in build_tables(await make_db(tmp_path))}
    topics = tables["Topics by week"]
    assert topics.columns == ["topic", "2026-W47"]
    assert dict((r[0], r[1]) for r in topics.rows) == {"procedure": 55, "search": 10, "services": 15}
    languages = dict((r[0], r[1]) for r in tables["Languages by week"].rows)
    assert languages == {"ar": 70, "fa": 10, "ps": "<10"}
    feedback = tables["Feedback per entry"]
    assert feedback.columns == ["entry", "helpful", "wrong"] and feedback.rows == [["services: dz-sid", "<10", 10]]
    assert tables["Municipality and category by month"].rows == [["sid / health", "<10"]]
    [[text, times]] = tables["Searches that found nothing (asked 10 times or more, last 30 days)"].rows
    assert "<PHONE>" in text and times == 10
    for render in (render_text, render_csv, render_json):
        out = render(list(tables.values()))
        assert "57" not in out and "12" not in out  # unrounded counts never appear


async def test_k_has_a_floor(tmp_path):
    with pytest.raises(ValueError):
        build_tables(await make_db(tmp_path), k=3)


def test_every_screen_has_a_topic():
    """A new screen must be named in the tables, not lumped into "other"."""
    from bot.analytics.stats import TOPICS
    from bot.views.codec import SCREENS

    assert set(SCREENS) - {"fb"} <= set(TOPICS), set(SCREENS) - set(TOPICS)
