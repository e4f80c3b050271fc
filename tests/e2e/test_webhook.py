"""Webhook mode passes the same end-to-end tests as polling.

This module runs a representative set of the conversation tests (every language's /start, the
procedure walk, legal help down to a contact card, search, groups) and the per-chat order burst
against `putokaz run` in webhook mode: the emulator POSTs every update to the bot's webhook with
the secret token, as Telegram does. The `bot` and `emulator` fixtures below replace the polling
ones for this module only. A request without the secret, or with a wrong one, gets 403 and is not
processed.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
import pytest_asyncio

from bot.emulator import Emulator
from tests.e2e.conftest import TOKEN, BotProcess, free_port
from tests.e2e.test_conversation import (  # noqa: F401  (collected here, run in webhook mode)
    test_legal_help_to_a_contact_card,
    test_procedure_walk,
    test_start_answers_in_the_users_language,
    test_start_falls_back_to_english,
)
from tests.e2e.test_order import test_bursts_from_many_people_keep_each_chats_order  # noqa: F401

pytestmark = pytest.mark.asyncio(loop_scope="session")

SECRET = "s3cret-Token_x"


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def emulator():
    async with Emulator(token=TOKEN) as emu:
        yield emu


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def bot(emulator, tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    process = BotProcess(
        emulator, tmp_path_factory.mktemp("webhook-bot"),
        PUTOKAZ_WEBHOOK_URL=url, PUTOKAZ_WEBHOOK_SECRET=SECRET, PUTOKAZ_LISTEN=f"127.0.0.1:{port}",
    )
    await process.start(ready_method="setWebhook")
    process.webhook_url = url
    # The webhook server starts right after setWebhook: wait until it answers.
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            try:
                async with session.post(url, json={}) as response:
                    if response.status:
                        break
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
    yield process
    code = await process.stop()
    assert code == 0, f"the bot exited with {code} on SIGTERM:\n{process.log}"
    assert "Traceback" not in process.log, process.log


async def test_it_really_runs_on_the_webhook(bot, emulator):
    user = emulator.user(first_name="Test", language_code="en")
    [reply] = await user.send("lawyer")
    assert reply.text
    assert emulator._server.webhook is not None and emulator._server.webhook.url == bot.webhook_url
    assert not any(c.method == "getUpdates" for c in emulator.calls)


async def test_a_group_gets_only_the_note_on_the_webhook_too(bot, emulator):
    group = emulator.group("Webhook group")
    member = emulator.user(first_name="Member", language_code="tr")
    [note] = await group.send(member, "/start@putokaz_test_bot")
    assert "t.me/putokaz_test_bot" in str(note.reply_markup) and "callback_data" not in str(note.reply_markup)
    group.send_nowait(member, "/start")  # not addressed to the bot by name: no answer in a group
    await emulator.wait_idle()
    assert len(group.bot_messages) == 1


@pytest.mark.parametrize("secret", [None, "wrong", SECRET[:-1]])
async def test_a_request_without_the_right_secret_is_refused_and_not_processed(bot, emulator, secret):
    user = emulator.user(first_name="Forged", language_code="en")
    user.command_nowait("/start")  # so the chat exists and a reply could be delivered...
    await emulator.wait_idle()
    before = len(user.bot_messages)
    forged = {
        "update_id": 990_000_001,
        "message": {
            "message_id": 99, "date": 0, "text": "/emergency",
            "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
            "chat": {"id": user.id, "type": "private", "first_name": "Forged"},
            "from": {"id": user.id, "is_bot": False, "first_name": "Forged"},
        },
    }
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as session:
        async with session.post(bot.webhook_url, json=forged, headers=headers) as response:
            assert response.status == 403
    await asyncio.sleep(1.0)
    assert len(user.bot_messages) == before  # ...but the forged update was not processed
