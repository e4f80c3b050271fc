"""Notices appear and expire on time, without a reload, on /start and on the screens they concern.

The bot's clock is set to 09:59:53 on 10 November 2026 when it starts (PUTOKAZ_TEST_CLOCK) and runs on in
real time; in the test content two notices end at 10:00 and one begins then. The bot logs the moment it set
its clock, so the test knows the bot's time to the millisecond.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

import pytest

from bot.emulator import Emulator
from tests.conftest import TEST_CONTENT_DIR
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

OFFICE = "The Asylum Office is closed until 10:00 today."
ROAD = "The road to the border crossing is closed this morning."
CLINIC = "A free clinic is open from 10:00 at the health centre."


async def test_notices_appear_and_expire_on_time(tmp_path, catalogs):
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path, PUTOKAZ_CONTENT_DIR=str(TEST_CONTENT_DIR), PUTOKAZ_TEST_CLOCK="2026-11-10T09:59:53")
        await bot.start(ready_method="setMyCommands")  # the updates wait in the emulator for its first poll
        stamp = re.search(r"^(\S+ \S+) WARNING bot.app: the clock is set", bot.log, flags=re.MULTILINE).group(1)
        set_at = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f")

        def bot_time() -> datetime:
            return datetime(2026, 11, 10, 9, 59, 53) + (datetime.now() - set_at)

        user = emulator.user(language_code="en")
        arab = emulator.user(language_code="ar")

        [start] = await user.command("/start")
        assert f"⚠️ {OFFICE}" in start.text and "Winter clothes" in start.text
        assert start.text.index(OFFICE) < start.text.index("Winter clothes")  # most severe first
        assert ROAD not in start.text  # it concerns two municipalities only
        [start_ar] = await arab.command("/start")
        assert "مكتب اللجوء مغلق حتى الساعة 10:00 اليوم." in start_ar.text  # in the person's language
        await user.press("🏘️ Services by municipality")
        await user.press("Šid")
        sid = user.last.text
        assert f"🚨 {ROAD}" in sid and sid.index(ROAD) < sid.index("The old reception centre")
        assert CLINIC not in sid
        await user.press("Accommodation")
        assert ROAD in user.last.text  # on the lists and cards of the municipality too
        await user.press("🔴 Reception Centre Šid")
        assert ROAD in user.last.text
        assert bot_time() < datetime(2026, 11, 10, 10, 0), "the bot was too slow to test the time before 10:00"

        # Until 10:00 has passed on the bot's clock; nothing is reloaded meanwhile.
        await asyncio.sleep((datetime(2026, 11, 10, 10, 0, 0, 300000) - bot_time()) / timedelta(seconds=1))
        [later] = await user.command("/start")
        assert OFFICE not in later.text and "Winter clothes" in later.text
        await user.press("🏘️ Services by municipality")
        await user.press("Šid")
        assert ROAD not in user.last.text and f"📢 {CLINIC}" in user.last.text
        await user.press("⬅️ Back")
        await user.press("Kanjiža")
        assert ROAD not in user.last.text
        assert "content reloaded" not in bot.log.lower()

        assert await bot.stop() == 0
        assert "PUTOKAZ_TEST_CLOCK" in bot.log and "Traceback" not in bot.log
        assert not [e for e in emulator.errors if "not modified" not in e.description]
