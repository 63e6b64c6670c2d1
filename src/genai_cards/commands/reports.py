"""`plan`'s and `stats`' work, without typer (so they start without it, see `start.py`); the typer
commands (`commands/plan.py`, `commands/stats.py`) call these."""

from __future__ import annotations

from .invocation import check_topics, config_of, now, opened, streams


def show_plan(as_json: bool = False) -> None:
    """The road to the exam date, as JSON or drawn (see `commands/plan.py`)."""
    from ..planning import plan as compute

    with opened() as store:
        figures = compute(store, config_of(store), now())
    out = streams()
    if as_json:
        out.json(figures)
        return
    from ..ui import console
    from ..ui.plan import render

    render(console(out), figures, chart=out.stdout.isatty())


def show_stats(topic: list[str] | None = None, exam: str | None = None, days: int = 30, as_json: bool = False) -> None:
    """Retention, forecast, streak, mastery and exam readiness, as JSON or drawn (see `commands/stats.py`)."""
    from ..stats import compute

    topics = topic or []
    with opened() as store:
        check_topics(store, topics)
        figures = compute(store, config_of(store), now(), topics, exam, days)
    if as_json:
        streams().json(figures)
        return
    from ..ui import console
    from ..ui.stats import render

    render(console(streams()), figures)
