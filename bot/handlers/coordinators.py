"""/stats: the anonymous tables for the people named in PUTOKAZ_COORDINATORS, nobody else.

To anyone else /stats is an unknown command and gets exactly the answer any unknown command gets, so
the bot does not even reveal that the command exists. Coordinators get a short summary and the same
HTML report `putokaz report` writes, as a file. Both show only the protected tables (suppressed,
rounded, no totals), so a coordinator's phone holds nothing the command line would not show.
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import clock
from bot.analytics.html_report import render_html
from bot.analytics.stats import DEFAULT_K, Table, build_tables
from bot.analytics.store import FILE_NAME
from bot.handlers import fallback
from bot.runtime import runtime

TOP_ROWS = 5


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    if update.effective_user.id not in rt.settings.coordinators:
        await fallback.on_other_message(update, context)
        return
    chat_id = update.effective_chat.id
    path = rt.settings.data_dir / FILE_NAME
    if rt.recorder is not None:
        await rt.recorder.flush()  # include what was answered a moment ago
    if not path.is_file():
        await context.bot.send_message(chat_id, "No statistics yet: the bot writes them while it answers people.")
        return
    today = clock.today()
    # Reading a large file takes a second or two: off the event loop, so other people are answered meanwhile.
    tables, report = await asyncio.to_thread(_tables_and_report, path, today)
    await context.bot.send_message(chat_id, summary(tables), parse_mode=ParseMode.HTML)
    await context.bot.send_document(
        chat_id,
        document=report.encode("utf-8"),
        filename=f"putokaz-report-{today.isoformat()}.html",
        caption="All tables with charts over time. Opens in any browser, also offline.",
    )


def _tables_and_report(path: Path, today) -> tuple[list[Table], str]:
    tables = build_tables(path, k=DEFAULT_K)
    return tables, render_html(tables, DEFAULT_K, today)


def summary(tables: list[Table]) -> str:
    """The newest week of each weekly table, busiest rows first, and how many unanswered searches recur."""
    by_title = {t.title: t for t in tables}
    lines = [f"<b>📊 Anonymous statistics</b> (counts rounded to 5; under {DEFAULT_K} shown as &lt;{DEFAULT_K})"]
    people = by_title["People per week"]
    if not people.rows:
        return lines[0] + "\n\nNothing recorded yet."
    week = people.columns[-1]
    lines.append(f"\n<b>Week {html.escape(week)}</b>")
    lines.append(f"People (sum of daily counts): {html.escape(str(people.rows[0][-1]))}")
    for title, label in (("Topics by week", "Topics"), ("Languages by week", "Languages")):
        lines.append(f"{label}: {_newest(by_title[title], week)}")
    unanswered = next(t for t in tables if t.title.startswith("Searches that found nothing"))
    lines.append(f"Searches that found nothing, asked {DEFAULT_K} times or more in 30 days: {len(unanswered.rows)}")
    return "\n".join(lines)


def _newest(table: Table, week: str) -> str:
    if week not in table.columns:
        return "none this week"
    column = table.columns.index(week)
    cells = [(row[0], row[column]) for row in table.rows if row[column] != 0]
    # Exact counts first, largest first; hidden ones ("<10") after them.
    cells.sort(key=lambda cell: (-cell[1] if isinstance(cell[1], int) else 1))
    shown = ", ".join(f"{html.escape(str(name))} {html.escape(str(value))}" for name, value in cells[:TOP_ROWS])
    return shown or "none this week"
