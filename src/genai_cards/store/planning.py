"""The store's reads and writes for exam planning: cards not yet introduced, review cards with their
memory state, whole decks in and out of study, and the log as FSRS review histories."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator, Sequence

from ..model import CardState, to_ms
from .base import Base


class Planning(Base):
    """What `plan`, exam pacing, `decks suspend` and `optimize` need."""

    def count_not_introduced(self, topics: Sequence[str] = ()) -> int:
        """Active (neither retired nor suspended) cards still new."""
        f, args = self._topic_filter(topics)
        row = self.db.execute(
            f"SELECT COUNT(*) FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = 0{f}", args
        ).fetchone()
        return int(row[0])

    def count_active(self, topics: Sequence[str] = ()) -> int:
        """Active (neither retired nor suspended) cards."""
        f, args = self._topic_filter(topics)
        row = self.db.execute(f"SELECT COUNT(*) FROM cards c WHERE c.retired = 0 AND c.suspended = 0{f}", args).fetchone()
        return int(row[0])

    def active_states(self, topics: Sequence[str] = ()) -> list[tuple[str, CardState]]:
        """(key, cached state) of every active card, in study order (deck order, then position)."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.key, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses "
            "FROM cards c JOIN decks d ON d.deck = c.deck "
            f"WHERE c.retired = 0 AND c.suspended = 0{f} ORDER BY d.study_order, d.deck, c.position",
            args,
        ).fetchall()
        return [(r[0], CardState(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])) for r in rows]

    def reviews_due_from(self, from_ms: int, topics: Sequence[str]) -> list[tuple[str, CardState]]:
        """(key, state) of active review-state cards due at or after `from_ms` (not due today)."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.key, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses "
            f"FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = 2 AND c.due >= ?{f}",
            [from_ms, *args],
        ).fetchall()
        return [(r[0], CardState(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])) for r in rows]

    def deck_ids(self) -> list[str]:
        """Ids of the decks present (bundled and imported)."""
        return [r[0] for r in self.db.execute("SELECT deck FROM decks WHERE removed = 0 ORDER BY deck")]

    def set_deck_suspended(self, decks: Sequence[str], suspended: bool, now: datetime) -> int:
        """Suspend (or unsuspend) every card of these decks, one card event per card that changes, in one
        transaction; return how many changed. Events are the truth, so `doctor` rebuilds the same state."""
        at = to_ms(now)
        kind = "suspend" if suspended else "unsuspend"
        changed = 0
        with self._write():
            for deck in decks:
                keys = [r[0] for r in self.db.execute(
                    "SELECT key FROM cards WHERE deck = ? AND retired = 0 AND suspended = ? ORDER BY position",
                    (deck, int(not suspended)),
                )]
                self.db.executemany(
                    "INSERT INTO card_events(card, at, kind) VALUES (?, ?, ?)", [(k, at, kind) for k in keys]
                )
                self.db.executemany("UPDATE cards SET suspended = ? WHERE key = ?", [(int(suspended), k) for k in keys])
                changed += len(keys)
        return changed

    def review_histories(self) -> Iterator[tuple[str, list[tuple[int, int, int]]]]:
        """Per card, its answers not undone (since its last reset) as (reviewed_at ms, rating, state_before),
        oldest first; cards in key order."""
        resets = dict(self.db.execute("SELECT card, MAX(at) FROM card_events WHERE kind = 'reset' GROUP BY card"))
        key: str | None = None
        rows: list[tuple[int, int, int]] = []
        for card, at, rating, before in self.db.execute(
            "SELECT card, reviewed_at, rating, state_before FROM reviews WHERE id NOT IN (SELECT review FROM undone) "
            "ORDER BY card, reviewed_at, id"
        ):
            if card != key:
                if key is not None and rows:
                    yield key, rows
                key, rows = card, []
            if card in resets and at < resets[card]:
                continue
            rows.append((int(at), int(rating), int(before)))
        if key is not None and rows:
            yield key, rows

    def review_count(self) -> int:
        """Answers in the log, undone ones excluded."""
        row = self.db.execute("SELECT COUNT(*) FROM reviews WHERE id NOT IN (SELECT review FROM undone)").fetchone()
        return int(row[0])

    def mean_answer_seconds(self) -> float | None:
        """Seconds an answer takes: the mean of answers under five minutes (None without any)."""
        row = self.db.execute(
            "SELECT AVG(duration_ms) FROM reviews WHERE duration_ms > 0 AND duration_ms < 300000 "
            "AND id NOT IN (SELECT review FROM undone)"
        ).fetchone()
        return None if row[0] is None else float(row[0]) / 1000
