"""`quiz`: exam-style practice on a topic, or a full mock exam."""

from __future__ import annotations

import random
from typing import Annotated, Optional

import typer

from .. import messages as msg
from .base import TopicOpt, check_topics, config_of, now, opened, streams, usage_error
from .sync import after_session


def quiz(
    topic: TopicOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="A full mock exam, timed and scored like the real one. "
                                                "Example: --exam aif-c01")] = None,
    count: Annotated[int, typer.Option(min=1, help="Number of questions. Example: --count 10")] = 20,
    card_type: Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", help="Only these card types; repeatable. "
                                                           "Example: --type mcq --type multi")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed the draw and shuffles. Example: --seed 7")] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record the answers as reviews. "
                                            "Example: --no-record")] = False,
) -> None:
    """Exam-style practice on a topic, scored at the end; or a mock exam with --exam.

    Example: genai-cards quiz --topic bedrock --count 10
    """
    from ..model import CARD_TYPES
    from ..quiz import draw_exam, run_exam, topic_quiz
    from ..scheduler import Scheduler
    from ..ui import TerminalIO, render_quiz_summary

    if not topic and not exam:
        raise usage_error(msg.QUIZ_NEEDS_TARGET)
    for t in card_type or []:
        if t not in CARD_TYPES:
            raise usage_error(msg.unknown_type(t))
    with opened() as store:
        config = config_of(store)
        scheduler = Scheduler(config)
        rng = random.Random(seed)
        io = TerminalIO(streams())
        start = now()
        if exam:
            draw = draw_exam(store, exam, rng)
            io.out.print(msg.exam_intro(draw.exam.title, len(draw.items), draw.exam.minutes))
            for t, (wanted, available) in draw.shortages.items():
                io.out.print(msg.exam_shortage(t, wanted, available))
            result, score = run_exam(draw, store, scheduler, config, io, now, rng, start, record=not no_record)
            render_quiz_summary(io.out, result, result.seconds, score)
            after_session(store)
            return
        topics = topic or []
        check_topics(store, topics)
        result = topic_quiz(store, scheduler, config, io, now, rng, topics, count, card_type or [], start,
                            record=not no_record)
        render_quiz_summary(io.out, result, result.seconds)
        after_session(store)
