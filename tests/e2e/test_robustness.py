"""Operation: no token, clean shutdown, webhook mode, and failures of the network or of Telegram."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest

from bot.config import REPO_ROOT
from bot.emulator import Emulator
from tests.conftest import TEST_CONTENT_DIR
from tests.e2e.conftest import TOKEN, BotProcess, free_port

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def run_cli(*args: str, **env: str) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PUTOKAZ_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env={**clean, "PYTHONPATH": str(REPO_ROOT), **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, output.decode()


async def test_without_a_token_it_exits_2_and_points_to_the_demo(tmp_path):
    code, output = await run_cli("run", PUTOKAZ_DATA_DIR=str(tmp_path))
    assert code == 2
    assert output.strip().count("\n") == 0 and "putokaz demo" in output


async def test_a_bad_variable_is_named_in_one_line(tmp_path):
    code, output = await run_cli("run", TELEGRAM_BOT_TOKEN="oops", PUTOKAZ_DATA_DIR=str(tmp_path))
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in output and output.strip().count("\n") == 0


async def test_broken_content_is_refused_with_file_and_line(tmp_path):
    broken = tmp_path / "content"
    broken.mkdir()
    for f in TEST_CONTENT_DIR.iterdir():
        (broken / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "emergency.yaml").write_text("numbers:\n  - id: police\n    phone: [\n", encoding="utf-8")
    code, output = await run_cli("run", TELEGRAM_BOT_TOKEN=TOKEN, PUTOKAZ_CONTENT_DIR=str(broken), PUTOKAZ_DATA_DIR=str(tmp_path))
    assert code == 1 and "emergency.yaml:4:" in output and "Traceback" not in output


async def test_sigint_stops_it_cleanly(tmp_path):
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path)
        await bot.start()
        [reply] = await emulator.user(first_name="Test", language_code="uk").command("/start")
        assert "Putokaz" in reply.text
        bot.process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(bot.process.wait(), 20) == 0
        assert "stopped cleanly" in bot.log and "Traceback" not in bot.log


async def test_map_button_sends_a_venue(tmp_path):
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path, PUTOKAZ_CONTENT_DIR=str(TEST_CONTENT_DIR))
        await bot.start()
        try:
            user = emulator.user(first_name="Test", language_code="ar")
            await user.command("/services")
            await user.press("Beograd")
            await user.press(next(b.text for row in user.last.buttons for b in row if b.callback_data.endswith("accommodation")))
            await user.press(next(b.text for row in user.last.buttons for b in row if "Krnjača" in b.text))
            [venue] = await user.press(next(b.text for row in user.last.buttons for b in row if b.text.startswith("🗺️")))
            assert venue.kind == "venue"
            assert (venue.venue["location"]["latitude"], venue.venue["location"]["longitude"]) == pytest.approx((44.8436, 20.4871), abs=1e-4)
            assert venue.buttons  # a way back
            assert not emulator.errors
        finally:
            assert await bot.stop() == 0


async def test_429_and_5xx_do_not_lose_updates(tmp_path):
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path)
        await bot.start()
        try:
            user = emulator.user(first_name="Test", language_code="tr")
            emulator.inject_fault(method="sendMessage", error_code=429, retry_after=1, times=1)
            [reply] = await user.command("/start")
            assert "Putokaz" in reply.text
            emulator.inject_fault(method="getUpdates", error_code=502, times=2)
            emulator.inject_fault(method="answerCallbackQuery", error_code=500, times=1)
            emulator.inject_fault(method="editMessageText", error_code=502, times=1)
            shown = await user.press_data(reply.buttons[0][0].callback_data)
            assert user.callback_answers and not emulator.unanswered_callbacks()
            assert any("1." in button.text for m in shown for row in m.buttons for button in row)  # the step list
            [again] = await user.command("/start")
            assert "Putokaz" in again.text
            assert "error while handling" not in bot.log  # no update failed; PTB may log the outage itself
        finally:
            assert await bot.stop() == 0


async def test_webhook_mode_with_secret(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(
            emulator, tmp_path, PUTOKAZ_WEBHOOK_URL=url, PUTOKAZ_WEBHOOK_SECRET="s3cret-Token_x", PUTOKAZ_LISTEN=f"127.0.0.1:{port}"
        )
        await bot.start(ready_method="setWebhook")
        try:
            await asyncio.sleep(0.5)  # the webhook server starts right after setWebhook
            user = emulator.user(first_name="Test", language_code="fr")
            [reply] = await user.command("/start")
            assert "Putokaz" in reply.text
            update = {"update_id": 999999, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "/start"}}
            async with aiohttp.ClientSession() as session:
                async with session.post(url, json=update) as response:
                    assert response.status == 403  # no secret header
                async with session.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
                    assert response.status == 403
        finally:
            assert await bot.stop() == 0
