"""Dates as people in Serbia see them: notices, review dates and (later) opening hours use Belgrade time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BELGRADE = ZoneInfo("Europe/Belgrade")


def now() -> datetime:
    return datetime.now(BELGRADE)


def today() -> date:
    return now().date()
