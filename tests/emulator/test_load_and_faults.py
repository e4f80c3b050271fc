"""The emulator's latency, dropped connections, outages, probabilistic faults, groups and raw messages."""

from __future__ import annotations

import time

import pytest
from telegram import Message
from telegram.error import BadRequest, NetworkError

from bot.network import AiohttpRequest
from tests.emulator.conftest import TOKEN


async def test_latency_holds_every_call(emu, bot, user):
    emu.latency = 0.2
    started = time.monotonic()
    await bot.get_me()
    await bot.send_message(user.id, "x")
    assert time.monotonic() - started >= 0.4
    emu.latency = 0
    with pytest.raises(ValueError):
        emu.latency = -1


async def test_dropped_connections_and_outages(emu, bot, user):
    emu.inject_fault("sendMessage", drop=True, times=1)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "lost")
    assert emu.errors[-1].injected and emu.errors[-1].description == "Connection dropped"
    assert not [m for m in user.messages if m.from_bot], "a dropped request is not processed"
    emu.outage(0.5)
    with pytest.raises(NetworkError):
        await bot.get_me()
    time.sleep(0.5)
    assert (await bot.send_message(user.id, "back")).text == "back"
    assert emu.dropped_connections == 2


async def test_a_probabilistic_fault_hits_about_its_share_and_repeats_with_its_seed(emu, user):
    fault = emu.inject_fault("sendMessage", 500, probability=0.1, times=10_000, seed=5)
    draws = [fault.matches("sendMessage", user.id) for _ in range(2000)]
    assert 140 < sum(draws) < 260
    emu.clear_faults()
    again = emu.inject_fault("sendMessage", 500, probability=0.1, times=10_000, seed=5)
    assert [again.matches("sendMessage", user.id) for _ in range(2000)] == draws
    assert not emu.inject_fault("getMe", 500, probability=0.5, chat_id=1).matches("getMe", 2)
    with pytest.raises(ValueError):
        emu.inject_fault(probability=0)


async def test_groups_raw_messages_and_surrogates(emu, bot, user):
    group = emu.group("Helpers")
    update = group.send_nowait(user, "/start@putokaz_test_bot hi")
    message = update.payload
    assert message["chat"] == {"id": group.id, "type": "group", "title": "Helpers"}
    assert message["from"]["id"] == user.id and message["entities"][0]["type"] == "bot_command"
    sent = await bot.send_message(group.id, "Write to me in private.")
    assert isinstance(sent, Message) and sent.chat.type == "group"
    added = group.add_bot_nowait(user).payload
    assert added["new_chat_members"][0]["is_bot"]
    sticker = user.send_raw_nowait({"sticker": {"file_id": "x", "file_unique_id": "y", "type": "regular", "width": 1, "height": 1, "is_animated": False, "is_video": False}})
    assert "sticker" in sticker.payload and "text" not in sticker.payload


async def test_the_aiohttp_transport_speaks_the_bot_api(emu, user):
    from telegram import Bot

    async with Bot(TOKEN, base_url=emu.base_url, request=AiohttpRequest()) as bot:
        me = await bot.get_me()
        assert me.username == "putokaz_test_bot"
        sent = await bot.send_message(user.id, "<b>bold</b> ünïcode ب", parse_mode="HTML")
        assert sent.text == "bold ünïcode ب"
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "x")
        document = await bot.send_document(user.id, b"%PDF-1.4 tiny", filename="form.pdf", caption="form")
        assert document.document.file_name == "form.pdf"
        with pytest.raises(BadRequest, match="(?i)encoded in utf-8"):  # JSON can carry it; Telegram refuses it
            await bot.send_message(user.id, "lone \ud800 surrogate")
        emu.inject_fault("sendMessage", drop=True)
        with pytest.raises(NetworkError, match="ServerDisconnected"):
            await bot.send_message(user.id, "x")
