"""`review` (today's session) and `due` (what is due, without starting one)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from .. import messages as msg
from .base import DeckOpt, JsonOpt, TopicOpt, check_topics, config_of, keep_to_decks, now, opened, streams, usage_error
from .quiz import report_interrupted_exams
from .sync import after_session


def review(
    topic: TopicOpt = None,
    deck: DeckOpt = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Show at most N cards from today's queue. "
                                                 "Example: --limit 30")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed shuffles for a reproducible session. "
                                                "Example: --seed 7")] = None,
    exam: Annotated[Optional[str], typer.Option(help="Only the cards of this exam's domains. "
                                                "Example: --exam aif-c01")] = None,
) -> None:
    """Today's session: due cards, most at risk first, with new cards in deck order. With an exam date
    (config set exam_date), new cards and intervals are paced for it (see `plan`).

    Example: genai-cards review --topic rag --limit 20
    """
    from ..planning import pace_for
    from ..scheduler import Scheduler
    from ..session import Study, run
    from ..ui import TerminalIO

    topics = topic or []
    if exam is not None and topics:
        raise usage_error(msg.EXAM_AND_TOPIC)
    if exam is not None:
        from ..focus import exam_topics

        topics = exam_topics(exam)
    with opened() as store:
        keep_to_decks(store, deck or [])
        check_topics(store, topics)
        config = config_of(store)
        report_interrupted_exams(store, Scheduler(config), config)
        pace = pace_for(store, config, now())
        study = Study(store, Scheduler(config), config, now(), topics, limit, pace=pace)
        io = TerminalIO(streams())
        if pace is not None:
            _pace_notice(io, pace, study.stretch, study.held_reviews)
        if not study.queue and study.next(now()) is None:
            io.out.print(msg.NOTHING_DUE)
            from ..listings import next_due

            when = next_due(store, config, now(), topics)
            if when is not None:
                io.out.print(msg.next_due(msg.at_time(when, now())))
            return
        import random

        result = run(study, io, now, random.Random(seed))
        io.out.print()
        io.out.print(msg.session_summary(len(result.outcomes), result.seconds))
        if result.outcomes:
            from ..listings import session_wrap_up
            from ..ui import render_wrap_up

            moment = now()
            render_wrap_up(io.out, session_wrap_up(store, config, moment, topics,
                                                   [o.rating for o in result.outcomes]), moment)
        after_session(store)


def _pace_notice(io: Any, pace: Any, stretch: int, held: int = 0) -> None:
    """Say how the exam date paces today (and why new_per_day is overridden, or why the day's answers
    allow fewer new cards than the days left ask for, when they do)."""
    from ..i18n import long_date

    date, left = long_date(pace.exam_date), pace.days_left
    if pace.capped_by_answers:
        io.out.print(msg.pace_capped(date, left, pace.new_today, pace.paced, round(pace.committed),
                                     pace.load.per_new, pace.load.cap, pace.not_introduced))
    elif pace.overrides_new_per_day:
        io.out.print(msg.pace_override(date, left, pace.new_today, pace.not_introduced, pace.new_per_day))
    else:
        io.out.print(msg.pace_line(date, left, pace.new_today, pace.not_introduced))
    if stretch:
        io.out.print(msg.final_stretch_line(stretch))
    if held and pace.load is not None:
        io.out.print(msg.reviews_held(held, pace.load.cap))


def due(
    topic: TopicOpt = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every subtopic, not only the top-level topics (or "
                                           "those under --topic). Example: --all")] = False,
    as_json: JsonOpt = False,
) -> None:
    """What is due today and tomorrow, per topic, without starting a session.

    Example: genai-cards due --json
    """
    from .due import show_due

    show_due(topic or [], show_all, as_json)
