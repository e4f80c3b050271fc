"""/stats: coordinators get a summary and the HTML report; to anyone else it is an unknown command."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import COORDINATOR

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_stats_is_an_unknown_command_to_everyone_else(bot, emulator):
    stranger = emulator.user(first_name="Curious", language_code="ar")
    [unknown] = await stranger.command("/nosuchcommand")
    [stats] = await stranger.command("/stats")
    assert (stats.kind, stats.text, stats.reply_markup) == (unknown.kind, unknown.text, unknown.reply_markup)
    assert "report" not in stats.text.lower() and "statistic" not in stats.text.lower()


async def test_a_coordinator_gets_the_summary_and_the_report(bot, emulator):
    visitor = emulator.user(first_name="Visitor", language_code="fa")
    await visitor.command("/start")
    await visitor.command("/procedure")
    coordinator = emulator.user(first_name="Coordinator", language_code="sr", user_id=COORDINATOR)
    summary, report = await coordinator.command("/stats")
    assert summary.kind == "text" and summary.text.startswith("📊 Anonymous statistics")
    assert "People (sum of daily counts):" in summary.text and "Topics:" in summary.text
    assert report.kind == "document" and report.document["file_name"].startswith("putokaz-report-")
    assert report.document["file_name"].endswith(".html") and report.document["mime_type"] == "text/html"
    html = report.document["content"].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Putokaz: anonymous usage report" in html
    assert "<svg" in html  # the visitor's answers were flushed and counted before the report was made
    assert str(visitor.id) not in html and "Visitor" not in html
