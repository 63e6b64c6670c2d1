"""Exam-style practice: `quiz --topic` (due first, then weakest, then new), `quiz` alone (today's due
cards), `quiz --exam E --missed`, and the mock exam (`quiz --exam`: the state machine is
`mockexam.MockExam`, the loop here is thin over it). Answers are reviews too (mode `quiz`), under the
no-surprise rule (`NewCardAllowance`)."""

from __future__ import annotations

import os
import random
import re
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Protocol, Sequence

from . import messages as msg
from .config import Config
from .errors import NotFound
from .exams import Exam, find_exam, questions_per_domain
from .grading import PARTIAL, RIGHT, WRONG, Grade, InvalidAnswer, Question, grade, make_question, terms_of
from .mockexam import ExamQuestion, MockExam, Status, mark_unscored
from .model import AGAIN, AUTO_GRADED_TYPES, GOOD, HARD, NEW, from_ms, one_per_note, study_day_bounds, to_ms
from .scheduler import Scheduler
from .session import MAX_DURATION_MS, Clock, SessionIO, ask_rating, dont_know, record_answer
from .store import CardRow, ExamQuestionRow, Store
from .store.mock_exams import ExamInProgress
from .topics import ancestors

SELF_RATED_RESULT = {AGAIN: WRONG, HARD: PARTIAL, GOOD: RIGHT, 4: RIGHT}


@dataclass
class QuizItem:
    """One question of a quiz and what became of it."""

    card: CardRow
    group: str  # the topic or exam domain it is scored under
    question: Question | None = None
    grade: Grade | None = None
    result: str | None = None  # right / partial / wrong; None if not answered
    given: str | None = None


@dataclass
class QuizResult:
    items: list[QuizItem] = field(default_factory=list)
    seconds: float = 0.0
    ended_early: bool = False
    shortages: dict[str, tuple[int, int]] = field(default_factory=dict)  # domain -> (wanted, available)

    @property
    def answered(self) -> list[QuizItem]:
        return [i for i in self.items if i.result is not None]

    @property
    def unanswered(self) -> list[QuizItem]:
        return [i for i in self.items if i.result is None]

    def tally(self) -> dict[str, dict[str, int]]:
        """Per group: right, partial, wrong, over the questions answered."""
        out: dict[str, dict[str, int]] = {}
        for item in self.answered:
            row = out.setdefault(item.group, {RIGHT: 0, PARTIAL: 0, WRONG: 0})
            row[item.result or WRONG] += 1
        return out


def pick_topic_cards(
    store: Store, scheduler: Scheduler, topics: Sequence[str], count: int, types: Sequence[str],
    now: datetime, rng: random.Random,
) -> list[CardRow]:
    """Due first, then the weakest by retrievability, then new; auto-graded types before basic ones.

    The store ranks the cards of the topics in that order (`Store.quiz_draw`: the retrievability
    order is fsrs's, elapsed whole days over stability), so only the cards drawn are read whole."""
    del scheduler  # the order needs no fsrs call: R falls as elapsed days / stability grows
    keys = store.quiz_draw(topics, types, AUTO_GRADED_TYPES, to_ms(now))
    picked = [store.card(key) for key, _ in one_per_note(keys, _second, set(), count)]
    rng.shuffle(picked)
    return picked


def _second(row: tuple[str, str]) -> str:
    return row[1]


def pick_exam_cards(store: Store, exam: Exam, rng: random.Random) -> tuple[list[QuizItem], dict[str, tuple[int, int]]]:
    """Questions drawn across the exam's domains by weight, auto-graded types only (exam formats first)."""
    items: list[QuizItem] = []
    shortages: dict[str, tuple[int, int]] = {}
    used_notes: set[str] = set()
    per_domain = questions_per_domain(exam)
    for domain in exam.domains:
        wanted = per_domain[domain.topic]
        rows = [store.card(k) for k in store.active_keys([domain.topic])]
        rows = [r for r in rows if r.type in AUTO_GRADED_TYPES]
        rng.shuffle(rows)
        rows.sort(key=lambda r: 0 if r.type in exam.types else 1)  # the exam's own formats first
        chosen = one_per_note(rows, _note, used_notes, wanted)
        if len(chosen) < wanted:
            shortages[domain.topic] = (wanted, len(chosen))
        items.extend(QuizItem(r, domain.topic) for r in chosen)
    rng.shuffle(items)
    return items, shortages


