"""The mock exam as a plain state machine: questions, answers, flags, the current question and the
time limit, with the clock passed in to every move. The terminal loop (`quiz.run_mock_exam`) is thin
over it, so flag / review / submit and the time limit are tested with an injected clock.

Scoring follows the exam guide: only scored questions count (which ones are unscored is not shown
until the report), a question scores only when entirely right (multiple response, ordering and
matching all-or-nothing), an unanswered question is wrong, and the score is compensatory (the share
of scored questions right, on the exam's scale; no pass mark per domain).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Sequence

from .exams import Exam
from .grading import RIGHT, Grade, Question, grade
from .store import CardRow

WARN_AT = (15, 5)  # minutes left at which the learner is warned, once each


class ExamOver(Exception):
    """The exam was submitted (or its time ran out): no answer counts any more."""


@dataclass
class ExamQuestion:
    """One question of a mock exam: its card, domain and showing; what the learner did with it."""

    card: CardRow
    domain: str
    question: Question
    scored: bool = True
    answer: str | None = None  # what was typed, as typed (stripped)
    grade: Grade | None = None
    answered_at: datetime | None = None
    flagged: bool = False

    @property
    def answered(self) -> bool:
        return self.grade is not None

    @property
    def right(self) -> bool:
        """Entirely right; a partly right multi, order or match earns nothing."""
        return self.grade is not None and self.grade.result == RIGHT

    @property
    def result(self) -> str | None:
        return self.grade.result if self.grade is not None else None


@dataclass(frozen=True)
class Status:
    """The review screen: question numbers (1-based) answered, flagged and unanswered."""

    answered: tuple[int, ...]
    flagged: tuple[int, ...]
    unanswered: tuple[int, ...]


@dataclass
class MockExam:
    """A mock exam in progress. Every move takes `now`; once time is up, the exam is submitted."""

    exam: Exam
    questions: list[ExamQuestion]
    started: datetime
    current: int = 0
    submitted_at: datetime | None = None
    timed_out: bool = False
    warned: set[int] = field(default_factory=set)
    # called with (question index, now) after each answer or flag, to keep the exam as it goes
    on_change: Callable[[int, datetime], None] | None = field(default=None, repr=False, compare=False)

    @property
    def deadline(self) -> datetime:
        return self.started + timedelta(minutes=self.exam.minutes)

    @property
    def over(self) -> bool:
        return self.submitted_at is not None

    def time_left(self, now: datetime) -> timedelta:
        return max(timedelta(0), self.deadline - now)

    def tick(self, now: datetime) -> bool:
        """Submit the exam if its time is up; True while it is still running."""
        if self.submitted_at is None and now >= self.deadline:
            self.submitted_at = self.deadline
            self.timed_out = True
        return self.submitted_at is None

    def warning(self, now: datetime) -> int | None:
        """The warning due now (15 or 5 minutes left), once each; None if none."""
        left = self.time_left(now)
        due = [m for m in WARN_AT if left <= timedelta(minutes=m) and m not in self.warned
               and m < self.exam.minutes]  # a 7-minute exam is not warned at 15
        if not due or not self.tick(now):
            return None
        self.warned.update(due)
        return min(due)

    def _running(self, now: datetime) -> None:
        if not self.tick(now):
            raise ExamOver()

    def answer(self, now: datetime, text: str) -> Grade:
        """Answer the current question (again, if the learner changes it). InvalidAnswer if it is not
        one; ExamOver (and nothing changes) if the exam is over."""
        self._running(now)
        q = self.questions[self.current]
        g = grade(q.question, text)
        q.answer, q.grade, q.answered_at = text.strip(), g, now
        self._changed(now)
        return g

    def _changed(self, now: datetime) -> None:
        if self.on_change is not None:
            self.on_change(self.current, now)

    def toggle_flag(self, now: datetime) -> bool:
        """Flag the current question for review (or take the flag off); the new flag."""
        self._running(now)
        q = self.questions[self.current]
        q.flagged = not q.flagged
        self._changed(now)
        return q.flagged

    def go(self, now: datetime, index: int) -> None:
        """Move to a question (0-based); IndexError if there is none."""
        self._running(now)
        if not 0 <= index < len(self.questions):
            raise IndexError(index)
        self.current = index

    def next(self, now: datetime) -> bool:
        """Move on; False at the last question (time for the review screen)."""
        self._running(now)
        if self.current + 1 >= len(self.questions):
            return False
        self.current += 1
        return True

    def back(self, now: datetime) -> None:
        self._running(now)
        self.current = max(0, self.current - 1)

    def status(self) -> Status:
        numbered = list(enumerate(self.questions, 1))
        return Status(
            tuple(n for n, q in numbered if q.answered),
            tuple(n for n, q in numbered if q.flagged),
            tuple(n for n, q in numbered if not q.answered),
        )

    def submit(self, now: datetime) -> None:
        """End the exam now (or at the deadline, if that came first)."""
        if self.tick(now):
            self.submitted_at = now

    def score(self) -> dict[str, object]:
        """The report's figures: scaled score, pass/fail, and per domain (scored questions only)."""
        scored = [q for q in self.questions if q.scored]
        right = sum(q.right for q in scored)
        fraction = right / len(scored) if scored else 0.0
        value = self.exam.scaled(fraction)
        domains = []
        for d in self.exam.domains:
            mine = [q for q in scored if q.domain == d.topic]
            got = sum(q.right for q in mine)
            domains.append({"topic": d.topic, "name": d.name, "weight": d.weight, "questions": len(mine),
                            "right": got, "percent": round(100 * got / len(mine)) if mine else 0})
        return {
            "exam": self.exam.exam, "score": value, "pass_score": self.exam.pass_score,
            "scale": list(self.exam.scale), "passed": value >= self.exam.pass_score, "domains": domains,
            "questions": len(self.questions), "scored": len(scored), "right": right,
            "answered": sum(q.answered for q in self.questions),
            "unscored": [n for n, q in enumerate(self.questions, 1) if not q.scored],
            "timed_out": self.timed_out,
        }


def mark_unscored(questions: Sequence[ExamQuestion], unscored: int, rng: random.Random) -> None:
    """Pick which questions are unscored, at random (the learner is not told which until the end)."""
    for i in rng.sample(range(len(questions)), min(unscored, max(0, len(questions) - 1))):
        questions[i].scored = False
