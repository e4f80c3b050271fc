"""`putokaz demo`: the real bot against the local emulator, with a chat in this terminal.

Type text to send it, `/command` for a command, or the number of a button to press it.
Right-to-left text is printed as it is; a terminal with bidi support shows it right to left.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from bot.config import REPO_ROOT, Settings
from bot.emulator import Emulator, EmulatorTimeout

DEMO_TOKEN = "1000000001:PUTOKAZ-DEMO-local-emulator-token"
HELP = "Type a message, /start, or the number of a button. /quit to leave."


def _print_message(message, numbers: dict[int, tuple[int, object]]) -> None:
    print()
    if message.kind == "contact":
        print(f"📇 {message.contact.get('first_name')}: {message.contact.get('phone_number')}")
    elif message.kind == "venue":
        venue = message.venue
        location = venue.get("location", {})
        print(f"🗺️  {venue.get('title')} — {venue.get('address')} ({location.get('latitude')}, {location.get('longitude')})")
    else:
        print(message.text)
    for row in message.buttons:
        cells = []
        for button in row:
            number = len(numbers) + 1
            numbers[number] = (message.message_id, button)
            cells.append(f"[{number}] {button.text}" + (f" <{button.url}>" if button.url else ""))
        print("   ".join(cells))


async def _chat(settings: Settings, language: str) -> int:
    async with Emulator(token=DEMO_TOKEN) as emulator:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env.update(
            TELEGRAM_BOT_TOKEN=DEMO_TOKEN,
            TELEGRAM_API_BASE_URL=emulator.base_url,
            PUTOKAZ_CONTENT_DIR=str(settings.content_dir),
            PUTOKAZ_DATA_DIR=str(settings.data_dir),
            PYTHONPATH=str(REPO_ROOT),
        )
        env.pop("PUTOKAZ_WEBHOOK_URL", None)
        log_path = settings.data_dir / "demo-bot.log"
        with log_path.open("wb") as log_file:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, stdout=log_file, stderr=asyncio.subprocess.STDOUT
            )
        try:
            for _ in range(300):
                if any(call.method.lower() == "getupdates" for call in emulator.calls):
                    break
                if process.returncode is not None:
                    print(f"The bot stopped while starting; see {log_path}", file=sys.stderr)
                    return 1
                await asyncio.sleep(0.1)
            print(f"Putokaz demo — the real bot, talking to a local Telegram emulator. Bot log: {log_path}")
            print(HELP)
            user = emulator.user(first_name="Demo", language_code=language)
            numbers: dict[int, tuple[int, object]] = {}
            replies = await user.command("/start")
            while True:
                if replies:
                    numbers.clear()
                    for message in replies:
                        _print_message(message, numbers)
                try:
                    line = (await asyncio.to_thread(input, "\n> ")).strip()
                except (EOFError, KeyboardInterrupt):
                    break
                if line in ("/quit", "/exit", "quit", "exit"):
                    break
                try:
                    if line.isdigit() and int(line) in numbers:
                        message_id, button = numbers[int(line)]
                        if button.url:
                            print(f"(a link: {button.url})")
                            replies = []
                            continue
                        replies = await user.press_data(button.callback_data, message_id=message_id)
                    elif line.startswith("/"):
                        replies = await user.command(line)
                    elif line:
                        replies = await user.send(line)
                    else:
                        replies = []
                        print(HELP)
                except EmulatorTimeout:
                    print(f"(no answer from the bot; see {log_path})")
                    replies = []
            return 0
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await process.wait()


def run_demo(settings: Settings, language: str = "en") -> int:
    try:
        return asyncio.run(_chat(settings, language))
    except KeyboardInterrupt:
        return 0
