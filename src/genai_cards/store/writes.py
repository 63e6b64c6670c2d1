"""The store's writes: config, decks and their cards, answers, card events, and rebuilding the
card-state cache from the log. Every write is one short transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Sequence

from .. import messages as msg
from ..errors import NotFound
from ..model import NEW, CardState, StudyCard, to_ms
from .base import MERGED_ORDER, MERGED_ORDER_DESC, Base, in_merged_order
from .rows import STATE_COLUMNS, DeckRow, Recorded

BATCH = 500  # cards looked up and written together
CONTENT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # a card's content as stored


def topic_set(topics: Iterable[str]) -> str:
    """A card's `cards.topic_set` (migration m012): its distinct topics in order, one per line; '' without any."""
    return "\n".join(sorted(set(topics)))


# the same, from the card's `card_topics` rows (SQLite's BINARY order of UTF-8 text is Python's order of str)
TOPIC_SET_OF_ROWS = ("COALESCE((SELECT group_concat(t.topic, char(10)) FROM (SELECT topic FROM card_topics t "
                     "WHERE t.key = cards.key ORDER BY t.topic) t), '')")


def _batches(cards: Iterable[StudyCard]) -> Iterator[list[StudyCard]]:
    batch: list[StudyCard] = []
    for card in cards:
        batch.append(card)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# (the card's state in the database, its leech flag) -> (the state after the answer, becomes a leech)
Decide = Callable[[CardState, bool], tuple[CardState, bool]]


