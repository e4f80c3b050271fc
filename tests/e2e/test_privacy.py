"""The probe test (privacy.md R1, R5, R7, R9, R13): after a person uses everything, nothing about them
is anywhere on disk or in the log, in any form; what is stored is coarse and anonymous."""

from __future__ import annotations

import sqlite3

import pytest

from bot.emulator import Emulator
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

PROBE_ID = 987654321012
PROBE_USERNAME = "probe_user"
PROBE_NAME = "Probe Tester"
PROBE_PHONE = "0641234567"
PROBE_EMAIL = "zkqxwv.probe@qzxv.xq"


def forms(value: int | str) -> list[bytes]:
    if isinstance(value, int):
        return [str(value).encode(), format(value, "x").encode(), format(value, "X").encode(), value.to_bytes(8, "big"), value.to_bytes(8, "little")]
    return [value.encode(), value.lower().encode(), value.encode("utf-16-le")]


async def test_nothing_identifying_is_stored_or_logged(tmp_path):
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path, PUTOKAZ_LOG_LEVEL="DEBUG")
        await bot.start()
        user = emulator.user(first_name="Probe", last_name="Tester", username=PROBE_USERNAME, language_code="fa", user_id=PROBE_ID)
        await user.command("/start")
        for label in ("📋", "⚖️", "🏘️"):
            first = next(b.text for row in user.last.buttons for b in row if b.text.startswith(label))
            await user.press(first)
            await user.press(user.last.buttons[0][0].text)
            await user.command("/start")
        await user.command("/procedure")
        await user.press(user.last.buttons[0][0].text)
        await user.press(next(b.text for row in user.last.buttons for b in row if b.text.startswith("⚠️")))  # feedback
        await user.send(f"qqqzz {PROBE_PHONE} {PROBE_EMAIL}")  # finds nothing: kept, scrubbed
        await user.send("وکیل شید")
        await user.send_location(44.8, 20.4)
        assert await bot.stop() == 0

    data = tmp_path / "data"
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "analytics.sqlite3" for p in files)
    needles = [*forms(PROBE_ID), *forms(PROBE_USERNAME), *forms(PROBE_NAME), *forms("Tester"), *forms(PROBE_PHONE), *forms(PROBE_EMAIL)]
    for path in [*files, bot.log_path]:
        blob = path.read_bytes()
        for needle in needles:
            assert needle not in blob, f"{needle!r} found in {path.name}"

    with sqlite3.connect(data / "analytics.sqlite3") as db:
        events = db.execute("SELECT hour, kind, language FROM events").fetchall()
        assert len(events) >= 10 and {e[2] for e in events} == {"fa"}
        assert all(hour.endswith(":00") and len(hour) == 16 for hour, _k, _l in events)  # to the hour only
        assert ("feedback-wrong",) in db.execute("SELECT kind FROM events").fetchall()
        assert db.execute("SELECT SUM(users) FROM daily_users").fetchone()[0] == 1
        [(text,)] = db.execute("SELECT text FROM unanswered").fetchall()
        assert "<PHONE>" in text and "<EMAIL>" in text and "qqqzz" in text
        columns = {row[1] for table in ("events", "daily", "daily_users", "unanswered") for row in db.execute(f"PRAGMA table_info({table})")}
        assert not columns & {"user_id", "chat_id", "username", "name", "message_id", "update_id", "date", "latitude", "longitude"}
