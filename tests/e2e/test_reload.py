"""Hot reload under load: content changes, valid and broken, while people are being answered."""

from __future__ import annotations

import asyncio
import shutil
import signal

import pytest

from bot.emulator import Emulator
from tests.conftest import TEST_CONTENT_DIR
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

RELOADS = 100
USERS = 4


def write_version(directory, version: str) -> None:
    """Version A or B: the first step's title and text both carry the version, so a mix would show."""
    text = (TEST_CONTENT_DIR / "procedure.yaml").read_text(encoding="utf-8")
    text = text.replace("title: {en: Say you want asylum,", f"title: {{en: Say you want asylum {version},")
    text = text.replace('what: {en: "Tell the police', f'what: {{en: "Version {version}. Tell the police')
    (directory / "procedure.yaml").write_text(text, encoding="utf-8")


def write_broken(directory, i: int) -> None:
    broken = ["steps:\n  - id: [unclosed\n", "steps: []\n", "steps:\n\t- id: tab\n"][i % 3]
    (directory / "procedure.yaml").write_text(broken, encoding="utf-8")


def outcomes(log: str) -> int:
    return log.count("content reloaded") + log.count("still serving the last good version")


async def test_a_hundred_reloads_while_people_are_answered(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, content)
    write_version(content, "A")
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path / "bot", PUTOKAZ_CONTENT_DIR=str(content), PUTOKAZ_RELOAD_SECONDS="0")
        await bot.start()
        answered = 0
        failures: list[str] = []
        done = asyncio.Event()

        async def person(n: int) -> None:
            nonlocal answered
            user = emulator.user(first_name=f"P{n}", language_code="en")
            await user.command("/start")
            screens = ["1|en|pr|register", "1|en|m"]  # alternate, so that every press changes the screen
            presses = 0
            while not done.is_set():
                presses += 1
                try:
                    replies = await user.press_data(screens[presses % 2])
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    failures.append(f"{type(exc).__name__}: {exc}")
                    continue
                if not replies:
                    failures.append("no answer")
                    continue
                answered += 1
                text = replies[-1].text
                if "Say you want asylum" in text:
                    versions = {v for v in "AB" if f"Say you want asylum {v}" in text}
                    bodies = {v for v in "AB" if f"Version {v}." in text}
                    if len(versions) != 1 or versions != bodies:
                        failures.append(f"mixed or missing version: {text[:80]!r}")

        people = [asyncio.create_task(person(n)) for n in range(USERS)]
        try:
            valid = invalid = 0
            for i in range(RELOADS):
                if i % 2:
                    write_broken(content, i)
                    invalid += 1
                else:
                    write_version(content, "AB"[(i // 2) % 2])
                    valid += 1
                bot.process.send_signal(signal.SIGHUP)
                for _ in range(400):
                    if outcomes(bot.log) == i + 1:
                        break
                    await asyncio.sleep(0.025)
                else:
                    raise AssertionError(f"reload {i + 1} was not reported:\n{bot.log[-2000:]}")
                await asyncio.sleep(0.05)  # let people be answered between reloads
        finally:
            done.set()
            await asyncio.gather(*people)
            code = await bot.stop()
        assert code == 0
        assert bot.log.count("content reloaded") == valid and bot.log.count("still serving the last good version") == invalid
        assert not failures, failures[:5]
        assert not emulator.unanswered_callbacks()
        assert not [e for e in emulator.errors if "not modified" not in e.description]
        print(f"\nreload: {valid} valid and {invalid} invalid reloads, {answered} answers, {len(failures)} failures")
        assert answered > RELOADS


async def test_an_edit_is_picked_up_by_polling(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, content)
    async with Emulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, tmp_path / "bot", PUTOKAZ_CONTENT_DIR=str(content), PUTOKAZ_RELOAD_SECONDS="0.2")
        await bot.start()
        try:
            write_version(content, "B")
            for _ in range(200):
                if "content reloaded" in bot.log:
                    break
                await asyncio.sleep(0.05)
            user = emulator.user(first_name="Test", language_code="en")
            await user.command("/procedure")
            assert any("Say you want asylum B" in b.text for row in user.last.buttons for b in row)
        finally:
            assert await bot.stop() == 0
