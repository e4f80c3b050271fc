"""Dates as people in Serbia see them: notices, events, opening hours and review dates use Belgrade time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

BELGRADE = ZoneInfo("Europe/Belgrade")

_offset = timedelta(0)  # zero in production; PUTOKAZ_TEST_CLOCK (tests against a local emulator only) sets it


def now() -> datetime:
    return datetime.now(BELGRADE) + _offset


def today() -> date:
    return now().date()


def start_at(moment: datetime) -> None:
    """From now on the clock reads `moment` (naive: Belgrade time) and runs on from it. For end-to-end tests."""
    global _offset
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BELGRADE)
    _offset = moment - datetime.now(BELGRADE)
