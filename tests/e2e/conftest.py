"""End-to-end harness: the real `putokaz run` process, talking HTTP to the strict local emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import REPO_ROOT
from bot.emulator import Emulator

TOKEN = "123456789:PUTOKAZ-test-token_0123456789abcdef"
STARTUP_SECONDS = 30
COORDINATOR = 4242424242  # the one user id the session's bot treats as a coordinator (/stats)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    """`python -m bot run` as a subprocess, with a clean environment and its own data folder."""

    def __init__(self, emulator: Emulator, workdir: Path, **env: str) -> None:
        self.emulator = emulator
        self.workdir = workdir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PUTOKAZ_"))}
        self.env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=emulator.base_url,
            PUTOKAZ_DATA_DIR=str(workdir / "data"),
            PYTHONPATH=str(REPO_ROOT),
        )
        self.env.update(env)
        self.log_path = workdir / "bot.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    async def start(self, ready_method: str = "getUpdates") -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        log_file = self.log_path.open("wb")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.workdir, env=self.env,
            stdout=log_file, stderr=asyncio.subprocess.STDOUT,
        )
        log_file.close()
        deadline = asyncio.get_running_loop().time() + STARTUP_SECONDS
        while not any(call.method.lower() == ready_method.lower() for call in self.emulator.calls):
            if self.process.returncode is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode} while starting:\n{self.log}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the bot did not start within {STARTUP_SECONDS}s:\n{self.log}")
            await asyncio.sleep(0.05)

    async def stop(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                raise AssertionError(f"the bot did not stop within 20 s of SIGTERM:\n{self.log}")
        return self.process.returncode


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def emulator():
    async with Emulator(token=TOKEN) as emu:
        yield emu


@pytest_asyncio.fixture(loop_scope="session", scope="session")
async def bot(emulator, tmp_path_factory):
    """One bot with the bundled content for the whole session; it must stop cleanly on SIGTERM."""
    process = BotProcess(emulator, tmp_path_factory.mktemp("bot"), PUTOKAZ_COORDINATORS=str(COORDINATOR))
    await process.start()
    yield process
    code = await process.stop()
    assert code == 0, f"the bot exited with {code} on SIGTERM:\n{process.log}"
    assert "Traceback" not in process.log, process.log


@pytest.fixture(autouse=True)
def no_new_emulator_errors(request):
    """After each test, the emulator must have rejected nothing the bot sent.

    The one rejection that is part of normal life is "message is not modified" (a person presses the
    button of the screen they are on); the bot handles it by doing nothing.
    """
    if "emulator" not in request.fixturenames:
        yield
        return
    emulator = request.getfixturevalue("emulator")
    before = len(emulator.errors)
    yield
    unexpected = [e for e in emulator.errors[before:] if "not modified" not in e.description and not getattr(e, "injected", False)]
    assert not unexpected, f"the emulator rejected: {unexpected}"
