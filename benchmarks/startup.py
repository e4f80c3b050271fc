"""Cold start and memory: how fast `putokaz run` is ready, and whether its memory levels off.

    .venv/bin/python benchmarks/startup.py [--users 10000] [--updates 100000]

1. Cold start, each in a fresh Python process: importing the bot, then loading, validating and
   indexing all the bundled content (`load_content`); and `putokaz run` from process start to its
   polling against the local emulator (commands registered in 11 languages, statistics
   store opened).
2. Memory: the resident set (VmRSS) of the `putokaz run` process after start, and every 10,000
   updates while 10,000 distinct people (all 11 languages) each send 10 updates: /start, searches,
   menu presses and a language pick. Each person waits for the answer before the next update, and
   200 people are active at a time. The in-memory state that grows with people — the language picks
   (bot/state.py) and the statistics' daily set of people (bot/analytics/recorder.py) — has a TTL
   and a bound, so memory must level off: the script fails if RSS grows by more than 10% between
   50,000 and 100,000 updates.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from throughput import TOKEN, CallLog, start_bot, stop_bot, BotKind  # noqa: E402

from bot.emulator import Emulator  # noqa: E402
from bot.i18n import LANGUAGES  # noqa: E402
from bot.views.codec import Callback  # noqa: E402

COLD = r"""
import time
t0 = time.perf_counter()
import bot.app, bot.cli
from bot.config import BUNDLED_CONTENT_DIR
from bot.content import load_content
t1 = time.perf_counter()
content = load_content(BUNDLED_CONTENT_DIR)
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""
SEARCHES = ["lawyer", "doctor Belgrade", "azil", "محامي", "وکیل", "адвокат", "pomoć", "where to sleep", "ID card", "avocat"]
SCREENS = ["po", "ln", "sm", "em", "ph", "my"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cold_start() -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", COLD], cwd=REPO, capture_output=True, text=True, check=True)
    imports, content = map(float, out.stdout.split())
    return imports, content


def plan(rng: random.Random, lang: str) -> list[tuple[str, str]]:
    actions = [("command", "/start")]
    for _ in range(4):
        actions.append(("text", rng.choice(SEARCHES)))
    actions.append(("press", Callback("sl", (lang,), lang=lang).encode()))  # a language pick, kept in memory
    screens = rng.sample(SCREENS, 4)
    actions += [("press", Callback(s, lang=lang).encode()) for s in screens]
    return actions


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--active", type=int, default=200, help="people active at a time")
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    per_user = args.updates // args.users
    if per_user != 10:
        print(f"note: {per_user} updates per person (the plan has 10; it is cut or repeated)")

    print(f"machine: {len(os.sched_getaffinity(0))} cores usable, Python {sys.version.split()[0]}")
    colds = [cold_start() for _ in range(args.cold_runs)]
    imports = min(c[0] for c in colds)
    content = min(c[1] for c in colds)
    print(f"cold start, fresh process (best of {args.cold_runs}): imports {imports:.2f} s; load, validate and index all content {content:.2f} s")

    kind = BotKind("putokaz", [sys.executable, "-m", "bot", "run"], "putokaz")
    async with Emulator(token=TOKEN, timeout=60, callback_ttl=600) as emulator:
        log = CallLog(emulator)
        with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
            started = time.monotonic()
            process = await start_bot(emulator, kind, Path(tmp), 0.0)
            # The emulator logs a call when it is answered, and the first long poll is answered only when
            # it times out; the bot polls as soon as its commands are registered, so that is "ready".
            ready = max(c.at for c in emulator.calls if c.method == "setMyCommands") - started
            await asyncio.sleep(1.0)
            samples = [(0, rss_mb(process.pid))]
            print(f"putokaz run, process start to polling (commands registered in 11 languages): {ready:.2f} s")
            print(f"RSS after start: {samples[0][1]:.1f} MB")
            try:
                rng = random.Random(8)
                people = []
                for i in range(args.users):
                    lang = list(LANGUAGES)[i % len(LANGUAGES)]
                    steps = plan(rng, lang)
                    steps = (steps * (per_user // len(steps) + 1))[:per_user]
                    people.append((lang, steps))
                queue: asyncio.Queue = asyncio.Queue()
                for person in people:
                    queue.put_nowait(person)
                done = 0
                lost = 0
                next_sample = 10_000
                t0 = time.monotonic()

                async def worker() -> None:
                    nonlocal done, lost, next_sample
                    while not queue.empty():
                        lang, steps = queue.get_nowait()
                        user = emulator.user(first_name="P", language_code=lang)
                        for kind_, value in steps:
                            before = len(log.by_chat[user.id])
                            if kind_ == "command":
                                user.command_nowait(value)
                            elif kind_ == "text":
                                user.send_nowait(value)
                            else:
                                user.press_data_nowait(value)
                            if not await log.wait_for(user.id, before + 1 + (kind_ == "press"), 30):
                                lost += 1
                            done += 1
                            if done >= next_sample:
                                next_sample += 10_000
                                samples.append((done, rss_mb(process.pid)))
                                rate = done / (time.monotonic() - t0)
                                print(f"RSS after {done:>7,} updates: {samples[-1][1]:.1f} MB  ({rate:.0f} updates/s)", flush=True)
                        log.by_chat.pop(user.id, None)  # the driver's own bookkeeping, not the bot's

                await asyncio.gather(*(worker() for _ in range(args.active)))
                await asyncio.sleep(2.0)  # the statistics writer flushes every second
                final = rss_mb(process.pid)
                print(f"RSS after all {done:,} updates and 2 s quiet: {final:.1f} MB; unanswered: {lost}")
            finally:
                await stop_bot(process)
    half = min(samples, key=lambda s: abs(s[0] - args.updates // 2))
    end = samples[-1]
    growth = (end[1] - half[1]) / half[1]
    verdict = "levels off" if growth <= 0.10 else "STILL GROWING"
    print(f"RSS {half[0]:,} -> {end[0]:,} updates: {half[1]:.1f} -> {end[1]:.1f} MB ({growth:+.1%}; limit +10%): {verdict}")
    return 0 if growth <= 0.10 and not lost else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
