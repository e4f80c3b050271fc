"""Press every button reachable from /start, in every language, against the strict emulator.

Breadth-first, each distinct screen (callback data) once. The bot is stateless about which message
carries which button (everything is in the callback data), so a button found on any screen is
pressed on the chat's latest menu message, exactly as Telegram would deliver that press.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.i18n import LANGUAGES
from bot.views.codec import decode

pytestmark = pytest.mark.asyncio(loop_scope="session")

# The date picker has a button per day: a sample of it is pressed here (a few months and days, and one
# .ics), and tests/unit/test_views.py draws every one of its screens in every language.
SAMPLED = {"dc": 4, "dd": 4, "dx": 2}


async def crawl(emulator, code: str) -> dict[str, int]:
    user = emulator.user(first_name="Crawler", language_code=code)
    start = await user.command("/start")
    queue: list[str] = []
    seen: set[str] = set()
    sampled: dict[str, int] = {}
    buttons_seen = 0
    problems: list[str] = []

    def collect(messages, pressed: str | None) -> None:
        nonlocal buttons_seen
        for message in messages:
            if not message.from_bot:
                continue
            if message.reply_keyboard is not None:
                # 📍 Near me: a reply keyboard (the only place a bot may ask for a location), with a way out.
                buttons = [b for row in message.reply_markup["keyboard"] for b in row]
                if not any(b.get("request_location") for b in buttons) or len(buttons) < 2:
                    problems.append(f"{pressed}: a reply keyboard without a location button and a way out")
                continue
            datas = [b.callback_data for row in message.buttons for b in row if b.callback_data]
            urls = [b.url for row in message.buttons for b in row if b.url]
            buttons_seen += len(datas) + len(urls)
            problems.extend(f"{pressed}: insecure link {u}" for u in urls if not u.startswith("https://"))
            screens = {decode(d).screen for d in datas}
            is_main_menu = pressed is None or decode(pressed).screen in ("m", "sl")
            if not is_main_menu and "m" not in screens:
                problems.append(f"{pressed}: screen without a way back to the main menu: {message.text[:60]!r}")
            for data in datas:
                callback = decode(data)
                if callback.screen == "sl" and callback.args[0] != code:
                    continue  # switching language is tested on its own; the crawler stays in its language
                if data not in seen:
                    seen.add(data)
                    if callback.screen in SAMPLED:
                        sampled[callback.screen] = sampled.get(callback.screen, 0) + 1
                        if sampled[callback.screen] > SAMPLED[callback.screen]:
                            continue
                    queue.append(data)

    collect(start, None)
    while queue:
        data = queue.pop(0)
        before = len(user.callback_answers)
        result = await user.press_data(data)
        if len(user.callback_answers) != before + 1:
            problems.append(f"{data}: the button press was not answered")
        if not result and decode(data).screen != "fb":
            # A vote's answer is its pop-up; voting again on a card already voted on changes nothing.
            problems.append(f"{data}: nothing was shown")
        collect(result, data)
    assert not problems, "\n".join(problems)
    skipped = sum(max(0, n - SAMPLED[screen]) for screen, n in sampled.items())
    return {"screens": len(seen) - skipped, "buttons": buttons_seen}


async def test_crawler_presses_every_button_in_every_language(bot, emulator):
    results = await asyncio.gather(*(crawl(emulator, code) for code in LANGUAGES))
    summary = dict(zip(LANGUAGES, results))
    assert not emulator.unanswered_callbacks()
    for code, counts in summary.items():
        assert counts["screens"] >= 50, (code, counts)
    total_screens = sum(c["screens"] for c in summary.values())
    total_buttons = sum(c["buttons"] for c in summary.values())
    print(f"\ncrawler: {total_screens} screens and {total_buttons} buttons in {len(summary)} languages")
    for code, counts in summary.items():
        print(f"  {code}: {counts['screens']} screens, {counts['buttons']} buttons")
