"""Exam-style practice: `quiz --topic` (due first, then weakest, then new) and the mock exam
(`quiz --exam`), timed and scored on the exam's scale. Answers are reviews too (mode `quiz`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Sequence

from . import messages as msg
from .config import Config
from .errors import NotFound
from .exams import Exam, find_exam, questions_per_domain
from .grading import PARTIAL, RIGHT, WRONG, Grade, InvalidAnswer, Question, grade, make_question, terms_of
from .model import AGAIN, AUTO_GRADED_TYPES, EXAM_TYPES, GOOD, HARD, one_per_note, to_ms
from .scheduler import Scheduler
from .session import Clock, SessionIO, ask_rating, record_answer
from .store import CardRow, Store
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
    timed_out: bool = False
    shortages: dict[str, tuple[int, int]] = field(default_factory=dict)  # domain -> (wanted, available)

    @property
    def answered(self) -> list[QuizItem]:
        return [i for i in self.items if i.result is not None]

    def tally(self) -> dict[str, dict[str, int]]:
        """Per group: right, partial, wrong (unanswered count as wrong)."""
        out: dict[str, dict[str, int]] = {}
        for item in self.items:
            row = out.setdefault(item.group, {RIGHT: 0, PARTIAL: 0, WRONG: 0})
            row[item.result or WRONG] += 1
        return out


def pick_topic_cards(
    store: Store, scheduler: Scheduler, topics: Sequence[str], count: int, types: Sequence[str],
    now: datetime, rng: random.Random,
) -> list[CardRow]:
    """Due first, then the weakest by retrievability, then new; auto-graded types before basic ones."""
    rows = [store.card(k) for k in store.active_keys(topics)]
    if types:
        rows = [r for r in rows if r.type in types]
    now_ms = to_ms(now)

    def rank(r: CardRow) -> tuple[int, int, float, str, int]:
        auto = 0 if r.type in AUTO_GRADED_TYPES else 1
        if r.state.state == 0:
            return (auto, 2, 0.0, r.deck, r.position)
        due = 0 if r.state.due is not None and r.state.due <= now_ms else 1
        return (auto, due, scheduler.retrievability(r.state, now), r.deck, r.position)

    rows.sort(key=rank)
    picked = one_per_note(rows, _note, set(), count)
    rng.shuffle(picked)
    return picked


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
        rows.sort(key=lambda r: 0 if r.type in EXAM_TYPES else 1)
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


class QuizRunner:
    """Asks each question once; records answers as `quiz` reviews unless `record` is False."""

    def __init__(
        self, store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock,
        rng: random.Random, record: bool = True, feedback: bool = True, deadline: datetime | None = None,
    ) -> None:
        self.store = store
        self.scheduler = scheduler
        self.config = config
        self.io = io
        self.clock = clock
        self.rng = rng
        self.record = record
        self.feedback = feedback
        self.deadline = deadline
        self.vocabulary: frozenset[str] = frozenset()

    def run(self, items: list[QuizItem]) -> QuizResult:
        result = QuizResult(items=items)
        # the quiz's other answers are contrast terms: a typo nearer to one of them is wrong
        self.vocabulary = frozenset(t for i in items for t in terms_of(i.card.content))
        started = self.clock()
        for index, item in enumerate(items):
            if self.deadline is not None and self.clock() >= self.deadline:
                result.timed_out = True
                break
            if not self._ask(item, index, len(items)):
                result.ended_early = True
                break
        result.seconds = (self.clock() - started).total_seconds()
        return result

    def _ask(self, item: QuizItem, index: int, total: int) -> bool:
        """Ask one question; False when the quiz should end (quit or end of input)."""
        q = make_question(item.card.content, self.rng, self.vocabulary)
        item.question = q
        left = None
        if self.deadline is not None:
            left = max(timedelta(0), self.deadline - self.clock())
        self.io.show_quiz_question(item.card, q, index + 1, total, left)  # type: ignore[attr-defined]
        shown = self.clock()
        g: Grade | None = None
        while True:
            line = self.io.ask("answer" if q.auto else "reveal", q)
            if line is None:
                return False
            if line.strip().lower() == "q" and not (q.options and "q" in q.labels):
                return False
            if not q.auto or (q.type in ("typed", "cloze") and not line.strip() and self.feedback):
                break
            try:
                g = grade(q, line)
                item.given = line.strip()
                break
            except InvalidAnswer as exc:
                self.io.invalid(str(exc))
        if g is not None:
            item.grade, item.result = g, g.result
        suggested = g.suggested if g is not None else GOOD
        rating = suggested
        if self.feedback:
            self.io.show_answer(item.card, q, g)
            now = self.clock()
            self.io.show_ratings(self.scheduler.preview(item.card.key, item.card.state, now), suggested)
            asked = ask_rating(self.io, q, suggested)
            if not isinstance(asked, int):
                return False
            rating = asked
            if g is None:
                item.result = SELF_RATED_RESULT[rating]
        if self.record:
            now = self.clock()
            record_answer(self.store, self.scheduler, self.config, item.card, rating, now,
                          int((now - shown).total_seconds() * 1000), "quiz", item.given)
        return True


def exam_score(exam: Exam, result: QuizResult) -> dict[str, object]:
    """Per-domain results and the scaled score, weighted by domain. No partial credit (as in AWS exams)."""
    tally = result.tally()
    domains = []
    weighted = 0.0
    total_weight = 0.0
    for d in exam.domains:
        row = tally.get(d.topic, {RIGHT: 0, PARTIAL: 0, WRONG: 0})
        n = sum(row.values())
        fraction = row[RIGHT] / n if n else 0.0
        if n:
            weighted += d.weight * fraction
            total_weight += d.weight
        domains.append({"topic": d.topic, "name": d.name, "weight": d.weight, "questions": n,
                        "right": row[RIGHT], "percent": round(100 * fraction)})
    overall = weighted / total_weight if total_weight else 0.0
    score = exam.scaled(overall)
    return {"exam": exam.exam, "score": score, "pass_score": exam.pass_score, "scale": list(exam.scale),
            "passed": score >= exam.pass_score, "domains": domains,
            "questions": len(result.items), "answered": len(result.answered)}


# --- the two flows of `quiz` ---------------------------------------------------------------------
@dataclass(frozen=True)
class ExamDraw:
    """A mock exam's questions, drawn before it starts (its intro names the shortages)."""

    exam: Exam
    items: list[QuizItem]
    shortages: dict[str, tuple[int, int]]


def draw_exam(store: Store, exam_id: str, rng: random.Random) -> ExamDraw:
    """Find a bundled exam and draw its questions across its domains."""
    exam = find_exam(exam_id)
    items, shortages = pick_exam_cards(store, exam, rng)
    return ExamDraw(exam, items, shortages)


def run_exam(
    draw: ExamDraw, store: Store, scheduler: Scheduler, config: Config, io: SessionIO, clock: Clock,
    rng: random.Random, start: datetime, record: bool = True,
) -> tuple[QuizResult, dict[str, object]]:
    """The mock exam: timed from `start`, no feedback until the end; the result and its score."""
    runner = QuizRunner(store, scheduler, config, io, clock, rng, record=record, feedback=False,
                        deadline=start + timedelta(minutes=draw.exam.minutes))
    result = runner.run(draw.items)
    return result, exam_score(draw.exam, result)


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
