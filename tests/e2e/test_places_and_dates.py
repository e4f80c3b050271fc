"""Near me, open now, My deadlines and What's on, end to end, against the test content at a set time.

The bot runs with PUTOKAZ_TEST_CLOCK=2026-11-10T11:00 (a Tuesday; Wednesday 11 November is a public
holiday) and DEBUG logging, so that the privacy check below also covers the most talkative log.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest
import pytest_asyncio
from icalendar import Calendar

from bot.clock import BELGRADE
from bot.emulator import Emulator
from bot.geo import Point, distance_km
from bot.views.common import kilometres, long_date
from tests.conftest import TEST_CONTENT_DIR
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

NOW = "2026-11-10T11:00"
TODAY = date(2026, 11, 10)

# One point in each of ten municipalities, and two outside Serbia (Timișoara is inside Serbia's bounding box).
# (name, latitude, longitude, the service expected first, where it is: its own location or its town centre)
POINTS = [
    ("Beograd, Krnjača", 44.84517, 20.48833, "ac-krnjaca", (44.8436, 20.4871)),
    ("Šid", 45.12731, 19.22807, "dz-sid", (45.125, 19.23)),
    ("Kanjiža", 46.06643, 20.05191, "kanjiza-help", (46.067, 20.05)),
    ("Subotica", 46.10127, 19.66382, "sub-health", (46.1, 19.665)),
    ("Sombor", 45.77219, 19.11384, "sombor-social", (45.773, 19.115)),
    ("Loznica", 44.53417, 19.22371, "loz-police", (44.533, 19.225)),
    ("Pirot", 43.15209, 22.58563, "pirot-rc", (43.15, 22.583)),
    ("Vranje", 42.55116, 21.90237, "vranje-legal", (42.552, 21.901)),
    ("Tutin", 42.98733, 20.33247, "tutin-ac", (42.986, 20.331)),
    ("Preševo", 42.31152, 21.64611, "presevo-rc", (42.31, 21.647)),
]
OUTSIDE = [("Zagreb", 45.81529, 15.98193), ("Timișoara", 45.75641, 21.22873)]


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def world(tmp_path_factory):
    async with Emulator(token=TOKEN) as emulator:
        process = BotProcess(
            emulator,
            tmp_path_factory.mktemp("timed"),
            PUTOKAZ_CONTENT_DIR=str(TEST_CONTENT_DIR),
            PUTOKAZ_TEST_CLOCK=NOW,
            PUTOKAZ_LOG_LEVEL="DEBUG",
        )
        await process.start(ready_method="setMyCommands")
        yield emulator, process
        assert await process.stop() == 0
        assert "Traceback" not in process.log, process.log
        rejected = [e for e in emulator.errors if "not modified" not in e.description]
        assert not rejected, rejected


def labels(message) -> list[str]:
    return [button.text for row in message.buttons for button in row]


async def test_near_me_from_ten_municipalities_and_two_places_abroad(world, catalogs, test_content):
    emulator, process = world
    t = catalogs["en"]
    for name, lat, lon, expected, where in POINTS:
        user = emulator.user(language_code="en")
        ack, answer = await user.send_location(lat, lon)
        assert ack.text == "📍 Location received." and user.reply_keyboard is None
        service = test_content.services[expected]
        first = next(label for label in labels(answer) if label.startswith("1. "))
        assert first == f"1. {service.name.english}", (name, labels(answer))
        km = distance_km(Point.rounded(lat, lon), Point(*where))
        distance = kilometres(t, km)
        if service.location is None:
            distance = f"≈ {distance} (town centre)"
        assert f"1. {service.name.english} · " in answer.text and distance in answer.text.split("\n2.")[0], (name, answer.text)
        place = test_content.municipalities[service.municipality]
        assert f"🏘️ All services in {place.name}" in labels(answer), name
        assert "not stored" in answer.text
    for name, lat, lon in OUTSIDE:
        user = emulator.user(language_code="en")
        _ack, answer = await user.send_location(lat, lon)
        assert "outside the area Putokaz covers" in answer.text, name
        assert {"Beograd", "Šid", "Kanjiža"} <= set(labels(answer)), name
        assert not any(label.startswith("1. ") for label in labels(answer))

    # Nowhere on disk or in the (DEBUG) log: not the coordinates sent, nor the rounded ones in the buttons.
    await process.stop()
    needles = []
    for _name, lat, lon, *_rest in POINTS + [(n, a, o) for n, a, o in OUTSIDE]:
        rounded = Point.rounded(lat, lon)
        needles += [f"{lat}", f"{lon}", f"{rounded.lat:.3f}", f"{rounded.lon:.3f}", *rounded.code()]
    data = process.workdir / "data"
    for path in [*(p for p in data.rglob("*") if p.is_file()), process.log_path]:
        blob = path.read_bytes()
        for needle in needles:
            assert needle.encode() not in blob, f"{needle} found in {path.name}"
    with sqlite3.connect(data / "analytics.sqlite3") as db:
        rows = db.execute("SELECT municipality, SUM(count) FROM events WHERE kind = 'near-me' GROUP BY 1").fetchall()
    counted = dict(rows)
    assert counted.get(None) == 2  # the places abroad: no municipality
    assert {m for m in counted if m} == {test_content.services[p[3]].municipality for p in POINTS}
    await process.start(ready_method="setMyCommands")


async def test_near_me_button_filters_and_open_now(world, catalogs):
    emulator, _process = world
    t = catalogs["en"]
    user = emulator.user(language_code="en")
    await user.command("/start")
    [prompt] = await user.press("📍 Near me")
    assert user.reply_keyboard == [["📍 Send my location"], ["✖️ Cancel"]]
    assert prompt.reply_markup["keyboard"][0][0]["request_location"] is True
    _ack, answer = await user.tap_reply_button("📍 Send my location", latitude=44.8131, longitude=20.4609)
    assert user.reply_keyboard is None
    # Stari Grad health centre (0.1 km) before the legal-aid desk counted from the town centre.
    assert labels(answer)[:3] == ["1. Health Centre Stari Grad", "2. Legal Aid Desk Belgrade", "3. Asylum Centre Krnjača"]
    assert "🕒 Open now · closes 20:00" in answer.text  # Tuesday 11:00
    assert "≈ " in answer.text and "(town centre)" in answer.text
    health = await user.press("Health")
    assert labels(health[-1])[:2] == ["1. Health Centre Stari Grad", "2. Health Centre Šid"]
    assert "✅ Health" in labels(health[-1])
    opened = await user.press("🕒 Open now")
    names = [label for label in labels(opened[-1]) if label[0].isdigit()]
    assert names[:3] == ["1. Health Centre Stari Grad", "2. Health Centre Šid", "3. Emergency Clinic Subotica"]
    await user.press("✅ Health")
    everything_open = [label for label in labels(user.last) if label[0].isdigit()]
    assert "2. Legal Aid Desk Belgrade" in everything_open  # Tuesday 09:00-17:00
    assert not any("Night Shelter Pirot" in label for label in everything_open)  # closed at 11:00
    await user.press("1. Health Centre Stari Grad")
    assert "🕒 Open now · closes 20:00" in user.last.text
    # Cancel takes the location keyboard away and shows the main menu.
    await user.press("🏠 Main menu")
    await user.press("📍 Near me")
    bye, menu = await user.tap_reply_button("✖️ Cancel")
    assert user.reply_keyboard is None and "📍 Near me" in labels(menu)
    # An app that cannot share a location sends the button's label as text: not a search.
    await user.press("📍 Near me")
    _ok, answer = await user.send("📍 Send my location")
    assert "did not send a location" in answer.text and "Beograd" in labels(answer) and user.reply_keyboard is None


async def test_open_now_filter_on_a_service_list(world):
    emulator, _process = world
    user = emulator.user(language_code="en")
    await user.command("/services")
    await user.press("Beograd")
    await user.press("Legal aid and information")
    assert "Legal Aid Desk Belgrade: 🕒 Open now · closes 17:00" in user.last.text
    await user.press("🕒 Open now")
    assert labels(user.last)[0] == "Legal Aid Desk Belgrade"
    await user.press("📋 Show all")
    await user.press("⬅️ Back")
    await user.press("Accommodation")
    assert "Asylum Centre Krnjača: 🕒 Open now · closes 16:00" in user.last.text


async def test_the_open_now_filter_says_kindly_when_nothing_is_open(world):
    emulator, _process = world
    user = emulator.user(language_code="en")
    await user.command("/services")
    await user.press("Preševo")
    await user.press("Accommodation")
    assert "🕒 Closed · opens Sat" in user.last.text
    await user.press("🕒 Open now")
    assert "Nothing here with known opening hours is open right now" in user.last.text


def ics_of(message) -> Calendar:
    assert message.kind == "document" and message.document["file_name"].endswith(".ics")
    return Calendar.from_ical(message.document["content"])


@pytest.mark.parametrize("code", ["ar", "fa"])
async def test_deadlines_with_the_calendar_picker(world, catalogs, code):
    emulator, _process = world
    t = catalogs[code]
    _ = t.gettext
    user = emulator.user(language_code=code)
    await user.command("/start")
    await user.press(_("⏰ My deadlines"))
    await user.press(_("📄 Date on my registration certificate"))
    picker = user.last
    assert _("Tap the date on your registration certificate:") in picker.text
    future = {b.text for row in picker.buttons[2:] for b in row if b.callback_data == picker.buttons[0][1].callback_data}
    assert "·" in future  # the days after today cannot be picked
    await user.press("«")  # October
    digits = "۲۸" if code == "fa" else "28"
    await user.press(digits)
    result = user.last.text
    registered = date(2026, 10, 28)
    assert long_date(t, registered) in result
    # 72 hours: Saturday 31 October (passed); 15 days: 12 November; then 13 to 20 November.
    for day in (date(2026, 10, 31), date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 20)):
        assert long_date(t, day) in result, day
    assert _("⛔ This deadline has passed.") in result  # the 72 hours
    assert _("⚖️ Free legal help") in labels(user.last)
    [document] = await user.press(_("📅 Add all to my calendar"))
    events = ics_of(document).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [date(2026, 10, 31), date(2026, 11, 12), date(2026, 11, 20)]
    assert all(len(e.walk("VALARM")) == 2 for e in events)


async def test_a_typed_date_in_persian_digits_and_a_holiday(world, catalogs):
    emulator, _process = world
    t = catalogs["fa"]
    _ = t.gettext
    user = emulator.user(language_code="fa")
    [question] = await user.send("۳/۱۱/۲۰۲۶")
    assert long_date(t, date(2026, 11, 3)) in question.text
    await user.press(_("📨 Day I received a decision"))
    result = user.last.text
    # 8 days: Wednesday 11 November, Armistice Day: act by Tuesday 10 November (today).
    assert long_date(t, date(2026, 11, 11)) in result
    assert _("⚠️ That day is a public holiday: offices are closed. To be safe, act by {date}.").format(date=long_date(t, TODAY)) in result
    [bad] = await user.send("31/2/2026")
    assert _("There is no such day. Check the day and the month, for example 5.3.2026.") in bad.text
    [later] = await user.send("1.1.2027")
    assert _("That date is in the future. Type the date written on your document, for example 5.3.2026.") in later.text
    # Text that only looks like a date is searched as usual.
    [search] = await user.send("192 police")
    assert _("⏰ My deadlines") not in search.text.split("\n")[0]


async def test_whats_on_and_an_event_in_the_calendar(world, catalogs):
    emulator, _process = world
    user = emulator.user(language_code="en")
    await user.command("/start")
    await user.press("📅 What's on")
    listing = user.last
    assert "Serbian for beginners" in listing.text and "Football with neighbours" in listing.text
    assert "Last month's workshop" not in listing.text and "December fair" not in listing.text  # over, and beyond 14 days
    await user.press("📍 Šid")
    assert "Football" not in user.last.text and "🚨" not in user.last.text
    await user.press("Serbian for beginners")
    card = user.last.text
    assert "Everyone, free of charge" in card and "Serbian, Arabic, and Persian" in card
    [document] = await user.press("📅 Add to calendar")
    [event] = ics_of(document).walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 11, 12, 10, 0, tzinfo=BELGRADE) and end == datetime(2026, 11, 12, 12, 0, tzinfo=BELGRADE)
    assert str(event["dtstart"].params["TZID"]) == "Europe/Belgrade" and start.utcoffset() == timedelta(hours=1)
    assert str(event["summary"]) == "Serbian for beginners"
    assert "Karađorđeva 5" in str(event["location"])


async def test_nothing_planned_is_said_kindly(world):
    emulator, _process = world
    user = emulator.user(language_code="en")
    await user.command("/services")
    await user.press("Kanjiža")
    assert "📅 What's on in Kanjiža" not in labels(user.last)
    await user.press_data("1|en|wm|kanjiza")
    assert "Nothing is planned in Kanjiža in the next 14 days" in user.last.text


async def test_no_deadline_date_is_kept(world):
    """Runs last in this module: the dates picked and typed above are nowhere on disk or in the log."""
    _emulator, process = world
    await process.stop()
    for path in [*(p for p in (process.workdir / "data").rglob("*") if p.is_file()), process.log_path]:
        blob = path.read_bytes()
        for needle in ("20261028", "2026-10-28", "20261103", "2026-11-03", "۳/۱۱/۲۰۲۶"):
            assert needle.encode() not in blob, f"{needle} found in {path.name}"
