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
        """(key, cached state) of every active card, in study order (deck order, then position).

        One pass over the table (NOT INDEXED) sorted here: through the partial index on state, SQLite would
        look each row up in the table by key, which takes four times as long on 20,000 cards."""
        f, args = self._topic_filter(topics)
        order = {deck: (n, deck) for deck, n in self.db.execute("SELECT deck, study_order FROM decks")}
        rows = self.db.execute(
            "SELECT c.deck, c.position, c.key, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, "
            f"c.reps, c.lapses FROM cards c NOT INDEXED WHERE c.retired = 0 AND c.suspended = 0{f}",
            args,
        ).fetchall()
        rows = sorted((r for r in rows if r[0] in order), key=lambda r: (order[r[0]], r[1]))
        return [(r[2], CardState(r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])) for r in rows]

    def active_memory_rows(self) -> list[tuple[str, int, int | None, float | None, float | None, int | None,
                                               int | None, int, int]]:
        """What `active_states` gives, as plain rows for `plan`'s forecast: (key, state, step, stability,
        difficulty, due, last_review, reps, lapses) of every active card, in study order.

        Sorted by SQLite (ties in the order of the table, as the sort of `active_states` leaves them) and
        no CardState built: the forecast makes its own values, and only of the cards it answers."""
        f, args = self._topic_filter(())
        return self.db.execute(
            "SELECT c.key, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses "
            f"FROM cards c NOT INDEXED JOIN decks d ON d.deck = c.deck WHERE c.retired = 0 AND c.suspended = 0{f} "
            "ORDER BY d.study_order, d.deck, c.position, c.rowid",
            args,
        ).fetchall()

    def reviews_due_from(self, from_ms: int, topics: Sequence[str]) -> list[tuple[str, CardState]]:
        """(key, state) of active review-state cards due at or after `from_ms` (not due today)."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.key, c.state, c.step, c.stability, c.difficulty, c.due, c.last_review, c.reps, c.lapses "
            f"FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = 2 AND c.due >= ?{f}",
            [from_ms, *args],
        ).fetchall()
        return [(r[0], CardState(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])) for r in rows]

    def answers_since(self, since_ms: int) -> int:
        """Answers logged since `since_ms` (review and quiz; undone ones excluded): the day's load."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND mode IN ('review', 'quiz') "
            "AND id NOT IN (SELECT review FROM undone)", (since_ms,)
        ).fetchone()
        return int(row[0])

    def recent_answer_kinds(self, last: int) -> tuple[int, int, int, int]:
        """Of the last `last` answers (undone ones excluded): (first answers of new cards, answers of cards
        new or learning, answers of review cards, answers of relearning cards) — what a new card and a
        review cost this learner in answers."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(state_before = 0), 0), COALESCE(SUM(state_before IN (0, 1)), 0), "
            "COALESCE(SUM(state_before = 2), 0), COALESCE(SUM(state_before = 3), 0) FROM ("
            "SELECT state_before FROM reviews WHERE mode = 'review' AND id NOT IN (SELECT review FROM undone) "
            "ORDER BY id DESC LIMIT ?)", (last,)
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def learning_states(self, until_ms: int, topics: Sequence[str] = ()) -> list[tuple[int, int]]:
        """(state, step) of the active learning and relearning cards due before `until_ms`."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.state, COALESCE(c.step, 0) FROM cards c WHERE c.retired = 0 AND c.suspended = 0 "
            f"AND c.state IN (1, 3) AND c.due < ?{f}", [until_ms, *args]
        ).fetchall()
        return [(int(r[0]), int(r[1])) for r in rows]

    def count_due_reviews(self, before_ms: int, topics: Sequence[str] = ()) -> int:
        """Active review cards due before `before_ms`."""
        f, args = self._topic_filter(topics)
        row = self.db.execute(
            f"SELECT COUNT(*) FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = 2 AND c.due < ?{f}",
            [before_ms, *args],
        ).fetchone()
        return int(row[0])

    def deck_active_counts(self) -> dict[str, int]:
        """Active (neither retired nor suspended) cards per deck."""
        return {r[0]: int(r[1]) for r in self.db.execute(
            "SELECT deck, COUNT(*) FROM cards WHERE retired = 0 AND suspended = 0 GROUP BY deck")}

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

    def mean_answer_seconds(self, last: int = 5000) -> float | None:
        """Seconds an answer takes now: the mean of the last `last` answers under five minutes (None
        without any)."""
        row = self.db.execute(
            "SELECT AVG(duration_ms) FROM (SELECT duration_ms FROM reviews WHERE duration_ms > 0 "
            "AND duration_ms < 300000 AND id NOT IN (SELECT review FROM undone) ORDER BY id DESC LIMIT ?)", (last,)
        ).fetchone()
        return None if row[0] is None else float(row[0]) / 1000