def _note(row: CardRow) -> str:
    return row.note


def group_for(card_topics: Sequence[str], wanted: Sequence[str]) -> str:
    """The most specific of a card's topics under the quiz's topics (or its first topic)."""
    under = [t for t in card_topics if any(a in wanted for a in ancestors(t))]
    pool = under or list(card_topics) or ["-"]
    return max(pool, key=lambda t: (t.count("/"), t))


class NewCardAllowance:
    """The no-surprise rule: a card the learner had not started, answered in a quiz or mock exam, starts
    FSRS scheduling only while today's new-card limit allows (it counts against that limit, as in
    `review`); beyond it the answer is kept as a practice answer, out of the FSRS review log, and the
    card stays new."""

    def __init__(self, store: Store, config: Config, now: datetime) -> None:
        day_start = study_day_bounds(now, config.day_starts_at)[0]
        new_done, _ = store.done_since(to_ms(day_start))
        self.left = max(0, config.new_per_day - new_done)

    def mode_for(self, card: CardRow) -> str:
        if card.state.state != NEW:
            return "quiz"
        if self.left > 0:
            self.left -= 1
            return "quiz"
        return "practice"


def record_quiz_answer(
    store: Store, scheduler: Scheduler, config: Config, allowance: NewCardAllowance, card: CardRow, rating: int,
    now: datetime, duration_ms: int, answer: str | None,
) -> str:
    """Record one quiz answer under the no-surprise rule; return the mode it was logged with."""
    mode = allowance.mode_for(card)
    if mode == "practice":
        store.record_practice(card.key, now, rating, min(max(duration_ms, 0), MAX_DURATION_MS), "quiz", answer)
    else:
        record_answer(store, scheduler, config, card, rating, now, duration_ms, mode, answer)
    return mode


