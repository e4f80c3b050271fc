"""In-memory state that grows with the number of people has a TTL and a bound (issue 8, item 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.analytics import recorder as recorder_module
from bot.analytics.events import Event
from bot.analytics.recorder import Recorder
from bot.analytics.store import AnalyticsStore
from bot.clock import BELGRADE


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_the_days_set_of_people_is_bounded_and_emptied_at_midnight(tmp_path, monkeypatch):
    monkeypatch.setattr(recorder_module, "MAX_PEOPLE_PER_DAY", 50)
    clock = Clock(datetime(2026, 11, 22, 23, 0, tzinfo=BELGRADE))
    recorder = Recorder(AnalyticsStore(tmp_path / "a.sqlite3"), now=clock)
    for person in range(1000):
        recorder.record(Event("button", "en", "m"), person)
    assert len(recorder._seen) == 50  # the bound
    assert recorder._new_users == {"2026-11-22": 50}
    recorder.record(Event("button", "en", "m"), 3)  # someone already counted is still recognised
    assert recorder._new_users == {"2026-11-22": 50}
    clock.now += timedelta(hours=2)  # past Belgrade midnight: the set starts again (its TTL)
    recorder.record(Event("button", "en", "m"), 3)
    assert len(recorder._seen) == 1
    assert recorder._new_users["2026-11-23"] == 1
