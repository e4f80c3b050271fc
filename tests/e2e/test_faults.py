"""Telegram in trouble, end to end: the real `putokaz run` process against the emulator's faults.

- 429 with retry_after: honoured (nothing for that chat before it ends), nothing lost;
- 500, 502 and dropped connections on ~10% of all calls: retried with backoff, every person gets
  exactly the answers they would get on a good day — none lost, none doubled;
- the API unreachable: polling comes back by itself (CI: a 6 s outage; the full 30 s with
  FAULT_OUTAGE_SECONDS=30, see README "Performance and reliability");
- "Forbidden: bot was blocked by the user": one attempt per update, no retries, no apology storm;
- one chat's calls taking 5 s: other chats are answered meanwhile.

test_robustness.py already covers single 429/5xx faults on one conversation; these are the heavier
variants. Dropped connections are closed before the request is processed (as a reset between the
bot and Telegram); that is what a retry can safely repeat.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from bot.views.codec import Callback
from bot.emulator import Emulator
from tests.e2e.conftest import TOKEN, BotProcess

pytestmark = pytest.mark.asyncio(loop_scope="session")

CONTENT_METHODS = {"sendmessage", "editmessagetext", "sendcontact", "sendvenue", "senddocument"}
OUTAGE_SECONDS = float(os.environ.get("FAULT_OUTAGE_SECONDS", "6"))


def answers(emulator, chat_id: int, since: int = 0) -> list[tuple[str, str]]:
    """What the chat received, in order: successful content calls (method, first line)."""
    return [
        (c.method.lower(), str(c.params.get("text", "")).split("\n")[0])
        for c in emulator.calls[since:]
        if c.ok and c.method.lower() in CONTENT_METHODS and str(c.params.get("chat_id")) == str(chat_id)
    ]


def calls_for(emulator, chat_id: int, since: int, method: str | None = None):
    return [
        c for c in emulator.calls[since:]
        if str(c.params.get("chat_id")) == str(chat_id) and (method is None or c.method.lower() == method.lower())
    ]


async def test_429_retry_after_is_honoured_and_nothing_is_lost(bot, emulator):
    user = emulator.user(first_name="Test", language_code="fa")
    since = len(emulator.calls)
    emulator.inject_fault("sendMessage", 429, retry_after=2, chat_id=user.id)
    [reply] = await user.command("/start")
    assert "Putokaz" in reply.text
    sends = calls_for(emulator, user.id, since, "sendMessage")
    assert [c.ok for c in sends] == [False, True], "one refused attempt, then exactly one answer"
    assert sends[1].at - sends[0].at >= 2.0, "sent again before retry_after was over"
    assert len(answers(emulator, user.id, since)) == 1


async def test_5xx_and_dropped_connections_on_a_tenth_of_calls(bot, emulator):
    people = [emulator.user(first_name=f"F{i}", language_code=("en", "ar", "uk", "tr")[i % 4]) for i in range(16)]
    actions = [("command", "/emergency"), ("text", "lawyer"), ("press", "po"), ("command", "/legal"), ("press", "em")]

    def act(person, action):
        kind, value = action
        if kind == "press":
            return person.press_data_nowait(Callback(value, lang=person.language_code).encode())
        return person.command_nowait(value) if kind == "command" else person.send_nowait(value)

    # A good day first: what each person gets, one at a time.
    for person in people:
        await person.command("/start")
    reference = {}
    for person in people[:4]:
        for action in actions:
            before = len(emulator.calls)
            act(person, action)
            await emulator.wait_idle()
            reference[(person.language_code, action)] = answers(emulator, person.id, before)
    for person in people[:4]:
        await person.command("/start")  # back to a fresh greeting, like everyone else

    # Now ~10% of every call fails: 500s, 502 pages, connections closed unanswered (getUpdates too).
    faults = [
        emulator.inject_fault(error_code=500, probability=0.04, times=10_000, seed=1),
        emulator.inject_fault(error_code=502, probability=0.03, times=10_000, seed=2),
        emulator.inject_fault(drop=True, probability=0.03, times=10_000, seed=3),
    ]
    since = len(emulator.calls)
    pressed_before = {p.id: len(p.callback_answers) for p in people}
    expected = {p.id: [a for action in actions for a in reference[(p.language_code, action)]] for p in people}
    try:
        for action in actions:
            for person in people:
                act(person, action)
            await emulator.wait_idle()
        # Retries back off (0.5, 1, 2 s), so "quiet" is not "done": wait for the answers themselves.
        deadline = time.monotonic() + 30
        while any(len(answers(emulator, p.id, since)) < len(expected[p.id]) for p in people):
            assert time.monotonic() < deadline, "answers still missing after 30 s"
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)  # time for a duplicate to show up, if the bot were to make one
    finally:
        emulator.clear_faults()
    assert sum(f.hits for f in faults) >= 10, "the faults should have hit"
    for person in people:
        assert answers(emulator, person.id, since) == expected[person.id], f"chat {person.id}: lost, doubled or reordered"
        assert len(person.callback_answers) - pressed_before[person.id] == 2, "each press answered exactly once"
    assert not emulator.unanswered_callbacks()
    assert "error while handling" not in bot.log


async def test_a_user_who_blocked_the_bot_causes_no_retry_storm(bot, emulator):
    blocked = emulator.user(first_name="Gone", language_code="ar")
    other = emulator.user(first_name="Here", language_code="en")
    await blocked.command("/start")
    since = len(emulator.calls)
    fault = emulator.inject_fault(error_code=403, chat_id=blocked.id, times=1000)  # "Forbidden: bot was blocked by the user"
    try:
        for text in ("/start", "lawyer", "/emergency", "doctor", "/legal"):
            blocked.command_nowait(text) if text.startswith("/") else blocked.send_nowait(text)
        blocked.press_data_nowait(Callback("po", lang="ar").encode())
        await emulator.wait_idle()
        [reply] = await other.command("/start")  # the bot is alive and serves others
        assert "Putokaz" in reply.text
    finally:
        emulator.clear_faults()
    attempts = calls_for(emulator, blocked.id, since)
    # One call per update and no more: no retries, no apology after a 403 (the press's one call is
    # its answerCallbackQuery, refused too; nothing is edited after that).
    assert len(attempts) == 5 and all(not c.ok for c in attempts), [c.method for c in attempts]
    assert fault.hits == 6
    assert bot.process.returncode is None


async def test_a_slow_chat_does_not_hold_up_the_others(bot, emulator):
    slow = emulator.user(first_name="Slow", language_code="en")
    await slow.command("/start")
    emulator.inject_fault(delay=5.0, chat_id=slow.id, times=1000)  # every call for this chat takes 5 s
    try:
        started = time.monotonic()
        slow.command_nowait("/emergency")
        slow.send_nowait("lawyer")
        others = [emulator.user(first_name=f"Q{i}", language_code="uk") for i in range(5)]
        timings = []
        for person in others:
            t = time.monotonic()
            [reply] = await person.command("/start")
            timings.append(time.monotonic() - t)
            await person.send("doctor")
        assert max(timings) < 2.0, timings  # answered while the slow chat's calls are still hanging
        assert time.monotonic() - started < 5.0 + 2.0 * len(others)
        await emulator.wait_idle()
    finally:
        emulator.clear_faults()
    got = answers(emulator, slow.id)
    assert [m for m, _ in got[-2:]] == ["sendmessage", "sendmessage"]  # the slow chat was answered too, in order
    assert "error while handling" not in bot.log


async def test_polling_recovers_after_the_api_was_unreachable(tmp_path):
    async with Emulator(token=TOKEN) as emulator:
        await _outage(emulator, tmp_path)


async def _outage(emulator, tmp_path):
    process = BotProcess(emulator, tmp_path)
    await process.start()
    try:
        user = emulator.user(first_name="Test", language_code="sr")
        await user.command("/start")
        since = len(emulator.calls)
        # Written just as the network goes: the waiting long poll still hands it over, and its answer
        # has to get through the outage (the bot keeps retrying).
        emulator.outage(OUTAGE_SECONDS)
        went_down = time.monotonic()
        user.send_nowait("pomoć")
        # Written while Telegram cannot be reached at all: fetched once polling is back.
        while not any(c.method == "getUpdates" and not c.ok for c in emulator.calls[since:]):
            await asyncio.sleep(0.05)
        late = user.send_nowait("advokat")
        # Polling backs off while it fails (PTB: 1, 1.5, 2.25 ... up to 30 s between tries).
        deadline = went_down + OUTAGE_SECONDS + 40
        while len(answers(emulator, user.id, since)) < 2:
            assert time.monotonic() < deadline, f"answers missing {deadline - went_down:.0f}s after the outage began:\n{process.log[-2000:]}"
            assert process.process.returncode is None, process.log
            await asyncio.sleep(0.2)
        recovered = time.monotonic() - went_down
        await asyncio.sleep(1.0)
        assert recovered >= OUTAGE_SECONDS - 0.5 and late.done.result() == "delivered"
        assert len(answers(emulator, user.id, since)) == 2  # each answered exactly once
        assert emulator.dropped_connections > 0
        assert "error while handling" not in process.log
        print(f"outage {OUTAGE_SECONDS:.0f}s: both answered {recovered:.1f}s after it began")
    finally:
        emulator.outage(0)
        assert await process.stop() == 0
