"""The store's reads for listings: one card, its history, counts per deck and topic, the log."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence

from .. import messages as msg
from ..errors import NotFound
from .base import MERGED_ORDER, Base, in_merged_order, topic_match
from .rows import CARD_COLS, CardRow, card_row


class Listings(Base):
    """Cards, histories, counts and the log, read-only."""

    # --- cards ---------------------------------------------------------------------------
    def card(self, key: str) -> CardRow:
        row = self.db.execute(f"SELECT {CARD_COLS} FROM cards WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(msg.unknown_card(key))
        return card_row(row)

    def card_contents(self) -> list[tuple[str, str, str]]:
        """(key, type, content JSON) of every card that is not retired, in deck order."""
        return self.db.execute(
            "SELECT key, type, content FROM cards WHERE retired = 0 ORDER BY deck, position"
        ).fetchall()

    @contextmanager
    def answer_cores(self, deck: str) -> Iterator[tuple[str | None, int, Iterator[dict[str, Any]]]]:
        """`with store.answer_cores(deck) as (kept, version, contents):` the deck's kept answer cores (or
        None), its cards version (-1: no such deck) and the content of each of its active cards, read
        one at a time, all in one snapshot (see migration m013); a basic card has no answer terms, so
        its content is not read."""
        import json

        with self.db.snapshot():
            row = self.db.execute("SELECT answer_cores, cards_version FROM decks WHERE deck = ?", (deck,)).fetchone()
            rows = self.db.execute("SELECT content FROM cards WHERE deck = ? AND retired = 0 AND type <> 'basic'",
                                   (deck,))
            yield (None if row is None or row[0] is None else str(row[0]), -1 if row is None else int(row[1]),
                   (json.loads(c) for (c,) in rows))

    def find_keys(self, ident: str) -> list[str]:
        """Keys of the study cards a user's card id names: `deck/id`, `deck/id:c2`, or a bare `id`."""
        if "/" in ident:
            rows = self.db.execute(
                "SELECT key FROM cards WHERE key = ? OR note = ? ORDER BY position", (ident, ident)
            ).fetchall()
        else:
            rows = self.db.execute(
                "SELECT key FROM cards WHERE note LIKE ? ESCAPE '\\' ORDER BY deck, position",
                ("%/" + ident.replace("%", "\\%").replace("_", "\\_"),),
            ).fetchall()
        return [r[0] for r in rows]

    def history(self, key: str) -> list[dict[str, Any]]:
        """The card's answers, oldest first, undone ones excluded."""
        rows = self.db.execute(
            "SELECT id, reviewed_at, rating, duration_ms, mode, answer, state, stability, difficulty, due "
            f"FROM {in_merged_order('reviews', 'reviewed_at', 'card = ?')} "
            f"WHERE id NOT IN (SELECT review FROM undone) ORDER BY {MERGED_ORDER}",
            (key,),
        ).fetchall()
        names = ("id", "reviewed_at", "rating", "duration_ms", "mode", "answer", "state", "stability",
                 "difficulty", "due")
        return [dict(zip(names, r)) for r in rows]

    def deck_counts(self, now_ms: int, day_end_ms: int) -> list[dict[str, Any]]:
        """Per deck: cards and counts by state, due today, suspended."""
        rows = self.db.execute(
            "SELECT d.deck, d.title, d.origin, "
            "COUNT(c.key), "
            "SUM(c.state = 0 AND c.suspended = 0), "
            "SUM(c.state IN (1, 3) AND c.suspended = 0), "
            "SUM(c.state = 2 AND c.suspended = 0), "
            "SUM(c.suspended = 0 AND ((c.state = 2 AND c.due < ?) OR (c.state IN (1, 3) AND c.due <= ?))), "
            "SUM(c.suspended = 1) "
            "FROM decks d LEFT JOIN cards c ON c.deck = d.deck AND c.retired = 0 "
            "WHERE d.removed = 0 GROUP BY d.deck ORDER BY d.deck",
            (day_end_ms, day_end_ms),
        ).fetchall()
        names = ("deck", "title", "origin", "cards", "new", "learning", "review", "due", "suspended")
        return [{k: (v or 0) if k not in ("deck", "title", "origin") else v for k, v in zip(names, r)} for r in rows]

    def count_due_between(self, start_ms: int, end_ms: int, topics: Sequence[str]) -> int:
        """Active seen cards due at or after `start_ms` and before `end_ms`."""
        f, args = self._topic_filter(topics)
        row = self.db.execute(
            "SELECT COUNT(*) FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state IN (1, 2, 3) "
            f"AND c.due >= ? AND c.due < ?{f}",
            [start_ms, end_ms, *args],
        ).fetchone()
        return int(row[0])

    def key_topics(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        """(key, topic) of these cards, in one query per 500 keys (through the index by key)."""
        out: list[tuple[str, str]] = []
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            out.extend(self.db.execute(
                f"SELECT key, topic FROM card_topics WHERE key IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall())
        return out

    def active_count(self, deck: str) -> int:
        """Cards of a deck that are not retired."""
        return int(self.db.execute("SELECT COUNT(*) FROM cards WHERE deck = ? AND retired = 0", (deck,)).fetchone()[0])

    def topic_states(self) -> list[tuple[str, str, int, int, int | None]]:
        """(key, topic, state, suspended, due) of every card that is not retired, one row per topic."""
        return self.db.execute(
            "SELECT c.key, t.topic, c.state, c.suspended, c.due FROM card_topics t JOIN cards c "
            "ON c.key = t.key AND c.retired = 0"
        ).fetchall()

    def topics_of(self, keys: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in keys:
            out[key] = [r[0] for r in self.db.execute("SELECT topic FROM card_topics WHERE key = ?", (key,))]
        return out

    def has_topic(self, topic: str) -> bool:
        """True if some card has this topic or one of its subtopics."""
        match, args = topic_match([topic], "topic")
        return self.db.execute(f"SELECT 1 FROM card_topics WHERE {match} LIMIT 1", args).fetchone() is not None

    def all_topics(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT topic FROM card_topics ORDER BY topic")]

    def log_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every answer not undone, oldest first."""
        yield from self.db.execute(
            "SELECT id, card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, step, stability, "
            f"difficulty, due FROM {in_merged_order('reviews', 'reviewed_at', '1')} "
            f"WHERE id NOT IN (SELECT review FROM undone) ORDER BY {MERGED_ORDER}"
        )
