"""The HTML report: complete in itself, escaped, and showing nothing the protected tables do not."""

from __future__ import annotations

import re
from datetime import date

from bot.analytics.html_report import render_html
from bot.analytics.stats import Table

TABLES = [
    Table("Topics by week", ["topic", "2026-W46", "2026-W47"], [["procedure", 55, "<10"], ["search", 10, 15]], "trend"),
    Table("Feedback per entry", ["entry", "helpful", "wrong"], [["services: dz-sid", "<10", 10]]),
    Table("Municipality and category by month", ["municipality / category", "2026-11"], [["sid / health", "<10"]], "heat"),
    Table("People per week", ["", "2026-W47"], []),
    Table("Searches that found nothing", ["text", "times"], [['<script>alert("x")</script> <PHONE>', 10]]),
]


def test_self_contained_and_escaped():
    html = render_html(TABLES, 10, date(2026, 11, 22))
    assert "default-src 'none'" in html  # the browser may load nothing, even if something slipped in
    assert not re.search(r"\b(src|href)=", html) and "<script" not in html and "url(" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;PHONE&gt;" in html
    assert html.count("<svg") == 4 and "Nothing to show yet." in html


def test_suppressed_cells_are_not_drawn():
    html = render_html(TABLES[:1], 10, date(2026, 11, 22))
    # procedure: one point drawn (55), the "<10" week is a gap, so no line joins it; search: two points and a line.
    assert html.count("<circle") == 3 and html.count("<polyline") == 1
    assert "procedure, 2026-W46: 55" in html and "procedure, 2026-W47" not in html
