"""The .ics files parse back with the library, with Belgrade times and reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar

from bot.calendar_ics import deadlines_ics, event_ics
from bot.clock import BELGRADE
from bot.content.model import Event
from bot.deadlines import compute

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def test_event_parses_back_in_belgrade_time():
    event = Event.model_validate({
        "id": "workshop", "municipality": "sid", "title": {"en": "Serbian for beginners"},
        "starts": "2026-03-28 10:00", "ends": "2026-03-29 12:30", "place": {"en": "Library, Šid"},
        "sources": ["test"], "reviewed_on": "2026-03-01",
    })
    data = event_ics(event, title="Serbian for beginners", description="Free", place="Library, Šid", stamp=STAMP)
    calendar = Calendar.from_ical(data)
    [vevent] = calendar.walk("VEVENT")
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    # Across the change to summer time (29 March 2026): 10:00 CET and 12:30 CEST.
    assert start == datetime(2026, 3, 28, 10, 0, tzinfo=BELGRADE) and start.utcoffset() == timedelta(hours=1)
    assert end == datetime(2026, 3, 29, 12, 30, tzinfo=BELGRADE) and end.utcoffset() == timedelta(hours=2)
    assert str(vevent["dtstart"].params["TZID"]) == "Europe/Belgrade"
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["tzid"]) == "Europe/Belgrade"
    assert str(vevent["summary"]) == "Serbian for beginners" and str(vevent["location"]) == "Library, Šid"
    [alarm] = vevent.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(hours=-1)


def test_deadlines_parse_back_as_all_day_events_with_reminders():
    deadlines = compute("r", date(2026, 1, 28))
    titles = [f"Deadline {d.rule.key}" for d in deadlines]
    data = deadlines_ics(deadlines, name="My deadlines", titles=titles, descriptions=["estimate"] * 3, stamp=STAMP)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [date(2026, 1, 31), date(2026, 2, 12), date(2026, 2, 20)]
    assert [str(e["summary"]) for e in events] == titles
    for event in events:
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [-timedelta(days=2, hours=15), -timedelta(hours=15)]
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
    assert len({str(e["uid"]) for e in events}) == 3
