"""`putokaz report`: the coordinator tables as one self-contained HTML file with charts.

It draws exactly the tables of `putokaz stats` (`stats.build_tables`), with the same suppression and
rounding, so the report can show nothing the tables do not. Charts are inline SVG made here: no
script, no web font, no request to anywhere, and a Content-Security-Policy that forbids loading
anything, so the file opens offline and can be sent as an attachment. A cell shown as "<k" is not
drawn: a gap in a line, a pale cell in a heat map, an empty bar labelled "<k". Every chart has its
table under it, for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from bot.analytics.stats import Table

WIDTH = 760
# Colour-blind-safe, distinguishable on white (Okabe-Ito, then Tableau's muted tones).
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C564B",
    "#7F7F7F", "#BCBD22", "#17BECF", "#1F3A93", "#B8860B",
)
MAX_SERIES = len(PALETTE)
LABEL_CHARS = 42

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:820px;padding:24px;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:2em 0 .4em}
.meta{color:#555;margin:0 0 1.2em}.note{background:#f3f6fa;border-left:4px solid #0072B2;padding:.6em .9em}
figure{margin:0}svg{display:block;max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif}
.empty{color:#666;font-style:italic}
table{border-collapse:collapse;margin:.6em 0;font-size:13px}th,td{border:1px solid #ddd;padding:2px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}
details{margin:.4em 0 0}summary{cursor:pointer;color:#0b5394}
@media print{details{display:block}summary{display:none}}
"""


def render_html(tables: Sequence[Table], k: int, today: date) -> str:
    """The whole report as one HTML document (a str; write it as UTF-8)."""
    periods = sorted({c for t in tables if t.chart == "trend" for c in t.columns[1:]})
    span = f"{periods[0]} to {periods[-1]}" if periods else "no data yet"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Nothing may be loaded: the file is complete in itself and must not call anyone when opened.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Putokaz: anonymous usage report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Putokaz: anonymous usage report</h1>",
        f'<p class="meta">Made on {today.isoformat()} · weeks {escape(span)} · k = {k}</p>',
        '<p class="note">These figures cannot tell who asked anything. Counts are rounded to the nearest 5; '
        f"a count below {k} is shown as “&lt;{k}” and is not drawn; there are no totals, so hidden counts "
        "cannot be worked out. Times are in Belgrade time, to the week or month.</p>",
    ]
    for number, table in enumerate(tables, 1):
        parts.append(_section(number, table, k))
    parts.append("</body></html>")
    return "\n".join(parts)


def _section(number: int, table: Table, k: int) -> str:
    title = escape(table.title)
    if not table.rows:
        return f'<section><h2>{title}</h2><p class="empty">Nothing to show yet.</p></section>'
    draw = {"trend": _trend_chart, "heat": _heat_chart}.get(table.chart, _bar_chart)
    return (
        f"<section><h2>{title}</h2>"
        f'<figure class="chart" id="chart-{number}" aria-label="{title}">{draw(table, k)}</figure>'
        f"<details><summary>Table</summary>{_table(table)}</details></section>"
    )


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _number(value: str | int) -> int | None:
    """A drawable count, or None for a suppressed one ("<k")."""
    return value if isinstance(value, int) else None


def _label(text: str, chars: int = LABEL_CHARS) -> str:
    text = str(text) or "all"
    return escape(text if len(text) <= chars else text[: chars - 1] + "…")


def _nice_max(value: int) -> int:
    """The top of the axis: a round number at least `value`, whose quarters are round too."""
    step = 1
    while True:
        for factor in (1, 2, 3, 4, 6, 8):
            if step * factor >= value:
                return max(step * factor, 4)
        step *= 10


def _svg(height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'fill="#333" role="img" aria-label="{escape(label)}">' + "".join(body) + "</svg>"
    )


