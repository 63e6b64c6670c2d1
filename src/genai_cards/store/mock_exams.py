"""The store's mock exams (each submitted exam and the fate of each question, for `--missed`) and the
practice answers kept out of the review log (the no-surprise rule)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Sequence

from ..model import to_ms
from .base import Base


class ExamQuestionRow(NamedTuple):
    """One question of a submitted mock exam: its card, domain, whether scored, right/partial/wrong
    (None: unanswered), the letters given, and whether it was flagged."""

    card: str
    domain: str
    scored: bool
    result: str | None
    answer: str | None
    flagged: bool


class ProgressQuestion(NamedTuple):
    """One question of a mock exam in progress, as last written: what was answered (result, the rating
    it suggests, the text) and when, and the flag."""

    card: str
    domain: str
    scored: bool
    result: str | None
    rating: int | None
    answer: str | None
    answered_at: int | None
    flagged: bool


class ExamInProgress(NamedTuple):
    """A mock exam not yet submitted: which, when it started and was last touched, by which process."""

    uid: str
    exam: str
    started_at: int
    minutes: int
    last_activity: int
    pid: int
    host: str
    questions: tuple[ProgressQuestion, ...]


def _uid() -> str:
    """A new random id (uuid4 hex); `uuid` is imported here, not on every start."""
    import uuid

    return uuid.uuid4().hex


class MockExams(Base):
    """Submitted mock exams, and the ones in progress."""

    def begin_exam(self, exam: str, started: datetime, minutes: int, pid: int, host: str,
                   questions: Sequence[tuple[str, str, bool]]) -> str:
        """Write a mock exam that starts now (its time limit, the process running it), its questions
        (card, domain, scored) unanswered; its uid."""
        uid = _uid()
        with self._write():
            self.db.execute(
                "INSERT INTO exams_in_progress(uid, exam, started_at, minutes, last_activity, pid, host) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (uid, exam, to_ms(started), minutes, to_ms(started), pid, host),
            )
            self.db.executemany(
                "INSERT INTO exam_progress_questions(exam_uid, position, card, domain, scored) VALUES (?, ?, ?, ?, ?)",
                [(uid, position, card, domain, int(scored)) for position, (card, domain, scored) in enumerate(questions, 1)],
            )
        return uid

    def keep_exam_question(self, uid: str, position: int, now: datetime, result: str | None, rating: int | None,
                           answer: str | None, answered_at: datetime | None, flagged: bool) -> None:
        """Write what the learner did with question `position` (1-based) of the exam in progress."""
        with self._write():
            self.db.execute(
                "UPDATE exam_progress_questions SET result = ?, rating = ?, answer = ?, answered_at = ?, flagged = ? "
                "WHERE exam_uid = ? AND position = ?",
                (result, rating, answer, to_ms(answered_at) if answered_at else None, int(flagged), uid, position),
            )
            self.db.execute("UPDATE exams_in_progress SET last_activity = ? WHERE uid = ?", (to_ms(now), uid))

    def exams_in_progress(self) -> list[ExamInProgress]:
        """Every mock exam begun and not submitted, oldest first."""
        exams = self.db.execute(
            "SELECT uid, exam, started_at, minutes, last_activity, pid, host FROM exams_in_progress "
            "ORDER BY started_at, uid"
        ).fetchall()
        out = []
        for uid, exam, started, minutes, last, pid, host in exams:
            rows = self.db.execute(
                "SELECT card, domain, scored, result, rating, answer, answered_at, flagged FROM exam_progress_questions "
                "WHERE exam_uid = ? ORDER BY position", (uid,),
            ).fetchall()
            questions = tuple(ProgressQuestion(str(c), str(d), bool(s), r, rt, a, at, bool(f))
                              for c, d, s, r, rt, a, at, f in rows)
            out.append(ExamInProgress(str(uid), str(exam), int(started), int(minutes), int(last), int(pid), str(host),
                                       questions))
        return out

    def still_in_progress(self, uid: str) -> bool:
        """Whether the exam `uid` is still in progress (not yet submitted by another command)."""
        return self.db.execute("SELECT 1 FROM exams_in_progress WHERE uid = ?", (uid,)).fetchone() is not None

    def drop_exam_in_progress(self, uid: str) -> None:
        """Forget a mock exam in progress (submitted, or not to be recorded)."""
        with self._write():
            self.db.execute("DELETE FROM exam_progress_questions WHERE exam_uid = ?", (uid,))
            self.db.execute("DELETE FROM exams_in_progress WHERE uid = ?", (uid,))

    def save_mock_exam(
        self, exam: str, started: datetime, submitted: datetime, timed_out: bool, score: int, passed: bool,
        questions: Sequence[ExamQuestionRow], in_progress: str | None = None,
    ) -> str:
        """Store one submitted exam and its questions in one transaction (forgetting its record in
        progress, `in_progress`, in the same one); return its uid."""
        uid = _uid()
        with self._write():
            if in_progress is not None:
                self.drop_exam_in_progress(in_progress)
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
                (_uid(), key, to_ms(now), rating, duration_ms, mode, answer),
            )

    def practice_answers(self) -> list[tuple[str, int, str]]:
        """(card, rating, mode) of every practice answer, oldest first."""
        return [(str(c), int(r), str(m)) for c, r, m in self.db.execute(
            "SELECT card, rating, mode FROM practice_answers ORDER BY id").fetchall()]

    def mock_exam_count(self, exam: str) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM mock_exams WHERE exam = ?", (exam,)).fetchone()
        return int(row[0])
