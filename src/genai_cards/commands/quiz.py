"""`quiz`: exam-style practice on a topic, or a full mock exam."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, Iterator, Optional

import typer

from .. import messages as msg
from .base import DeckOpt, TopicOpt, check_topics, config_of, keep_to_decks, now, opened, streams, usage_error
from .sync import after_session

if TYPE_CHECKING:
    import random


def quiz(
    topic: TopicOpt = None,
    deck: DeckOpt = None,
    exam: Annotated[Optional[str], typer.Option(help="A full mock exam, timed and scored like the real one. "
                                                "Example: --exam aif-c01")] = None,
    count: Annotated[Optional[int], typer.Option(min=1, help="Number of questions (20 by default; with --exam, "
                                                 "a short mock exam with the same domain weights). "
                                                 "Example: --count 10")] = None,
    missed: Annotated[bool, typer.Option("--missed", help="With --exam: drill the questions missed in the last "
                                         "mock exams. Example: --exam aif-c01 --missed")] = False,
    card_type: Annotated[Optional[list[str]], typer.Option("--type", metavar="TYPE", help="Only these card types; repeatable. "
                                                           "Example: --type mcq --type multi")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Seed the draw and shuffles. Example: --seed 7")] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record the answers as reviews. "
                                            "Example: --no-record")] = False,
) -> None:
    """Exam-style practice on a topic, scored at the end; a mock exam with --exam; today's due cards alone.

    Example: genai-cards quiz --topic bedrock --count 10
    """
    from ..model import CARD_TYPES
    from ..scheduler import Scheduler
    from ..ui import TerminalIO, render_quiz_summary

    for t in card_type or []:
        if t not in CARD_TYPES:
            raise usage_error(msg.unknown_type(t))
    if missed and not exam:
        raise usage_error(msg.MISSED_NEEDS_EXAM)
    if exam and topic:
        raise usage_error(msg.EXAM_WITH_TOPIC)  # never silently ignored
    if exam and card_type:
        raise usage_error(msg.EXAM_WITH_TYPE)
    with opened() as store:
        keep_to_decks(store, deck or [])
        config = config_of(store)
        scheduler = Scheduler(config)
        import random

        rng = random.Random(seed)
        io = TerminalIO(streams(), mode="quiz")
        start = now()
        report_interrupted_exams(store, scheduler, config)
        if exam and missed:
            from ..quiz import missed_quiz

            result = missed_quiz(store, scheduler, config, io, now, rng, exam, count, record=not no_record)
            render_quiz_summary(io.out, result, result.seconds)
            after_session(store)
            return
        if exam:
            _mock_exam(store, scheduler, config, io, rng, exam, count, start, record=not no_record)
            after_session(store)
            return
        if not topic and not deck:  # quiz alone: today's due cards; --deck alone: that deck's cards
            from ..quiz import due_quiz

            due = due_quiz(store, scheduler, config, io, now, rng, count or 20, card_type or [], start,
                           record=not no_record)
            if due is None:
                io.out.print(msg.NOTHING_DUE_QUIZ)
                return
            render_quiz_summary(io.out, due, due.seconds)
            after_session(store)
            return
        from ..quiz import topic_quiz

        topics = topic or []
        check_topics(store, topics)
        result = topic_quiz(store, scheduler, config, io, now, rng, topics, count or 20, card_type or [], start,
                            record=not no_record)
        render_quiz_summary(io.out, result, result.seconds)
        after_session(store)


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While the exam runs, SIGTERM and SIGHUP (a closed terminal) interrupt it like Ctrl-C, so the
    exam is submitted with the answers given so far instead of the process dying with them."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    saved = {s: signal.signal(s, interrupt) for s in wanted}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def _mock_exam(store: Any, scheduler: Any, config: Any, io: Any, rng: random.Random, exam: str,
               count: int | None, start: Any, record: bool) -> None:
    from ..exams import find_exam
    from ..quiz import draw_exam, finish_exam, keep_as_it_goes, run_mock_exam
    from ..ui import render_exam_report

    full = find_exam(exam)
    if count is not None and count > full.questions:
        raise usage_error(msg.exam_count_over(count, full.exam, full.questions))
    draw = draw_exam(store, exam, rng, start, count)
    n = len(draw.mock.questions)
    io.out.print(msg.exam_intro_full(draw.exam.title, n, draw.exam.unscored, draw.exam.minutes) if draw.exam.unscored
                 else msg.exam_intro_all_scored(draw.exam.title, n, draw.exam.minutes))
    for t, (wanted, available) in draw.shortages.items():
        io.out.print(msg.exam_shortage(t, wanted, available))
    in_progress = keep_as_it_goes(draw.mock, store) if record else None
    with _signals_interrupt():
        mock = run_mock_exam(draw.mock, io, now)
    score = finish_exam(mock, store, scheduler, config, record=record, in_progress=in_progress)
    render_exam_report(io.out, mock, score)


def report_interrupted_exams(store: Any, scheduler: Any, config: Any) -> None:
    """Submit the mock exams whose process died before submitting them, and say so (on stderr)."""
    if not store.exams_in_progress():  # the usual case, without importing the exam's code
        return
    from ..quiz import submit_interrupted_exams

    for mock, score in submit_interrupted_exams(store, scheduler, config, now()):
        streams().echo(msg.exam_submitted_after_interruption(
            mock.exam.title, msg.at_time(mock.started, now()), int(str(score["answered"])),
            int(str(score["questions"])), int(str(score["score"])), int(str(score["pass_score"]))), err=True)
