"""Per-chat order under load: many people send bursts at once; each chat's answers come in the order sent.

The bot handles up to CONCURRENT_UPDATES updates at once across chats (bot/app.py PerChatOrder), so
a burst of commands, searches and presses from 40 people arrives at the bot interleaved. For every
chat, the sequence of what the bot sent must be exactly what one person gets doing the same things
one at a time — nothing lost, nothing doubled, nothing swapped. (PTB's own concurrent processor
fails this: benchmarks/throughput.py shows the echo bot with concurrent_updates(64) out of order.)
"""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.views.codec import Callback

pytestmark = pytest.mark.asyncio(loop_scope="session")

CONTENT_METHODS = {"sendmessage", "editmessagetext", "sendcontact", "sendvenue", "senddocument"}
USERS = 40
LANGS = ["en", "ar", "fa", "uk", "fr"]
# Commands and searches each make a new message; presses (on the greeting) edit it in place.
ACTIONS = [
    ("command", "/emergency"),
    ("command", "/legal"),
    ("command", "/procedure"),
    ("command", "/facts"),
    ("command", "/phrases"),
    ("text", "lawyer"),
    ("text", "doctor in Belgrade"),
    ("press", "po"),
    ("press", "em"),
    ("press", "my"),
]


def content_calls(emulator, chat_id: int, since: int) -> list[tuple[str, str]]:
    """What the bot sent or showed in this chat, in order: (method, first line of the text)."""
    calls = []
    for call in emulator.calls[since:]:
        if call.method.lower() in CONTENT_METHODS and str(call.params.get("chat_id")) == str(chat_id):
            calls.append((call.method.lower(), str(call.params.get("text", "")).split("\n")[0], call.ok))
    return calls


def do(user, lang: str, action: tuple[str, str]):
    kind, value = action
    if kind == "press":
        return user.press_data_nowait(Callback(value, lang=lang).encode())[0]
    if kind == "command":
        return user.command_nowait(value)
    return user.send_nowait(value)


async def test_bursts_from_many_people_keep_each_chats_order(bot, emulator):
    # What one person gets for each action, one at a time.
    reference: dict[tuple[str, tuple[str, str]], list] = {}
    for lang in LANGS:
        person = emulator.user(first_name="Ref", language_code=lang)
        await person.command("/start")
        for action in ACTIONS:
            before = len(emulator.calls)
            kind, value = action
            if kind == "press":
                await person.press_data(Callback(value, lang=lang).encode())
            elif kind == "command":
                await person.command(value)
            else:
                await person.send(value)
            reference[(lang, action)] = content_calls(emulator, person.id, before)
            assert reference[(lang, action)], f"no answer to {action} in {lang}"

    people = [(emulator.user(first_name=f"P{i}", language_code=LANGS[i % len(LANGS)]), LANGS[i % len(LANGS)]) for i in range(USERS)]
    for person, _lang in people:
        await person.command("/start")
    start = len(emulator.calls)
    rng = random.Random(8)
    plans = {}
    for person, lang in people:
        plan = ACTIONS[:]
        rng.shuffle(plan)  # every chat its own order
        plans[person.id] = plan
    # Everyone at once: 400 updates queued before the bot fetches any.
    for person, lang in people:
        for action in plans[person.id]:
            do(person, lang, action)
    await emulator.wait_idle()
    expected_calls = sum(len(reference[(lang, action)]) for person, lang in people for action in plans[person.id])
    for _ in range(100):  # a machine busy with other tests can still be finishing the last few answers
        if sum(len(content_calls(emulator, person.id, start)) for person, _lang in people) >= expected_calls:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)  # and nothing more arrives: a doubled answer would show up here

    for person, lang in people:
        expected = [call for action in plans[person.id] for call in reference[(lang, action)]]
        got = content_calls(emulator, person.id, start)
        assert got == expected, f"chat {person.id} ({lang}): answers out of order, lost or doubled"
        assert len(person.callback_answers) == 3  # each press answered once
    ours = {person.id for person, _lang in people}  # earlier tests may leave refused presses (a blocked user)
    assert not [query for query in emulator.unanswered_callbacks() if query.chat_id in ours]
