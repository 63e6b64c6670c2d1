"""`stats`: retention, forecast, streak and heatmap, mastery, exam readiness."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .base import JsonOpt, TopicOpt


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
    from .reports import show_stats

    show_stats(topic, exam, days, as_json)
