"""The terminal view of `stats`: text, a calendar heatmap, a bar chart and tables drawn with rich.

It only reads the figures `stats.compute` returns. Everything fits the console's width (at most
100 columns, see `ui.make_console`); shades are glyphs as well as colours, so the view still reads
when NO_COLOR (honoured by rich) removes the colours.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import messages as msg
from ..safetext import printable

HEAT_GLYPHS = ("·", "░", "▒", "▓", "█")
HEAT_STYLES = ("bright_black", "green4", "green3", "green1", "bright_green")
BAR_EIGHTHS = " ▁▂▃▄▅▆▇█"
CHART_HEIGHT = 6
MASTERY_ROWS = 15


def render(console: Console, figures: dict[str, Any]) -> None:
    """Print every figure of `stats` for a person."""
    _summary(console, figures)
    _heatmap(console, figures["heatmap"])
    _forecast(console, figures["forecast"])
    _retention(console, figures["retention"])
    _mastery(console, figures["mastery"])
    _readiness(console, figures["readiness"])


def _pct(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def _line(console: Console, label: str, text: str) -> None:
    console.print(Text.assemble((f"{label}: ", "bold"), text))


def _summary(console: Console, f: dict[str, Any]) -> None:
    t, s, c = f["today"], f["streak"], f["cards"]
    if f["topics"]:
        console.print(Text(printable(", ".join(f["topics"])), style="bold"))
    _line(console, f"{msg.STATS_TODAY} {t['date']}", msg.stats_today(
        t["reviews"], _duration(t["seconds"]), t["again"], _pct(t["again_rate"], 1), t["new"], t["quiz"]))
    _line(console, msg.STATS_STREAK, msg.stats_streak(s["current"], s["longest"], s["studied_today"]))
    _line(console, msg.STATS_CARDS, f"{c['total']:,} · " + " · ".join(f"{k} {c[k]:,}" for k in msg.STATS_STATES))


def _level(n: int, top: int) -> int:
    return 0 if n <= 0 or top <= 0 else min(4, max(1, math.ceil(4 * n / top)))


def _heatmap(console: Console, h: dict[str, Any]) -> None:
    """Weekday rows, week columns (Monday first), shaded by the day's count relative to the busiest."""
    console.print()
    console.print(Text(msg.stats_heatmap_title(h["weeks"], h["total"], h["max"]), style="bold"))
    days = h["days"]
    first = date.fromisoformat(h["first_day"])
    weeks = (len(days) + 6) // 7
    label_w, cell_w = 4, 2
    month_of = [date.fromordinal(first.toordinal() + 7 * w).month for w in range(weeks)]
    months = [" "] * (weeks * cell_w + 3)
    next_free = len(months)
    for w in range(weeks - 1, -1, -1):  # right to left, so a crowded first label gives way
        if w and month_of[w] == month_of[w - 1]:
            continue
        name = msg.MONTHS[month_of[w] - 1]
        if w * cell_w + len(name) < next_free:
            months[w * cell_w: w * cell_w + len(name)] = list(name)
            next_free = w * cell_w
    console.print(" " * label_w + "".join(months).rstrip(), highlight=False)
    for wd in range(7):
        row = Text(msg.WEEKDAYS[wd].ljust(label_w))
        for w in range(weeks):
            i = 7 * w + wd
            if i >= len(days):
                break
            level = _level(days[i]["reviews"], h["max"])
            row.append(HEAT_GLYPHS[level], style=HEAT_STYLES[level])
            row.append(" " * (cell_w - 1))
        console.print(row)
    legend = Text(" " * label_w + msg.STATS_HEATMAP_LEGEND.split("{levels}")[0])
    for level, glyph in enumerate(HEAT_GLYPHS):
        legend.append(glyph, style=HEAT_STYLES[level])
        legend.append(" ")
    legend.append(msg.STATS_HEATMAP_LEGEND.split("{levels}")[1].strip())
    console.print(legend)


