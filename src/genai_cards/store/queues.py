"""The store's study queues: due reviews, new cards in deck order, learning cards, daily counts."""

from __future__ import annotations

from typing import Sequence

from ..model import one_per_note
from .base import Base


def _second(row: tuple[str, str]) -> str:
    return row[1]


class Queues(Base):
    """What to study next, as card keys."""

    def due_reviews(self, before_ms: int, now_ms: int, topics: Sequence[str], limit: int) -> list[str]:
        """Review-state cards due before `before_ms`, most at risk first (lowest retrievability)."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.key FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = 2 AND c.due < ?"
            f"{f} ORDER BY (? - c.last_review) / c.stability DESC, c.due LIMIT ?",
            [before_ms, *args, now_ms, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def new_cards(self, topics: Sequence[str], limit: int, exclude_notes: set[str]) -> list[str]:
        """New cards in deck order, one per note, skipping notes in `exclude_notes`."""
        f, args = self._topic_filter(topics)
        out: list[str] = []
        seen = set(exclude_notes)
        decks = [r[0] for r in self.db.execute("SELECT deck FROM decks ORDER BY study_order, deck")]
        for deck in decks:  # deck by deck, so each query walks the (deck, position) index
            if len(out) >= limit:
                break
            rows = self.db.execute(
                f"SELECT c.key, c.note FROM cards c WHERE c.deck = ? AND c.retired = 0 AND c.suspended = 0 "
                f"AND c.state = 0{f} ORDER BY c.position",
                [deck, *args],
            )
            out.extend(key for key, _ in one_per_note(rows, _second, seen, limit - len(out)))
        return out

    def next_learning(self, until_ms: int, topics: Sequence[str], exclude: set[str]) -> str | None:
        """The learning/relearning card due soonest, if due before `until_ms`."""
        f, args = self._topic_filter(topics)
        for (key,) in self.db.execute(
            "SELECT c.key FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state IN (1, 3) AND c.due <= ?"
            f"{f} ORDER BY c.due",
            [until_ms, *args],
        ):
            if key not in exclude:
                return str(key)
        return None

    def active_keys(self, topics: Sequence[str]) -> list[str]:
        """Keys of cards that are neither retired nor suspended, of these topics, in deck order."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            f"SELECT c.key FROM cards c WHERE c.retired = 0 AND c.suspended = 0{f} ORDER BY c.deck, c.position", args
        ).fetchall()
        return [r[0] for r in rows]

    def count_learning(self, until_ms: int, topics: Sequence[str]) -> int:
        """Learning and relearning cards due before `until_ms`."""
        f, args = self._topic_filter(topics)
        row = self.db.execute(
            "SELECT COUNT(*) FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state IN (1, 3) "
            f"AND c.due <= ?{f}",
            [until_ms, *args],
        ).fetchone()
        return int(row[0])

    def notes_seen_since(self, since_ms: int) -> set[str]:
        """Notes with an answer since `since_ms` (their siblings wait until tomorrow)."""
        rows = self.db.execute(
            "SELECT DISTINCT c.note FROM reviews r JOIN cards c ON c.key = r.card "
            "WHERE r.reviewed_at >= ? AND r.id NOT IN (SELECT review FROM undone)",
            (since_ms,),
        ).fetchall()
        return {r[0] for r in rows}

    def done_since(self, since_ms: int) -> tuple[int, int]:
        """(new cards introduced, review cards answered) since `since_ms`, for the daily limits.

        New cards started in a quiz count against the new-card limit too (README: no surprise after a
        quiz); practice answers (kept apart, in `practice_answers`) started nothing and count against neither."""
        row = self.db.execute(
            "SELECT COUNT(DISTINCT CASE WHEN state_before = 0 THEN card END), "
            "COUNT(DISTINCT CASE WHEN state_before = 2 AND mode = 'review' THEN card END) FROM reviews "
            "WHERE reviewed_at >= ? AND mode IN ('review', 'quiz') AND id NOT IN (SELECT review FROM undone)",
            (since_ms,),
        ).fetchone()
        return int(row[0]), int(row[1])

