"""iCalendar (.ics) files: an event to add to a calendar, or a person's deadlines with reminders.

Made with the `icalendar` package; times are in Europe/Belgrade with its VTIMEZONE included, so every
calendar app shows them right wherever the phone is. Nothing here is stored: the bytes are sent and gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from bot.content.model import Event
from bot.deadlines import Deadline

PRODID = "-//Putokaz//putokaz//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, *, title: str, description: str, place: str, stamp: datetime) -> bytes:
    """One event, with its start and end in Belgrade time and a reminder an hour before."""
    calendar = _calendar(title)
    vevent = VEvent()
    vevent.add("uid", f"{event.id}-{event.start:%Y%m%dT%H%M}@putokaz")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start)
    vevent.add("dtend", event.end)
    vevent.add("summary", title)
    vevent.add("location", place)
    if description:
        vevent.add("description", description)
    if event.website:
        vevent.add("url", event.website)
    vevent.add_component(_alarm(timedelta(hours=-1), title))
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def deadlines_ics(
    deadlines: Sequence[Deadline], *, name: str, titles: Sequence[str], descriptions: Sequence[str], stamp: datetime
) -> bytes:
    """Each deadline as an all-day event on its last day, with reminders three days and one day before (09:00)."""
    calendar = _calendar(name)
    for deadline, title, description in zip(deadlines, titles, descriptions, strict=True):
        vevent = VEvent()
        vevent.add("uid", f"{deadline.rule.key}-{deadline.due:%Y%m%d}@putokaz")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", deadline.due)
        vevent.add("dtend", deadline.due + timedelta(days=1))
        vevent.add("summary", title)
        vevent.add("description", description)
        vevent.add("transp", "TRANSPARENT")
        # All-day events start at midnight: -15 h is 09:00 the day before.
        vevent.add_component(_alarm(-timedelta(days=2, hours=15), title))
        vevent.add_component(_alarm(-timedelta(hours=15), title))
        calendar.add_component(vevent)
    return calendar.to_ical()


def _alarm(trigger: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm
