"""`plan`: the road to the exam date."""

from __future__ import annotations

from .base import JsonOpt


def plan(as_json: JsonOpt = False) -> None:
    """The road to the exam date: days left, new cards a day, the forecast daily load until the exam,
    the predicted share recalled on the day, and what would reach the goal when the load you allow
    does not.

    Example: genai-cards plan --json
    """
    from .reports import show_plan

    show_plan(as_json)
