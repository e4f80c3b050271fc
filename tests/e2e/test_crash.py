"""kill -9 under load: the statistics file stays sound, at most the last second of counts is lost,
and the bot starts again and serves; SIGTERM loses nothing (issue 6 §4, issue 8 §6).

CI runs CRASH_ROUNDS (3) kills; `PUTOKAZ_CRASH_ROUNDS=20 scripts/test.sh tests/e2e/test_crash.py -s`
runs the full twenty.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import time

import pytest

from bot.analytics.store import FILE_NAME
from bot.emulator import Emulator
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROUNDS = int(os.environ.get("PUTOKAZ_CRASH_ROUNDS", "3"))
# The recorder writes every second; the write itself and a busy machine's scheduling get a little more.
LOSS_SECONDS = 1.0
SLACK_SECONDS = 0.3
# Questions typed in several languages: each is answered with exactly one message and counted once.
QUESTIONS = ["lawyer", "asylum interview", "محامي", "وکیل", "پناهندگی", "doctor", "ліки", "appeal"]
LANGUAGES = ["ar", "fa", "ps", "ur", "en", "uk"]


def counted(data) -> int:
    with sqlite3.connect(data / FILE_NAME) as db:
        return db.execute("SELECT ifnull(SUM(count), 0) FROM events").fetchone()[0]


def integrity(data) -> str:
    with sqlite3.connect(data / FILE_NAME) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def answers_since(emulator: Emulator, first_call: int, before: float = float("inf")) -> int:
    return sum(1 for call in emulator.calls[first_call:] if call.method == "sendMessage" and call.ok and call.at < before)


async def start(bot: BotProcess, emulator: Emulator) -> None:
    """Start, and wait until this process has registered its commands (it polls right after).

    Earlier processes' calls are in the emulator's log too, so only new ones count.
    """
    registered = sum(1 for call in emulator.calls if call.method == "setMyCommands")
    await bot.start()
    while sum(1 for call in emulator.calls if call.method == "setMyCommands") < registered + 12:
        assert bot.process.returncode is None, bot.log
        await asyncio.sleep(0.05)


async def load(users, seconds: float, rng: random.Random) -> None:
    """Every user asks something every ~60 ms, without waiting for answers."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        for user in users:
            user.send_nowait(rng.choice(QUESTIONS))
        await asyncio.sleep(0.06)


async def test_kill_9_loses_at_most_the_last_second(tmp_path):
    rng = random.Random(9)
    data = tmp_path / "data"
    async with Emulator(token=TOKEN) as emulator:
        users = [emulator.user(first_name=f"Load {i}", language_code=LANGUAGES[i % len(LANGUAGES)]) for i in range(8)]
        for round_number in range(ROUNDS):
            bot = BotProcess(emulator, tmp_path / f"run{round_number}", PUTOKAZ_DATA_DIR=str(data))
            before = counted(data) if (data / FILE_NAME).exists() else 0
            first_call = len(emulator.calls)
            await start(bot, emulator)
            await load(users, rng.uniform(2.0, 3.5), rng)
            bot.process.kill()  # SIGKILL: no handler, no flush
            killed_at = time.monotonic()
            await bot.process.wait()

            assert integrity(data) == "ok", f"round {round_number}: the database is damaged"
            kept = counted(data) - before
            answered = answers_since(emulator, first_call)
            settled = answers_since(emulator, first_call, before=killed_at - LOSS_SECONDS - SLACK_SECONDS)
            times = sorted(c.at for c in emulator.calls[first_call:] if c.method == "sendMessage" and c.ok)
            window = killed_at - times[kept] if kept < len(times) else 0.0  # the counts kept are the oldest
            print(f"crash round {round_number}: {answered} answers, {kept} counted; "
                  f"the uncounted ones are the last {window:.2f} s before the kill")
            assert settled > 0, "the load did not get going"
            assert settled <= kept <= answered, f"round {round_number}: lost more than the last second"

        # The last start: everything still queued is answered, then SIGTERM writes every count.
        bot = BotProcess(emulator, tmp_path / "last", PUTOKAZ_DATA_DIR=str(data))
        before = counted(data)
        first_call = len(emulator.calls)
        await start(bot, emulator)
        replies = await users[0].send("lawyer")
        assert replies, "the bot serves again after the crashes"
        await emulator.wait_idle()
        assert await bot.stop() == 0
        assert integrity(data) == "ok"
        assert counted(data) - before == answers_since(emulator, first_call), "SIGTERM lost counts"
        assert "Traceback" not in bot.log, bot.log