class Writes(Base):
    """Config, decks, answers and card events."""

    # --- config --------------------------------------------------------------------------
    def config_raw(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM config").fetchall())

    def set_config(self, key: str, value: str) -> None:
        with self._write():
            self.db.execute(
                "INSERT INTO config(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # --- decks ---------------------------------------------------------------------------
    def decks(self) -> list[DeckRow]:
        rows = self.db.execute(
            "SELECT deck, title, lang, origin, path, mtime_ns, size, digest, topics, study_order "
            "FROM decks WHERE removed = 0 ORDER BY deck"
        ).fetchall()
        return [DeckRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]), r[9]) for r in rows]

    def touch_deck(self, deck: str, path: str, mtime_ns: int, size: int) -> None:
        """Record a new stat for a deck whose content did not change."""
        with self._write():
            self.db.execute(
                "UPDATE decks SET path = ?, mtime_ns = ?, size = ? WHERE deck = ?", (path, mtime_ns, size, deck)
            )

    def save_deck(
        self, row: DeckRow, cards: Iterable[StudyCard], *, retire_missing: bool = True
    ) -> tuple[int, int, int, int]:
        """Store a deck's cards in one transaction; return (added, updated, unchanged, retired).

        Cards keep their key, so editing a card's text keeps its history; cards no longer in the
        deck are retired, never deleted. `cards` is read once, a batch at a time (it may be a deck
        file being read): an error while it is read stores nothing.
        """
        with self._write():
            return self._save_deck(row, cards, retire_missing)

    def save_decks(
        self, decks: Sequence[tuple[DeckRow, Iterable[StudyCard]]], before_commit: Callable[[], None] | None = None
    ) -> list[tuple[int, int, int, int]]:
        """Store several decks in one transaction, as `save_deck` does each; `before_commit` runs last
        inside it, and an error there stores none of them."""
        with self._write():
            counts = [self._save_deck(row, cards, True) for row, cards in decks]
            if before_commit is not None:
                before_commit()
        return counts

    def _stored(self, keys: Sequence[str]) -> dict[str, tuple[str, int, int, str]]:
        """key -> (content, position, retired, topic set) of the stored cards among `keys` (one indexed
        search each)."""
        if not keys:
            return {}
        rows = self.db.execute(
            f"SELECT key, content, position, retired, topic_set FROM cards WHERE key IN ({', '.join('?' * len(keys))})",
            keys).fetchall()
        return {k: (c, p, r, t) for k, c, p, r, t in rows}

    def _save_deck(self, row: DeckRow, cards: Iterable[StudyCard], retire_missing: bool) -> tuple[int, int, int, int]:
        db = self.db
        db.execute(
            "INSERT INTO decks(deck, title, lang, origin, path, mtime_ns, size, digest, topics, removed, study_order) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT(deck) DO UPDATE SET title = excluded.title, "
            "lang = excluded.lang, origin = excluded.origin, path = excluded.path, mtime_ns = excluded.mtime_ns, "
            "size = excluded.size, digest = excluded.digest, topics = excluded.topics, removed = 0, "
            "study_order = excluded.study_order",
            (row.deck, row.title, row.lang, row.origin, row.path, row.mtime_ns, row.size, row.digest,
             json.dumps(row.topics), row.order),
        )
        counts = [0, 0, 0]  # added, updated, unchanged
        seen: set[str] = set()
        for batch in _batches(cards):
            self._save_batch(batch, counts, seen)
        retired = 0
        if retire_missing:
            gone = [(k,) for (k,) in db.execute(
                "SELECT key FROM cards WHERE deck = ? AND retired = 0", (row.deck,)).fetchall() if k not in seen]
            db.executemany("UPDATE cards SET retired = 1 WHERE key = ?", gone)
            retired = len(gone)
        if counts[0] or counts[1] or retired:  # its answers' compact forms are to be computed again
            db.execute("UPDATE decks SET answer_cores = NULL, cards_version = cards_version + 1 WHERE deck = ?",
                       (row.deck,))
        return counts[0], counts[1], counts[2], retired

    def _save_batch(self, batch: list[StudyCard], counts: list[int], seen: set[str]) -> None:
        db = self.db
        existing = self._stored([c.key for c in batch])
        new_rows: list[tuple[Any, ...]] = []
        changed_rows: list[tuple[Any, ...]] = []
        topic_rows: list[tuple[str, str]] = []
        for card in batch:
            seen.add(card.key)
            content = CONTENT_JSON(card.content)
            old = existing.get(card.key)
            topics = topic_set(card.topics)
            if old is None:
                counts[0] += 1
                new_rows.append((card.key, card.note, card.deck, card.position, card.type, content, topics))
            elif old != (content, card.position, 0, topics):  # a new place alone is not an update
                counts[1 if old[0] != content or old[2] or old[3] != topics else 2] += 1
                changed_rows.append((card.note, card.position, card.type, content, topics, card.key))
            else:
                counts[2] += 1
                continue
            topic_rows.extend((t, card.key) for t in card.topics)
        db.executemany(
            "INSERT INTO cards(key, note, deck, position, type, content, topic_set) VALUES (?, ?, ?, ?, ?, ?, ?)",
            new_rows
        )
        if changed_rows:
            db.executemany(
                "UPDATE cards SET note = ?, position = ?, type = ?, content = ?, topic_set = ?, retired = 0 WHERE key = ?",
                changed_rows)
            db.executemany("DELETE FROM card_topics WHERE key = ?", [(r[5],) for r in changed_rows])
        topic_rows.sort()  # in the table's order: each insert lands next to the one before
        db.executemany("INSERT OR IGNORE INTO card_topics(topic, key) VALUES (?, ?)", topic_rows)

    def keep_answer_cores(self, deck: str, cards_version: int, cores: str) -> bool:
        """Keep a deck's answer cores computed from its cards at `cards_version` (see `answer_cores`);
        False, keeping nothing, when its cards changed since."""
        with self._write():
            return bool(self.db.execute("UPDATE decks SET answer_cores = ? WHERE deck = ? AND cards_version = ?",
                                        (cores, deck, cards_version)).rowcount)

    def forget_answer_cores(self) -> int:
        """Drop every deck's kept answer cores (doctor): each is computed again when first needed."""
        with self._write():
            return int(self.db.execute("UPDATE decks SET answer_cores = NULL WHERE answer_cores IS NOT NULL").rowcount)

    def plan_deck(self, deck: str, cards: Iterable[StudyCard]) -> tuple[int, int, int, int]:
        """What `save_deck` would do: (added, updated, unchanged, retired), writing nothing."""
        added = updated = unchanged = 0
        seen: set[str] = set()
        for batch in _batches(cards):
            existing = self._stored([c.key for c in batch])
            for card in batch:
                seen.add(card.key)
                content = CONTENT_JSON(card.content)
                old = existing.get(card.key)
                if old is None:
                    added += 1
                elif (old[0], old[2], old[3]) != (content, 0, topic_set(card.topics)):
                    updated += 1
                else:
                    unchanged += 1
        active = self.db.execute("SELECT key FROM cards WHERE deck = ? AND retired = 0", (deck,)).fetchall()
        return added, updated, unchanged, sum(1 for (k,) in active if k not in seen)

    def remove_deck(self, deck: str) -> int:
        """Retire every card of a deck and mark it removed; the review log keeps its history."""
        with self._write():
            n = self.db.execute("UPDATE cards SET retired = 1 WHERE deck = ? AND retired = 0", (deck,)).rowcount
            self.db.execute("UPDATE decks SET removed = 1 WHERE deck = ?", (deck,))
        return int(n)

    # --- answers -------------------------------------------------------------------------
    def record_review(
        self,
        key: str,
        now: datetime,
        rating: int,
        duration_ms: int,
        mode: str,
        answer: str | None,
        decide: Decide,
        leech_suspends: bool = True,
    ) -> Recorded:
        """Append one answer to the log and update the card's cached state, in one transaction.

        `decide(before, leech)` gets the card's state and leech flag as they are in the database once
        the write lock is held (another session may have answered the card since it was shown) and
        returns the state after the answer and whether it makes the card a leech.
        """
        at = to_ms(now)
        with self._write():
            row = self.db.execute(f"SELECT {STATE_COLUMNS}, leech FROM cards WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise NotFound(msg.unknown_card(key))
            before = CardState(*row[:8])
            after, leech = decide(before, bool(row[8]))
            cur = self.db.execute(
                "INSERT INTO reviews(card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, "
                "step, stability, difficulty, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, at, rating, duration_ms, mode, answer, before.state, after.state, after.step,
                 after.stability, after.difficulty, after.due),
            )
            review_id = int(cur.lastrowid or 0)
            self._put_state(key, after, first_review=at if before.state == NEW else None)
            if leech:
                self.db.execute(
                    "INSERT INTO card_events(card, at, kind, review) VALUES (?, ?, 'leech', ?)", (key, at, review_id)
                )
                self.db.execute(
                    "UPDATE cards SET leech = 1, suspended = suspended OR ? WHERE key = ?", (int(leech_suspends), key)
                )
        return Recorded(review_id, before, after, leech)

    def _put_state(self, key: str, s: CardState, first_review: int | None = None) -> None:
        self.db.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, "
            "reps = ?, lapses = ?, first_review = COALESCE(first_review, ?) WHERE key = ?",
            (s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses, first_review, key),
        )

    def undo(self, review_id: int, now: datetime, leech_suspends: bool = True) -> str:
        """Take back one answer (kept in the log, marked undone) and rebuild its card; return the card key."""
        row = self.db.execute("SELECT card FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise NotFound(msg.NOTHING_TO_UNDO)
        key = str(row[0])
        with self._write():
            self.db.execute("INSERT OR IGNORE INTO undone(review, at) VALUES (?, ?)", (review_id, to_ms(now)))
            if self.db.execute(
                "SELECT 1 FROM card_events WHERE review = ? AND kind = 'leech'", (review_id,)
            ).fetchone():
                self.db.execute(
                    "INSERT INTO card_events(card, at, kind, review) VALUES (?, ?, 'unleech', ?)",
                    (key, to_ms(now), review_id),
                )
            self._rebuild(key, leech_suspends)
        return key

    def set_suspended(self, key: str, suspended: bool, now: datetime) -> None:
        with self._write():
            self.db.execute(
                "INSERT INTO card_events(card, at, kind) VALUES (?, ?, ?)",
                (key, to_ms(now), "suspend" if suspended else "unsuspend"),
            )
            self.db.execute("UPDATE cards SET suspended = ? WHERE key = ?", (int(suspended), key))

    def reset(self, key: str, now: datetime, leech_suspends: bool = True) -> None:
        """Make a card new again; its past answers stay in the log.

        The event records the id of the card's last answer (0 if none): answers after it in the log
        count again, whatever their clock says (the same millisecond, or a clock set back).
        """
        with self._write():
            row = self.db.execute(  # the last in the merged order (after a sync, not always the highest id)
                f"SELECT id FROM {in_merged_order('reviews', 'reviewed_at', 'card = ?')} "
                f"ORDER BY {MERGED_ORDER_DESC} LIMIT 1", (key,)).fetchone()
            last = 0 if row is None else int(row[0])
            self.db.execute(
                "INSERT INTO card_events(card, at, kind, review) VALUES (?, ?, 'reset', ?)", (key, to_ms(now), last)
            )
            self._rebuild(key, leech_suspends)

    def rebuild_card(self, key: str, leech_suspends: bool = True) -> CardState:
        """Recompute a card's cached state from the log; return it."""
        with self._write():
            return self._rebuild(key, leech_suspends)

    def _rebuild(self, key: str, leech_suspends: bool = True) -> CardState:
        events = self.db.execute(
            f"SELECT kind, at, review FROM {in_merged_order('card_events', 'at', 'card = ?')} ORDER BY {MERGED_ORDER}",
            (key,),
        ).fetchall()
        suspended = leech = False
        for kind, _, _ in events:
            if kind == "suspend":
                suspended = True
            elif kind == "unsuspend":
                suspended = False
            elif kind == "leech":
                leech, suspended = True, suspended or leech_suspends
            elif kind == "unleech":
                leech = False
                suspended = False
            elif kind == "reset":
                leech = False
        source, where, args = self._counted(key, events)
        last = self.db.execute(
            f"SELECT state, step, stability, difficulty, due, reviewed_at FROM {source} "
            f"WHERE {where} AND id NOT IN (SELECT review FROM undone) ORDER BY {MERGED_ORDER_DESC} LIMIT 1",
            args,
        ).fetchone()
        stats = self.db.execute(
            f"SELECT COUNT(*), SUM(rating = 1 AND state_before = 2), MIN(reviewed_at) FROM {source} "
            f"WHERE {where} AND id NOT IN (SELECT review FROM undone)",
            args,
        ).fetchone()
        if last is None:
            state = CardState()
        else:
            state = CardState(last[0], last[1], last[2], last[3], last[4], last[5], int(stats[0]), int(stats[1] or 0))
        self.db.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = ?, "
            "lapses = ?, first_review = ?, suspended = ?, leech = ? WHERE key = ?",
            (state.state, state.step, state.stability, state.difficulty, state.due, state.last_review, state.reps,
             state.lapses, stats[2], int(suspended), int(leech), key),
        )
        return state

    def _counted(self, key: str, events: list[Any] | None = None) -> tuple[str, str, list[Any]]:
        """The card's answers that count (undone ones aside): a subquery in the merged order, a condition
        on it and their parameters. After a reset, the answers after the last one it names (the card's
        last answer when it was reset; 0 if none) in the merged order, whatever their clock says (the
        same millisecond, or a clock set back); a reset from before resets named their last answer
        counts by time, as it did then. `events` are the card's (kind, at, review) in the merged order."""
        if events is None:
            events = self.db.execute(
                f"SELECT kind, at, review FROM {in_merged_order('card_events', 'at', 'card = ?')} "
                f"ORDER BY {MERGED_ORDER}", (key,)).fetchall()
        source = in_merged_order("reviews", "reviewed_at", "card = ?")
        resets = [(at, review) for kind, at, review in events if kind == "reset"]
        if not resets:
            return source, "1", [key]
        reset_at, last_before = resets[-1]
        if last_before is None:
            return source, "reviewed_at >= ?", [key, reset_at]
        cut = self.db.execute(f"SELECT {MERGED_ORDER} FROM {source} WHERE id = ?", (key, last_before)).fetchone()
        if cut is None:  # 0: the card had no answer when it was reset
            return source, "1", [key]
        return source, f"({MERGED_ORDER}) > (?, ?, ?, ?)", [key, *cut]

    def rebuild_intervals(self) -> int:
        """Recompute every answer's `prev_ivl` (see migration m011: the interval its card's nearest earlier
        answer in id order that is not undone scheduled) from the log; return how many differed."""
        previous = ("(SELECT p.due - p.reviewed_at FROM reviews p WHERE p.card = reviews.card AND p.id < reviews.id "
                    "AND p.id NOT IN (SELECT review FROM undone) ORDER BY p.id DESC LIMIT 1)")
        with self._write():
            cur = self.db.execute(f"UPDATE reviews SET prev_ivl = {previous} WHERE prev_ivl IS NOT {previous}")
        return int(cur.rowcount)

    def rebuild_topic_sets(self) -> int:
        """Recompute every card's `topic_set` (migration m012) from its `card_topics` rows; return how many
        differed."""
        with self._write():
            cur = self.db.execute(f"UPDATE cards SET topic_set = {TOPIC_SET_OF_ROWS} WHERE topic_set IS NOT "
                                  f"{TOPIC_SET_OF_ROWS}")
        return int(cur.rowcount)

    def rebuild_all(self, leech_suspends: bool = True) -> list[str]:
        """Recompute every seen card's state from the log; return the keys whose cache differed."""
        differed: list[str] = []
        cols = f"{STATE_COLUMNS}, suspended, leech"
        with self._write():
            keys = [r[0] for r in self.db.execute(
                "SELECT key FROM cards WHERE state != 0 OR suspended = 1 OR key IN (SELECT card FROM reviews) "
                "OR key IN (SELECT card FROM card_events)"
            )]
            for key in keys:
                before = self.db.execute(f"SELECT {cols} FROM cards WHERE key = ?", (key,)).fetchone()
                self._rebuild(key, leech_suspends)
                after = self.db.execute(f"SELECT {cols} FROM cards WHERE key = ?", (key,)).fetchone()
                if before != after:
                    differed.append(key)
        return differed