class QuizRunner:
    """Asks each question once, with feedback; records answers as `quiz` reviews unless `record` is False."""

    def __init__(
        self, store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock,
        rng: random.Random, record: bool = True,
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.config = config
        self.io = io
        self.clock = clock
        self.rng = rng
        self.record = record
        self.vocabulary: frozenset[str] = frozenset()
        self.allowance: NewCardAllowance | None = None

    def run(self, items: list[QuizItem]) -> QuizResult:
        result = QuizResult(items=items)
        # the quiz's other answers are contrast terms: a typo nearer to one of them is wrong
        self.vocabulary = frozenset(t for i in items for t in terms_of(i.card.content))
        started = self.clock()
        self.allowance = NewCardAllowance(self.store, self.config, started)
        for index, item in enumerate(items):
            if not self._ask(item, index, len(items)):
                result.ended_early = True
                break
        result.seconds = (self.clock() - started).total_seconds()
        return result

    def _ask(self, item: QuizItem, index: int, total: int) -> bool:
        """Ask one question; False when the quiz should end (quit or end of input). The item counts as
        answered only once its rating is settled."""
        q = make_question(item.card.content, self.rng, self.vocabulary)
        item.question = q
        self.io.show_quiz_question(item.card, q, index + 1, total, None)  # type: ignore[attr-defined]
        shown = self.clock()
        g: Grade | None = None
        given: str | None = None
        while True:
            line = self.io.ask("answer" if q.auto else "reveal", q)
            if line is None:
                return False
            if line.strip().lower() == "q" and not (q.options and "q" in q.labels):
                return False
            if not q.auto or (q.type in ("typed", "cloze") and not line.strip()):
                break
            if q.options and not line.strip():
                g = dont_know()
                break
            try:
                g = grade(q, line)
                given = line.strip()
                break
            except InvalidAnswer as exc:
                self.io.invalid(str(exc))
        suggested = g.suggested if g is not None else GOOD
        self.io.show_answer(item.card, q, g)
        now = self.clock()
        self.io.show_ratings(self.scheduler.preview(item.card.key, item.card.state, now), suggested)
        asked = ask_rating(self.io, q, suggested)
        if not isinstance(asked, int):
            return False
        item.grade, item.given = g, given
        item.result = g.result if g is not None else SELF_RATED_RESULT[asked]
        if self.record and self.allowance is not None:
            now = self.clock()
            record_quiz_answer(self.store, self.scheduler, self.config, self.allowance, item.card, asked, now,
                               int((now - shown).total_seconds() * 1000), given)
        return True


# --- the mock exam -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ExamDraw:
    """A mock exam's questions, drawn before it starts (its intro names the shortages)."""

    exam: Exam
    mock: MockExam
    shortages: dict[str, tuple[int, int]]


def draw_exam(store: Store, exam_id: str, rng: random.Random, start: datetime, count: int | None = None) -> ExamDraw:
    """Find a bundled exam (shortened to `count` questions, same weights) and draw its questions."""
    exam = find_exam(exam_id)
    if count is not None:
        exam = exam.shortened(count)
    items, shortages = pick_exam_cards(store, exam, rng)
    vocabulary = frozenset(t for i in items for t in terms_of(i.card.content))
    questions = [ExamQuestion(i.card, i.group, make_question(i.card.content, rng, vocabulary)) for i in items]
    mark_unscored(questions, exam.unscored, rng)
    return ExamDraw(exam, MockExam(exam, questions, start), shortages)


class ExamIO(Protocol):
    """What the mock exam's loop needs from a user interface."""

    def show_exam_question(self, eq: ExamQuestion, number: int, total: int, left: timedelta) -> None: ...
    def ask_exam(self, q: Question, left: timedelta) -> str | None: ...  # "" too when `left` runs out
    def show_exam_review(self, status: Status, left: timedelta) -> None: ...
    def ask_exam_review(self, left: timedelta) -> str | None: ...
    def confirm(self, kind: str, status: Status) -> bool | None: ...  # None = end of input
    def exam_notice(self, kind: str, **values: object) -> None: ...
    def invalid(self, reason: str) -> None: ...


EXAM_COMMANDS = {"f": "flag", "flag": "flag", "p": "back", "back": "back", "n": "next", "next": "next",
                 "r": "review", "review": "review", "s": "submit", "submit": "submit", "q": "quit", "quit": "quit"}


def exam_command(line: str, q: Question) -> tuple[str, int] | None:
    """A navigation command typed at a question (a choice's own letter is an answer, never a command)."""
    t = line.strip().lower()
    if not t:
        return ("next", 0)
    m = re.fullmatch(r"(?:go\s*|#)?(\d+)", t)
    if m:
        return ("go", int(m.group(1)))
    if t in EXAM_COMMANDS and not (len(t) == 1 and t in q.labels):
        return (EXAM_COMMANDS[t], 0)
    return None


def run_mock_exam(mock: MockExam, io: ExamIO, clock: Clock) -> MockExam:
    """The terminal loop over the exam: show, read, move; until it is submitted or its time is up.

    End of input submits the exam (a script's answers so far count), and so does an interrupt
    (Ctrl-C, or the terminal closing: the command turns SIGTERM and SIGHUP into one), so no answer
    given is lost."""
    try:
        _exam_loop(mock, io, clock)
    except KeyboardInterrupt:
        if not mock.over:
            mock.submit(clock())
    if mock.timed_out:
        io.exam_notice("time_up")
    return mock


def _exam_loop(mock: MockExam, io: ExamIO, clock: Clock) -> None:
    screen = "question"
    while not mock.over:
        now = clock()
        if not mock.tick(now):
            break
        minutes = mock.warning(now)
        if minutes is not None:
            io.exam_notice("warning", minutes=minutes)
        if screen == "review":
            screen = _review_screen(mock, io, clock)
            continue
        eq = mock.questions[mock.current]
        io.show_exam_question(eq, mock.current + 1, len(mock.questions), mock.time_left(now))
        screen = _question_screen(mock, io, clock, eq, now)


def _question_screen(mock: MockExam, io: ExamIO, clock: Clock, eq: ExamQuestion, now: datetime) -> str:
    """Read at one question until the learner moves; the next screen (question or review)."""
    while True:
        line = io.ask_exam(eq.question, mock.time_left(now))
        now = clock()
        if line is None:
            mock.submit(now)
            return "done"
        if not mock.tick(now):
            return "done"  # typed after the time limit: it does not count
        cmd = exam_command(line, eq.question)
        if cmd is None:
            try:
                mock.answer(now, line)
            except InvalidAnswer as exc:
                io.invalid(str(exc))
                continue
            return "question" if mock.next(now) else "review"
        name, number = cmd
        if name == "next":
            return "question" if mock.next(now) else "review"
        if name == "back":
            mock.back(now)
            return "question"
        if name == "go":
            try:
                mock.go(now, number - 1)
            except IndexError:
                io.exam_notice("no_question", number=number, total=len(mock.questions))
                continue
            return "question"
        if name == "flag":
            io.exam_notice("flagged" if mock.toggle_flag(now) else "unflagged", number=mock.current + 1)
            continue
        if name in ("review", "submit"):
            return "review"
        if name == "quit":
            sure = io.confirm("quit", mock.status())
            now = clock()
            if sure is None or sure:
                mock.submit(now)
                return "done"
            continue
    return "done"


def _review_screen(mock: MockExam, io: ExamIO, clock: Clock) -> str:
    """The review screen before submitting: answered / flagged / unanswered; go back or submit."""
    io.show_exam_review(mock.status(), mock.time_left(clock()))
    while True:
        line = io.ask_exam_review(mock.time_left(clock()))
        now = clock()
        if line is None:
            mock.submit(now)
            return "done"
        if not mock.tick(now):
            return "done"
        t = line.strip().lower()
        status = mock.status()
        target = {"f": status.flagged, "u": status.unanswered}.get(t)
        if target is not None:
            if not target:
                io.exam_notice("none_left")
                continue
            mock.go(now, target[0] - 1)
            return "question"
        m = re.fullmatch(r"(?:go\s*|#)?(\d+)", t)
        if m:
            try:
                mock.go(now, int(m.group(1)) - 1)
            except IndexError:
                io.exam_notice("no_question", number=int(m.group(1)), total=len(mock.questions))
                continue
            return "question"
        if t in ("s", "submit", "q", "quit"):
            sure = io.confirm("submit", status)
            now = clock()
            if sure is None or sure:
                mock.submit(now)
                return "done"
            io.show_exam_review(mock.status(), mock.time_left(now))
            continue
        io.invalid(msg.EXAM_REVIEW_CHOICES)


def keep_as_it_goes(mock: MockExam, store: Store) -> str:
    """Write the exam as it starts, then each answer and flag as it is given, so that a process killed
    outright (SIGKILL, a power cut) loses nothing: `submit_interrupted_exams` submits it later. Returns
    the uid of its record in progress, for `finish_exam`."""
    uid = store.begin_exam(mock.exam.exam, mock.started, mock.exam.minutes, os.getpid(), socket.gethostname(),
                           [(q.card.key, q.domain, q.scored) for q in mock.questions])

    def keep(index: int, now: datetime) -> None:
        q = mock.questions[index]
        store.keep_exam_question(uid, index + 1, now, q.result, q.grade.suggested if q.grade else None, q.answer,
                                 q.answered_at, q.flagged)

    mock.on_change = keep
    return uid


def finish_exam(
    mock: MockExam, store: Store, scheduler: Scheduler, config: Config, record: bool = True,
    in_progress: str | None = None,
) -> dict[str, object]:
    """Score a submitted exam; unless `record` is False, log its answers (no-surprise rule) and keep
    which questions were missed (for `--missed`), all in one transaction that also forgets its record
    in progress (`in_progress`). Returns the score."""
    score = mock.score()
    if not record:
        if in_progress is not None:
            store.drop_exam_in_progress(in_progress)
        return score
    answered = sorted((q for q in mock.questions if q.answered and q.answered_at is not None),
                      key=lambda q: q.answered_at or mock.started)
    with store.transaction():
        if in_progress is not None and not store.still_in_progress(in_progress):
            return score  # its time ran out while it was open and another command submitted it: once is enough
        allowance = NewCardAllowance(store, config, mock.started)
        for q in answered:
            assert q.grade is not None and q.answered_at is not None
            record_quiz_answer(store, scheduler, config, allowance, q.card, q.grade.suggested, q.answered_at, 0,
                               q.answer)
        store.save_mock_exam(
            mock.exam.exam, mock.started, mock.submitted_at or mock.started, mock.timed_out,
            int(str(score["score"])), bool(score["passed"]),
            [ExamQuestionRow(q.card.key, q.domain, q.scored, q.result, q.answer, q.flagged) for q in mock.questions],
            in_progress=in_progress,
        )
    return score


def process_alive(pid: int) -> bool:
    """Whether a process of this machine with this id still runs (a PID reused by another program
    counts as alive: the exam then waits for its time limit)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def submit_interrupted_exams(
    store: Store, scheduler: Scheduler, config: Config, now: datetime,
    alive: Callable[[int], bool] = process_alive,
) -> list[tuple[MockExam, dict[str, object]]]:
    """Submit every mock exam whose process died before it was submitted (or whose time is up) with the
    answers it had kept, as an interrupt would have; an exam still running elsewhere is left alone.
    Returns each exam submitted and its score."""
    done = []
    for e in store.exams_in_progress():
        started = from_ms(e.started_at)
        deadline = started + timedelta(minutes=e.minutes)
        if now < deadline and e.host == socket.gethostname() and e.pid != os.getpid() and alive(e.pid):
            continue
        try:
            exam = find_exam(e.exam)
        except NotFound:
            store.drop_exam_in_progress(e.uid)  # its exam file is gone: nothing left to score it against
            continue
        mock = MockExam(exam, _kept_questions(store, e), started)
        mock.submitted_at = min(from_ms(e.last_activity), deadline)
        done.append((mock, finish_exam(mock, store, scheduler, config, in_progress=e.uid)))
    return done


def _kept_questions(store: Store, e: ExamInProgress) -> list[ExamQuestion]:
    """The questions of an exam in progress, as kept (a card removed since is left out)."""
    out = []
    rng = random.Random(0)  # the showing is not needed any more, only the card and the verdict
    for q in e.questions:
        try:
            card = store.card(q.card)
        except NotFound:
            continue
        eq = ExamQuestion(card, q.domain, make_question(card.content, rng, frozenset()), scored=q.scored,
                          flagged=q.flagged)
        if q.result is not None:
            eq.answer, eq.grade = q.answer, Grade(q.result)
            eq.answered_at = from_ms(q.answered_at) if q.answered_at is not None else from_ms(e.started_at)
        out.append(eq)
    return out


MISSED_FROM_LAST = 3  # `--missed` drills what was missed in this many most recent mock exams


def missed_quiz(
    store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock, rng: random.Random,
    exam_id: str, count: int | None, record: bool = True,
) -> QuizResult:
    """`quiz --exam E --missed`: the questions missed in the last mock exams, with feedback."""
    exam = find_exam(exam_id)
    missed = store.missed_in_last_exams(exam.exam, MISSED_FROM_LAST)
    items = []
    for key, domain in missed:
        try:
            card = store.card(key)
        except NotFound:
            continue  # removed from its deck since
        if not card.suspended and not card.retired:
            items.append(QuizItem(card, domain))
    if not items:
        raise NotFound(msg.no_missed(exam.exam))
    rng.shuffle(items)
    if count is not None:
        items = items[:count]
    return QuizRunner(store, scheduler, config, io, clock, rng, record=record).run(items)


def topic_quiz(
    store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock, rng: random.Random,
    topics: Sequence[str], count: int, types: Sequence[str], start: datetime, record: bool = True,
) -> QuizResult:
    """`quiz --topic`: up to `count` questions of these topics, with feedback, scored by topic."""
    cards = pick_topic_cards(store, scheduler, topics, count, types, start, rng)
    if not cards:
        raise NotFound(msg.NO_QUIZ_CARDS)
    topic_map = store.topics_of([c.key for c in cards])
    items = [QuizItem(c, group_for(topic_map[c.key], topics)) for c in cards]
    return QuizRunner(store, scheduler, config, io, clock, rng, record=record).run(items)


def due_quiz(
    store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock, rng: random.Random,
    count: int, types: Sequence[str], start: datetime, record: bool = True,
) -> QuizResult | None:
    """`quiz` alone: practise today's due cards (most at risk first), scored by topic; None if none are due."""
    day_end = study_day_bounds(start, config.day_starts_at)[1]
    keys = store.due_reviews(to_ms(day_end), to_ms(start), (), count if not types else 10 ** 6)
    rows = [store.card(k) for k in keys]
    if types:
        rows = [r for r in rows if r.type in types]
    rows = one_per_note(rows, _note, set(), count)
    if not rows:
        return None
    topic_map = store.topics_of([c.key for c in rows])
    items = [QuizItem(c, group_for(topic_map[c.key], [])) for c in rows]
    return QuizRunner(store, scheduler, config, io, clock, rng, record=record).run(items)