def _trend_chart(table: Table, k: int) -> str:
    """One line per row over the columns (weeks); the busiest rows first, at most MAX_SERIES."""
    periods = table.columns[1:]
    rows = sorted(table.rows, key=lambda row: -sum(_number(v) or 0 for v in row[1:]))[:MAX_SERIES]
    top = _nice_max(max((_number(v) or 0 for row in rows for v in row[1:]), default=0))
    left, right, upper, lower = 58, 170, 14, 46
    height = 300
    plot_w, plot_h = WIDTH - left - right, height - upper - lower

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(periods) == 1 else plot_w * i / (len(periods) - 1))

    def y(v: int) -> float:
        return upper + plot_h * (1 - v / top)

    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>']
    for tick in range(5):
        value = top * tick // 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e3e3"/>')
        body.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,}</text>')
    every = -(-len(periods) // 7)  # at most 7 labels on the time axis, so they never overlap
    last = len(periods) - 1
    for i, period in enumerate(periods):
        if i == last or (i % every == 0 and last - i >= every):  # the newest week always has its label
            body.append(f'<text x="{x(i):.1f}" y="{height - lower + 18}" text-anchor="middle">{escape(period)}</text>')
    for n, row in enumerate(rows):
        colour = PALETTE[n]
        runs: list[list[str]] = [[]]
        for i, value in enumerate(row[1:]):
            v = _number(value)
            if v is None:
                runs.append([])  # a suppressed week breaks the line
                continue
            runs[-1].append(f"{x(i):.1f},{y(v):.1f}")
            body.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{_label(row[0])}, {escape(periods[i])}: {v}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2.2"/>')
        ly = upper + 8 + n * 20
        body.append(f'<rect x="{WIDTH - right + 14}" y="{ly - 9}" width="14" height="10" fill="{colour}"/>')
        body.append(f'<text x="{WIDTH - right + 34}" y="{ly}">{_label(row[0], 20)}</text>')
    hidden = len(table.rows) - len(rows)
    if hidden:
        body.append(f'<text x="{WIDTH - right + 14}" y="{upper + 8 + len(rows) * 20}">and {hidden} more (table)</text>')
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>')
    return _svg(height, body, f"{table.title}: lines over time; counts below {k} not drawn")


def _bar_chart(table: Table, k: int) -> str:
    """Horizontal bars, one group per row, one bar per numeric column."""
    series = table.columns[1:]
    bar, gap = 14, 10
    group = bar * len(series) + gap
    left, right, upper = 290, 60, 10 + (22 if len(series) > 1 else 0)
    height = upper + group * len(table.rows) + 10
    top = _nice_max(max((_number(v) or 0 for row in table.rows for v in row[1:]), default=0))
    plot_w = WIDTH - left - right
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>']
    if len(series) > 1:
        for n, name in enumerate(series):
            body.append(f'<rect x="{left + n * 120}" y="4" width="14" height="10" fill="{PALETTE[n % MAX_SERIES]}"/>')
            body.append(f'<text x="{left + n * 120 + 20}" y="13">{_label(name)}</text>')
    for r, row in enumerate(table.rows):
        top_y = upper + r * group
        body.append(f'<text x="{left - 8}" y="{top_y + group / 2:.1f}" text-anchor="end">{_label(row[0])}</text>')
        for n, value in enumerate(row[1:]):
            by = top_y + n * bar
            v = _number(value)
            if v is None:
                body.append(f'<text x="{left + 4}" y="{by + bar - 3}" fill="#777">{escape(str(value))}</text>')
                continue
            w = plot_w * v / top
            body.append(
                f'<rect x="{left}" y="{by}" width="{w:.1f}" height="{bar - 2}" fill="{PALETTE[n % MAX_SERIES]}">'
                f"<title>{_label(row[0])}, {_label(series[n])}: {v}</title></rect>"
            )
            body.append(f'<text x="{left + w + 4:.1f}" y="{by + bar - 3}">{v}</text>')
    body.append(f'<line x1="{left}" x2="{left}" y1="{upper - 4}" y2="{height - 6}" stroke="#999"/>')
    return _svg(height, body, f"{table.title}: bars; counts below {k} not drawn")


def _heat_chart(table: Table, k: int) -> str:
    """Rows × months as shaded cells: darker is more; a suppressed cell is pale grey and says so."""
    months = table.columns[1:]
    left, upper, cell_h = 290, 26, 18
    cell_w = min(90, (WIDTH - left - 10) // max(1, len(months)))
    height = upper + cell_h * len(table.rows) + 8
    top = max((_number(v) or 0 for row in table.rows for v in row[1:]), default=0) or 1
    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>']
    for m, month in enumerate(months):
        body.append(f'<text x="{left + m * cell_w + cell_w / 2:.1f}" y="16" text-anchor="middle">{escape(month)}</text>')
    for r, row in enumerate(table.rows):
        y = upper + r * cell_h
        body.append(f'<text x="{left - 8}" y="{y + cell_h - 5}" text-anchor="end">{_label(row[0])}</text>')
        for m, value in enumerate(row[1:]):
            v = _number(value)
            x = left + m * cell_w
            if v is None:
                fill, label, ink = "#eeeeee", escape(str(value)), "#777"
            else:
                share = v / top
                # From pale to full blue; zero stays white.
                fill = "#ffffff" if v == 0 else _blend(0.15 + 0.85 * share)
                label, ink = str(v), "#fff" if share > 0.55 else "#222"
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}" stroke="#ddd">'
                f"<title>{_label(row[0])}, {escape(months[m])}: {label}</title></rect>"
            )
            body.append(f'<text x="{x + cell_w / 2 - 1:.1f}" y="{y + cell_h - 5}" text-anchor="middle" fill="{ink}">{label}</text>')
    return _svg(height, body, f"{table.title}: heat map; counts below {k} not drawn")


def _blend(share: float) -> str:
    """White to #0072B2 by `share` (0..1)."""
    target = (0x00, 0x72, 0xB2)
    return "#" + "".join(f"{round(255 + (c - 255) * share):02x}" for c in target)
