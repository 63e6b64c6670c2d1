"""The store's mock exams (each submitted exam and the fate of each question, for `--missed`) and the
practice answers kept out of the review log (the no-surprise rule)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from ..model import to_ms
from .base import Base


@dataclass(frozen=True)
class ExamQuestionRow:
    """One question of a submitted mock exam: its card, domain, whether scored, right/partial/wrong
    (None: unanswered), the letters given, and whether it was flagged."""

    card: str
    domain: str
    scored: bool
    result: str | None
    answer: str | None
    flagged: bool


class MockExams(Base):
    """Submitted mock exams."""

    def save_mock_exam(
        self, exam: str, started: datetime, submitted: datetime, timed_out: bool, score: int, passed: bool,
        questions: Sequence[ExamQuestionRow],
    ) -> str:
        """Store one submitted exam and its questions in one transaction; return its uid."""
        uid = uuid.uuid4().hex
        with self._write():
            cur = self.db.execute(
                "INSERT INTO mock_exams(uid, exam, started_at, submitted_at, timed_out, score, passed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uid, exam, to_ms(started), to_ms(submitted), int(timed_out), score, int(passed)),
            )
            exam_id = int(cur.lastrowid or 0)
            for position, q in enumerate(questions, 1):
                self.db.execute(
                    "INSERT INTO mock_exam_questions(mock_exam, position, card, domain, scored, result, answer, "
                    "flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (exam_id, position, q.card, q.domain, int(q.scored), q.result, q.answer, int(q.flagged)),
                )
        return uid

    def missed_in_last_exams(self, exam: str, last: int) -> list[tuple[str, str]]:
        """(card, domain) of every question not entirely right in the `last` mock exams of `exam`,
        most recent exam first, each card once."""
        rows = self.db.execute(
            "SELECT q.card, q.domain FROM mock_exam_questions q JOIN "
            "(SELECT id, submitted_at FROM mock_exams WHERE exam = ? ORDER BY submitted_at DESC, id DESC LIMIT ?) e "
            "ON e.id = q.mock_exam WHERE q.result IS NULL OR q.result != 'right' "
            "ORDER BY e.submitted_at DESC, e.id DESC, q.position",
            (exam, last),
        ).fetchall()
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for card, domain in rows:
            if card not in seen:
                seen.add(card)
                out.append((str(card), str(domain)))
        return out

    def record_practice(self, key: str, now: datetime, rating: int, duration_ms: int, mode: str,
                        answer: str | None) -> None:
        """Keep a practice answer (a card not started, answered in a quiz beyond today's new-card limit)
        apart from the review log: the card stays new."""
        with self._write():
            self.db.execute(
                "INSERT INTO practice_answers(uid, card, answered_at, rating, duration_ms, mode, answer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, key, to_ms(now), rating, duration_ms, mode, answer),
            )

    def practice_answers(self) -> list[tuple[str, int, str]]:
        """(card, rating, mode) of every practice answer, oldest first."""
        return [(str(c), int(r), str(m)) for c, r, m in self.db.execute(
            "SELECT card, rating, mode FROM practice_answers ORDER BY id").fetchall()]

    def mock_exam_count(self, exam: str) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM mock_exams WHERE exam = ?", (exam,)).fetchone()
        return int(row[0])
