"""`due`'s work, without typer: what is due today and tomorrow, per topic. The typer command
(`commands/review.py`) and the start path that skips typer (`start.py`) both run `show_due`."""

from __future__ import annotations

from .. import messages as msg
from .invocation import check_topics, config_of, now, opened, streams


def show_due(topic: list[str] | None = None, show_all: bool = False, as_json: bool = False) -> None:
    """Print today's and tomorrow's due counts (JSON for scripts, else a line and a table per topic)."""
    from ..listings import due_summary

    topics = topic or []
    with opened() as store:
        check_topics(store, topics)
        summary = due_summary(store, config_of(store), now(), topics)
    if as_json:
        streams().json(summary)
        return
    from ..ui import console, table

    out = console(streams())
    out.print(msg.due_line(summary["today"], summary["new_today"], summary["tomorrow"]))
    rows = sorted(summary["topics"].items())
    if not show_all:  # short: the top-level topics, or the level just under each --topic
        depth = {t.count("/") + 1 for t in topics} if topics else {0}
        rows = [(t, n) for t, n in rows if t.count("/") in depth or t in topics]
    if rows:
        out.print(table(None, ["topic", "due today"], rows))
