"""The study sessions, `review` and `quiz`, without typer (so they start without it, see `start.py`):
their work, the mock exams left unsubmitted by a dead process, and the sync after a session. The
typer commands (`commands/review.py`, `commands/quiz.py`) parse the options and call these."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .. import messages as msg
from .invocation import check_topics, config_of, keep_to_decks, now, opened, streams, usage_error

if TYPE_CHECKING:
    import random

    from ..store import Store
    from ..sync import SyncReport


def run_review(topic: list[str] | None = None, deck: list[str] | None = None, limit: int | None = None,
               seed: int | None = None, exam: str | None = None) -> None:
    """Today's session (see `commands/review.py` for what it does)."""
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


def run_quiz(topic: list[str] | None = None, deck: list[str] | None = None, exam: str | None = None,
             count: int | None = None, missed: bool = False, card_type: list[str] | None = None,
             seed: int | None = None, no_record: bool = False) -> None:
    """Exam-style practice, a mock exam, or today's due cards (see `commands/quiz.py`)."""
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


def render_sync(report: SyncReport, as_json: bool) -> None:
    out = streams()
    if as_json:
        out.json(report.as_dict())
    for w in report.warnings + report.git_errors:
        out.echo(w, err=True)
    if as_json:
        return
    for deck in report.decks_received:
        out.echo(msg.sync_deck_arrived(deck))
    for key in report.settings_received:
        out.echo(msg.sync_setting_arrived(key))
    out.echo(msg.sync_summary(report.folder, report.sent, report.sent_events, report.received,
                              report.received_events, report.cards))


def host() -> str:
    """This computer's name (socket is imported here: starting a command does not need it)."""
    import socket

    return socket.gethostname()


def after_session(store: Store) -> None:
    """The sync at the end of a review or quiz, when `sync_after_session` is on and `sync_dir` set;
    a failure is a warning, never a failed session."""
    config = config_of(store)
    if not (config.sync_after_session and config.sync_dir):
        return
    from ..errors import GenaiCardsError
    from ..sync import sync as run_sync

    try:
        report = run_sync(store, Path(config.sync_dir).expanduser(), now(), host())
    except (GenaiCardsError, OSError) as exc:
        streams().echo(msg.sync_after_session_failed(str(exc)), err=True)
        return
    render_sync(report, False)
