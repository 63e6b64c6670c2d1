"""`plan`: the road to the exam date."""

from __future__ import annotations

from .base import JsonOpt, config_of, now, opened, streams


def plan(as_json: JsonOpt = False) -> None:
    """The road to the exam date: days left, new cards a day, the forecast daily load until the exam,
    the predicted share recalled on the day, and what would reach the goal when the load you allow
    does not.

    Example: genai-cards plan --json
    """
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