def _forecast(console: Console, fc: dict[str, Any]) -> None:
    """A vertical bar per day (or per group of days when they do not fit), eighth-block precise."""
    console.print()
    per_day = [d["due"] for d in fc["per_day"]]
    console.print(Text(msg.stats_forecast_title(fc["days"], fc["total"], fc["overdue"]), style="bold"))
    if not fc["total"]:
        console.print(msg.STATS_NOTHING_DUE.format(days=fc["days"]))
        return
    label_w = len(f"{max(per_day):,}") + 1
    col_w = 2
    room = max(8, (min(console.width, 100) - label_w - 2) // col_w)
    group = math.ceil(len(per_day) / room)
    values = [sum(per_day[i:i + group]) for i in range(0, len(per_day), group)]
    top = max(values)
    for r in range(CHART_HEIGHT - 1, -1, -1):
        label = f"{top:,}" if r == CHART_HEIGHT - 1 else ""
        row = Text(label.rjust(label_w - 1) + " │")
        for v in values:
            eighths = max(1, round(v * CHART_HEIGHT * 8 / top)) if v else 0
            row.append(BAR_EIGHTHS[min(8, max(0, eighths - r * 8))], style="cyan")
            row.append(" " * (col_w - 1))
        console.print(row)
    console.print("0".rjust(label_w - 1) + " └" + "─" * (len(values) * col_w), highlight=False)
    axis = [" "] * (len(values) * col_w)
    step = 7 if group == 1 else 4
    for c in range(0, len(values) - 2, step):  # a label needs 6 of the chart's columns
        d = date.fromisoformat(fc["per_day"][c * group]["date"])
        axis[c * col_w: c * col_w + 6] = list(f"{msg.MONTHS[d.month - 1]} {d.day}".ljust(6))
    console.print(" " * (label_w + 1) + "".join(axis).rstrip(), highlight=False)
    console.print(msg.stats_forecast_summary(per_day[0], per_day[1] if len(per_day) > 1 else 0, sum(per_day[:7]),
                                             sum(per_day) / len(per_day), group), highlight=False)


def _retention(console: Console, r: dict[str, Any]) -> None:
    console.print()
    table = Table(title=msg.STATS_RETENTION_TITLE, title_justify="left", title_style="bold", show_edge=False,
                  pad_edge=False)
    table.add_column("")
    for col in ("young", "mature", "all"):
        table.add_column(col, justify="right")
    for key, label in msg.STATS_PERIODS.items():
        p = r["periods"][key]
        cells = []
        for col in ("young", "mature", "all"):
            c = p[col]
            n = c["passed"] + c["failed"]
            cells.append(f"{c['passed']}/{n}  {_pct(c['retention'], 1)}" if n else "–")
        table.add_row(label, *cells)
    console.print(table)
    console.print(Text(r["definition"], style="dim"))


def _bar(x: float | None, width: int = 10) -> str:
    if x is None:
        return ""
    full = round(max(0.0, min(1.0, x)) * width)
    return "█" * full + "░" * (width - full)


def _mastery(console: Console, m: dict[str, Any]) -> None:
    console.print()
    rows = [t for t in m["topics"] if t["seen"]]
    unseen = [t["topic"] for t in m["topics"] if not t["seen"]]
    table = Table(title=msg.STATS_MASTERY_TITLE, title_justify="left", title_style="bold", show_edge=False,
                  pad_edge=False)
    table.add_column("topic", overflow="fold")
    for col in ("cards", "seen", "recall", "", "expected"):
        table.add_column(col, justify="right" if col else "left")
    for t in rows[:MASTERY_ROWS]:
        table.add_row(printable(t["topic"]), f"{t['cards']:,}", f"{t['seen']:,}", _pct(t["recall"]), _bar(t["recall"]),
                      _pct(t["expected"]))
    if rows:
        console.print(table)
    if len(rows) > MASTERY_ROWS:
        console.print(msg.stats_more_topics(len(rows) - MASTERY_ROWS), highlight=False)
    if unseen:
        names = printable(", ".join(unseen))
        limit = max(20, min(console.width, 100) * 2 - 30)
        if len(names) > limit:
            names = names[:limit].rsplit(", ", 1)[0] + ", …"
        console.print(msg.stats_not_started(len(unseen), names), highlight=False)
    console.print(Text(m["definition"], style="dim"))


def _readiness(console: Console, r: dict[str, Any] | None) -> None:
    console.print()
    if r is None:
        console.print(msg.STATS_NO_EXAM, highlight=False)
        return
    console.print(Text(printable(msg.stats_readiness_title(r["title"])), style="bold"))
    console.print(r["note"], highlight=False)
    projected = r["predicted"]["exam_day"] is not None
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("domain", overflow="fold", ratio=1)
    for col in ("weight", "cards", "seen", "recall now") + (("exam day",) if projected else ()):
        table.add_column(col, justify="right", no_wrap=True)
    for d in r["domains"]:
        cells = [printable(f"{d['topic']} {d['name']}"), f"{d['weight']:g}", f"{d['cards']:,}", _pct(d["seen_share"]),
                 _pct(d["recall_now"])]
        if projected:
            cells.append(_pct(d["recall_exam_day"]))
        table.add_row(*cells)
    console.print(table)
    now = r["predicted"]["now"]
    console.print(msg.stats_predicted("now", now["score"], r["pass_score"], r["scale"], now["passes"]),
                  style="bold", highlight=False)
    if projected:
        day = r["predicted"]["exam_day"]
        console.print(msg.stats_predicted("on exam day", day["score"], r["pass_score"], r["scale"], day["passes"]),
                      style="bold", highlight=False)
    console.print(Text(r["meaning"], style="dim"))
