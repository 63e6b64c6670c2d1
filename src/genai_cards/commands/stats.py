"""`stats`: retention, forecast, streak and heatmap, mastery, exam readiness."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .base import JsonOpt, TopicOpt, check_topics, config_of, now, opened, streams


def stats(
    topic: TopicOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="Exam readiness for this exam (default: from config "
                                                "exam_date and the bundled exams). Example: --exam aif-c01")] = None,
    days: Annotated[int, typer.Option(min=1, max=365, help="Days of forecast. Example: --days 14")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Retention, forecast, streak and heatmap, mastery per topic, and exam readiness.

    Example: genai-cards stats --exam aif-c01
    """
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
