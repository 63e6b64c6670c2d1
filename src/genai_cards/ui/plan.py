"""The terminal view of `plan`: the summary, a horizontal bar per day until the exam (rich on a
terminal; plain text lines when stdout is not one), the predicted recall and the warning."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from .. import messages as msg
from ..i18n import language, long_date, short_date

BAR_EIGHTHS = " ▏▎▍▌▋▊▉█"


def render(console: Console, p: dict[str, Any], chart: bool) -> None:
    """Print `plan` for a person; `chart` draws bars (a terminal), else one plain line a day."""
    if p["status"] != "upcoming":
        console.print(p["warning"], highlight=False)
        return
    console.print(Text(msg.plan_summary(long_date(date.fromisoformat(p["exam_date"])), p["days_left"], p["cards"],
                                        p["not_introduced"], p["new_per_day"]), style="bold"))
    console.print(msg.PLAN_CHART_TITLE, highlight=False)
    days = p["days"]
    top = max((d["answers"] for d in days), default=0) or 1
    width = max(10, min(console.width, 100) - 34)
    for d in days:
        tail = f"{d['answers']:>5}  " + msg.plan_day(d["new"], d["reviews"], d["backlog"])
        if chart:
            eighths = round(d["answers"] * width * 8 / top)
            bar = "█" * (eighths // 8) + (BAR_EIGHTHS[eighths % 8] if eighths % 8 else "")
            row = Text(f"{_day(d['date'])} ")
            row.append(bar.ljust(width), style="red" if d["backlog"] else "cyan")
            row.append(tail)
            console.print(row)
        else:
            console.print(f"{_day(d['date'])} {tail}", highlight=False)
    console.print(msg.plan_recall(round(100 * p["predicted_recall"], 1), round(100 * p["exam_retention"], 1),
                                  p["parameters"]), highlight=False)
    if p["warning"]:
        console.print(Text(p["warning"], style="bold yellow"))
        s = p["suggestions"]
        if s:
            console.print(msg.plan_suggestions(s["minutes_per_day"], s["answers_per_day"], s["max_reviews_per_day"],
                                               s["cards_to_set_aside"], s["decks_to_set_aside"], _later(s["later_date"])),
                          highlight=False)


def _day(iso: str) -> str:
    """A day of the chart: 2026-12-01 in English, `1 de dez.` (padded to line up) in Portuguese."""
    return iso if language() == "en" else short_date(date.fromisoformat(iso)).ljust(10)


def _later(value: Any) -> Any:
    """The later exam date suggested, in the learner's format (as it came when it is not a date)."""
    try:
        return long_date(date.fromisoformat(str(value)))
    except ValueError:
        return value
