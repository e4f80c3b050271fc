"""Fixtures for the emulator's own tests: a fresh emulator, a real PTB Bot pointed at it, raw HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest_asyncio
from telegram import Bot

from bot.emulator import Emulator, User

TOKEN = "123456:TEST"


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=TOKEN, settle=0.05, ack_settle=0.3, timeout=5.0) as emulator:
        yield emulator


@pytest_asyncio.fixture
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


@pytest_asyncio.fixture
async def user(emu: Emulator) -> User:
    """A user who has written to the bot, so the bot may write back."""
    person = emu.user(first_name="Amina", language_code="ar")
    person.send_nowait("hello")
    return person


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, emu: Emulator, method: str, *, token: str = TOKEN, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    """POST to the emulator like any HTTP client; returns (status, decoded JSON body)."""
    url = emu.base_url + token + "/" + method
    async with http.post(url, **kwargs) as response:
        return response.status, await response.json(content_type=None)
