"""`putokaz report` opens in headless Chromium with every chart drawn (issue 6).

The real command writes the file from a database of ten busy weeks; Chromium opens it from disk,
must load nothing else, and each chart's screenshot must show a drawing: enough ink and colours.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from bot.analytics.store import AnalyticsStore
from bot.config import REPO_ROOT
from tests.browser.chromium import Chromium, find_chromium, png_pixels

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/test.sh installs it as root)")

LANGS = ["ar", "fa", "ps", "ur", "en", "fr"]
SCREENS = ["po", "pr", "ln", "oc", "sd", "em", "search"]


async def ten_busy_weeks(path) -> None:
    store = AnalyticsStore(path)
    await store.open()
    first = date(2026, 9, 7)
    for day_number in range(70):
        day = first + timedelta(days=day_number)
        events = []
        for i in range(120 + 40 * (day_number % 7)):
            place = ["belgrade", "sid", "presevo", None][i % 4]
            events.append((f"{day}T{10 + i % 8:02d}:00", "button", SCREENS[i % len(SCREENS)], None, LANGS[i % len(LANGS)],
                           place, "health" if place else None, None))
        events += [(f"{day}T12:00", "feedback-helpful", "pr", "appeal", "ar", None, None, None)] * 3
        events += [(f"{day}T12:00", "feedback-wrong", "sd", "dz-sid", "fa", None, None, None)] * (day_number % 2)
        unanswered = [(day.isoformat(), "en", "bus to <PHONE>")] * (1 if day_number > 40 else 0)
        await store.write(events, unanswered, {day.isoformat(): 40 + day_number % 9})
    await store.close()


async def test_every_chart_is_drawn(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    await ten_busy_weeks(data / "analytics.sqlite3")
    out = tmp_path / "report.html"
    env = {**os.environ, "PUTOKAZ_DATA_DIR": str(data), "PYTHONPATH": str(REPO_ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = subprocess.run([sys.executable, "-m", "bot", "report", "--out", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and not list(tmp_path.glob("*.partial"))

    async with Chromium(CHROMIUM, tmp_path / "profile") as browser:
        await browser.open(out.as_uri())
        assert await browser.evaluate("document.title") == "Putokaz: anonymous usage report"
        # Nothing was fetched: the file is complete in itself.
        assert await browser.evaluate("performance.getEntriesByType('resource').length") == 0
        sections = await browser.evaluate("document.querySelectorAll('section').length")
        boxes = await browser.evaluate(
            "[...document.querySelectorAll('figure.chart')].map(f => {const r = f.getBoundingClientRect();"
            " return [f.id, r.left + scrollX, r.top + scrollY, r.width, r.height];})"
        )
        assert sections == 6 and len(boxes) == 6, f"every table has data, so every section has a chart: {boxes}"
        for chart_id, x, y, width, height in boxes:
            assert width > 300 and height > 30, f"{chart_id} has no size: {width}x{height}"
            shot = await browser.screenshot(x, y, width, height)
            (tmp_path / f"{chart_id}.png").write_bytes(shot)
            w, h, pixels = png_pixels(shot)
            ink = sum(1 for p in pixels if min(p) < 230) / len(pixels)
            marks = sum(1 for p in pixels if max(p) - min(p) > 60) / len(pixels)  # coloured: data, not grey text
            assert ink > 0.01, f"{chart_id} looks blank: {ink:.2%} ink in {w}x{h}"
            assert marks > 0.005, f"{chart_id} has no coloured marks: {marks:.2%} of its pixels"
