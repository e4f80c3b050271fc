"""PUTOKAZ_TEST_CLOCK sets the bot's clock for end-to-end tests, and cannot be used against real Telegram."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot import clock
from bot.config import ConfigError, load_settings


def settings(tmp_path, **env):
    env.setdefault("PUTOKAZ_DATA_DIR", str(tmp_path / "data"))
    return load_settings(env, dotenv_path=None)


def test_refused_unless_the_bot_talks_to_a_local_emulator(tmp_path):
    for url in (None, "https://api.telegram.org/bot", "https://127.0.0.1:8081/bot"):
        env = {"PUTOKAZ_TEST_CLOCK": "2026-11-10T09:59"}
        if url:
            env["TELEGRAM_API_BASE_URL"] = url
        with pytest.raises(ConfigError, match="^PUTOKAZ_TEST_CLOCK: only for tests"):
            settings(tmp_path, **env)
    assert settings(tmp_path).test_clock is None


def test_accepted_with_a_local_emulator(tmp_path):
    s = settings(tmp_path, PUTOKAZ_TEST_CLOCK="2026-11-10T09:59", TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/bot")
    assert s.test_clock == datetime(2026, 11, 10, 9, 59)
    with pytest.raises(ConfigError, match="^PUTOKAZ_TEST_CLOCK: expected a date and time"):
        settings(tmp_path, PUTOKAZ_TEST_CLOCK="tomorrow", TELEGRAM_API_BASE_URL="http://localhost:8081/bot")


def test_the_clock_runs_on_from_the_moment_set(monkeypatch):
    monkeypatch.setattr(clock, "_offset", timedelta(0))
    clock.start_at(datetime(2026, 11, 10, 9, 59, 58))
    now = clock.now()
    assert now.tzinfo is clock.BELGRADE
    assert datetime(2026, 11, 10, 9, 59, 58, tzinfo=clock.BELGRADE) <= now < datetime(2026, 11, 10, 10, 0, 3, tzinfo=clock.BELGRADE)
    assert clock.today().isoformat() == "2026-11-10"
