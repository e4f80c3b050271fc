"""Open now: every service of the test content at 20 times across a week with a public holiday (bot/hours.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import BELGRADE
from bot.content.model import OpeningHours
from bot.hours import holiday_name, status

# The week of Monday 9 November 2026; Wednesday 11 November is Armistice Day, a public holiday in Serbia.
WEEK = {"mon": 9, "tue": 10, "wed": 11, "thu": 12, "fri": 13, "sat": 14, "sun": 15}
ALWAYS = "sub-health"  # 24 hours, holidays too

# (day, time) -> the services open then, worked out by hand from tests/data/content/services.yaml.
TABLE = [
    ("mon", "07:00", {ALWAYS, "dz-sid", "pirot-rc", "dz-stari-grad"}),
    ("mon", "07:45", {ALWAYS, "dz-sid", "pirot-rc", "loz-police", "dz-stari-grad"}),
    ("mon", "08:00", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "dz-stari-grad"}),
    ("mon", "12:30", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "legal-bg", "dz-stari-grad"}),
    ("mon", "15:30", {ALWAYS, "dz-sid", "ac-krnjaca", "legal-bg", "dz-stari-grad"}),
    ("mon", "16:00", {ALWAYS, "dz-sid", "legal-bg", "dz-stari-grad"}),
    ("mon", "23:59", {ALWAYS, "pirot-rc"}),
    ("tue", "10:00", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "legal-bg", "vranje-legal", "dz-stari-grad"}),
    ("tue", "14:00", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "legal-bg", "dz-stari-grad"}),
    ("wed", "09:00", {ALWAYS, "dz-sid"}),  # holiday: only the holiday hours
    ("wed", "13:00", {ALWAYS}),
    ("wed", "21:00", {ALWAYS, "pirot-rc"}),
    ("thu", "10:30", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "legal-bg", "vranje-legal", "dz-stari-grad"}),
    ("thu", "16:59", {ALWAYS, "dz-sid", "legal-bg", "dz-stari-grad"}),
    ("fri", "13:00", {ALWAYS, "dz-sid", "loz-police", "ac-krnjaca", "sombor-social", "dz-stari-grad"}),
    ("fri", "19:00", {ALWAYS, "dz-stari-grad"}),
    ("sat", "09:30", {ALWAYS, "ac-krnjaca", "presevo-rc", "dz-stari-grad"}),
    ("sat", "12:30", {ALWAYS, "presevo-rc", "dz-stari-grad"}),
    ("sun", "08:59", {ALWAYS}),
    ("sun", "16:59", {ALWAYS, "presevo-rc"}),
]


def at(day: str, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime(2026, 11, WEEK[day], hour, minute, tzinfo=BELGRADE)


def test_the_week_has_its_holiday():
    assert holiday_name(at("wed", "12:00").date()) is not None
    assert all(holiday_name(at(day, "12:00").date()) is None for day in WEEK if day != "wed")


@pytest.mark.parametrize(("day", "clock", "expected"), TABLE, ids=[f"{d}-{c}" for d, c, _ in TABLE])
def test_open_now_table(test_content, day, clock, expected):
    now = at(day, clock)
    with_hours = {s.id: s for s in test_content.services.values() if s.opening_hours}
    assert len(with_hours) == 10
    open_now = {sid for sid, s in with_hours.items() if status(s.opening_hours, now).open}
    assert open_now == expected


def test_next_change():
    krnjaca = OpeningHours({"mon-fri": "08:00-16:00", "sat": "09:00-12:00, 13:00-15:00"})
    assert status(krnjaca, at("mon", "10:00")).change == at("mon", "16:00")
    assert status(krnjaca, at("tue", "07:00")).change == at("tue", "08:00")
    assert status(krnjaca, at("sat", "12:10")).change == at("sat", "13:00")
    # Closed on the holiday: opens on Thursday.
    assert status(krnjaca, at("tue", "17:00")).change == at("thu", "08:00")
    # After Saturday: Monday 16 November.
    assert status(krnjaca, at("sat", "15:00")).change == datetime(2026, 11, 16, 8, 0, tzinfo=BELGRADE)


def test_overnight_and_round_the_clock():
    night = OpeningHours({"mon-sun": "00:00-08:00, 20:00-24:00"})
    evening = status(night, at("mon", "21:00"))
    assert evening.open and evening.change == at("tue", "08:00")  # 24:00 and 00:00 join up
    always = status(OpeningHours({"mon-sun": "00:00-24:00", "holidays": "00:00-24:00"}), at("wed", "03:00"))
    assert always.open and always.always and always.change is None
    never = status(OpeningHours({}), at("mon", "12:00"))
    assert not never.open and never.change is None


def test_utc_input_is_evaluated_in_belgrade():
    hours = OpeningHours({"mon-fri": "08:00-16:00"})
    # 07:30 UTC on Monday is 08:30 in Belgrade (UTC+1 in November).
    from datetime import timezone

    assert status(hours, datetime(2026, 11, 9, 7, 30, tzinfo=timezone.utc)).open


def test_daylight_saving_day():
    # Clocks go forward on Sunday 29 March 2026 at 02:00: a place open 01:00-05:00 is open at 03:30.
    hours = OpeningHours({"sun": "01:00-05:00"})
    moment = datetime(2026, 3, 29, 3, 30, tzinfo=BELGRADE)
    result = status(hours, moment)
    assert result.open and result.change == datetime(2026, 3, 29, 5, 0, tzinfo=BELGRADE)


def test_the_lines_people_read(catalogs):
    from bot.views.common import hours_now

    en, fa = catalogs["en"], catalogs["fa"]
    krnjaca = OpeningHours({"mon-fri": "08:00-16:00", "sat": "09:00-12:00, 13:00-15:00"})
    assert hours_now(en, krnjaca, at("mon", "10:00")) == "🕒 Open now · closes 16:00"
    assert hours_now(en, krnjaca, at("sat", "15:00")) == "🕒 Closed · opens Mon 08:00"
    assert hours_now(en, krnjaca, at("tue", "07:00")) == "🕒 Closed · opens 08:00"
    # The holiday: no holiday hours in the content, so the bot does not guess.
    assert hours_now(en, krnjaca, at("wed", "10:00")) == "🕒 Public holiday today: the hours may differ; call first"
    night = OpeningHours({"mon-sun": "00:00-08:00, 20:00-24:00", "holidays": "closed"})
    assert hours_now(en, night, at("mon", "21:00")) == "🕒 Open now · closes Tue 08:00"
    assert hours_now(en, night, at("wed", "12:00")) == "🕒 Closed · opens Thu 00:00 · public holiday"
    assert hours_now(fa, krnjaca, at("mon", "10:00")) == "🕒 الان باز است · بسته می‌شود ۱۶:۰۰"
