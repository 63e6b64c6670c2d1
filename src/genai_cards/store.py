"""The only SQL: the SQLite file in the home folder, the review log, and the card-state cache.

The review log (`reviews`, minus `undone`, plus `card_events`) is the truth; the FSRS columns of
`cards` are a cache that `rebuild_card` recomputes from it. Every write is one short transaction,
committed before the caller moves on.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from . import backups
from . import messages as msg
from . import migrations
from .errors import NotFound, StoreError
from .model import StudyCard
from .paths import database_path
from .scheduler import NEW, REVIEW, CardState, to_ms

BUSY_TIMEOUT_S = 10.0
STATE_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"


@dataclass(frozen=True)
class CardRow:
    """A study card as stored: its content and its cached state."""

    key: str
    note: str
    deck: str
    position: int
    type: str
    content: dict[str, Any]
    state: CardState
    suspended: bool
    leech: bool
    retired: bool


@dataclass(frozen=True)
class DeckRow:
    """A deck as recorded at its last sync."""

    deck: str
    title: str
    lang: str
    origin: str
    path: str
    mtime_ns: int
    size: int
    digest: str
    topics: list[str]
    order: int = 1000


def open_store(home: Path) -> "Store":
    """Open (creating if needed) the database in `home`, migrating it forward after a backup."""
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(msg.db_unusable(str(home), exc.strerror or str(exc))) from None
    path = database_path(home)
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        version = migrations.current_version(db)
        known = len(migrations.MIGRATIONS)
        if version > known:
            db.close()
            raise StoreError(msg.db_newer(version, known), str(path))
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        if version < known:
            if version > 0:
                backups.backup(db, home, f"before-migration-v{version}")
            migrations.apply(db)
    except OSError as exc:
        raise StoreError(msg.db_unusable(str(path), exc.strerror or str(exc))) from None
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StoreError(msg.db_locked(str(path))) from None
        if "readonly" in text or not os.access(home, os.W_OK):
            raise StoreError(msg.home_read_only(str(home))) from None
        raise StoreError(msg.db_unusable(str(path), text)) from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(msg.db_unusable(str(path), str(exc))) from None
    return Store(db, home)


class Store:
    """All reads and writes of one home's database."""

    def __init__(self, db: sqlite3.Connection, home: Path) -> None:
        self.db = db
        self.home = home

    def close(self) -> None:
        self.db.close()

    # --- transactions --------------------------------------------------------------------
    def _write(self) -> "_Tx":
        return _Tx(self.db)

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
        self, row: DeckRow, cards: Sequence[StudyCard], *, retire_missing: bool = True
    ) -> tuple[int, int, int, int]:
        """Store a deck's cards in one transaction; return (added, updated, unchanged, retired).

        Cards keep their key, so editing a card's text keeps its history; cards no longer in the
        deck are retired, never deleted.
        """
        with self._write():
            return self._save_deck(row, cards, retire_missing)

    def _save_deck(self, row: DeckRow, cards: Sequence[StudyCard], retire_missing: bool) -> tuple[int, int, int, int]:
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
        existing = {
            k: (c, p, r)
            for k, c, p, r in db.execute("SELECT key, content, position, retired FROM cards WHERE deck = ?", (row.deck,))
        }
        added = updated = unchanged = 0
        new_rows: list[tuple[Any, ...]] = []
        changed_rows: list[tuple[Any, ...]] = []
        topic_rows: list[tuple[str, str]] = []
        for card in cards:
            content = json.dumps(card.content, ensure_ascii=False, sort_keys=True)
            old = existing.pop(card.key, None)
            if old is None:
                added += 1
                new_rows.append((card.key, card.note, card.deck, card.position, card.type, content))
            elif old != (content, card.position, 0):
                if old[0] != content or old[2]:
                    updated += 1
                else:
                    unchanged += 1
                changed_rows.append((card.note, card.position, card.type, content, card.key))
            else:
                unchanged += 1
                continue
            topic_rows.extend((t, card.key) for t in card.topics)
        db.executemany(
            "INSERT INTO cards(key, note, deck, position, type, content) VALUES (?, ?, ?, ?, ?, ?)", new_rows
        )
        db.executemany(
            "UPDATE cards SET note = ?, position = ?, type = ?, content = ?, retired = 0 WHERE key = ?", changed_rows
        )
        changed_keys = [(r[4],) for r in changed_rows]
        db.executemany("DELETE FROM card_topics WHERE key = ?", changed_keys)
        db.executemany("INSERT OR IGNORE INTO card_topics(topic, key) VALUES (?, ?)", topic_rows)
        retired = 0
        if retire_missing:
            gone = [(k,) for k, (_, _, r) in existing.items() if not r]
            db.executemany("UPDATE cards SET retired = 1 WHERE key = ?", gone)
            retired = len(gone)
        return added, updated, unchanged, retired

    def plan_deck(self, deck: str, cards: Sequence[StudyCard]) -> tuple[int, int, int, int]:
        """What `save_deck` would do: (added, updated, unchanged, retired), writing nothing."""
        existing = {
            k: (c, r) for k, c, r in self.db.execute("SELECT key, content, retired FROM cards WHERE deck = ?", (deck,))
        }
        added = updated = unchanged = 0
        for card in cards:
            content = json.dumps(card.content, ensure_ascii=False, sort_keys=True)
            old = existing.pop(card.key, None)
            if old is None:
                added += 1
            elif old != (content, 0):
                updated += 1
            else:
                unchanged += 1
        return added, updated, unchanged, sum(1 for _, r in existing.values() if not r)

    def remove_deck(self, deck: str) -> int:
        """Retire every card of a deck and mark it removed; the review log keeps its history."""
        with self._write():
            n = self.db.execute("UPDATE cards SET retired = 1 WHERE deck = ? AND retired = 0", (deck,)).rowcount
            self.db.execute("UPDATE decks SET removed = 1 WHERE deck = ?", (deck,))
        return int(n)

    # --- cards ---------------------------------------------------------------------------
    def card(self, key: str) -> CardRow:
        row = self.db.execute(f"SELECT {_CARD_COLS} FROM cards WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(msg.unknown_card(key))
        return _card_row(row)

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
            "FROM reviews WHERE card = ? AND id NOT IN (SELECT review FROM undone) ORDER BY id",
            (key,),
        ).fetchall()
        names = ("id", "reviewed_at", "rating", "duration_ms", "mode", "answer", "state", "stability",
                 "difficulty", "due")
        return [dict(zip(names, r)) for r in rows]

    # --- answers -------------------------------------------------------------------------
    def record_review(
        self,
        key: str,
        now: datetime,
        rating: int,
        duration_ms: int,
        mode: str,
        answer: str | None,
        before: CardState,
        after: CardState,
        leech: bool = False,
        leech_suspends: bool = True,
    ) -> int:
        """Append one answer to the log and update the card's cached state, in one transaction."""
        at = to_ms(now)
        with self._write():
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
        return review_id

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

    def reset(self, key: str, now: datetime) -> None:
        """Make a card new again; its past answers stay in the log."""
        with self._write():
            self.db.execute("INSERT INTO card_events(card, at, kind) VALUES (?, ?, 'reset')", (key, to_ms(now)))
            self._rebuild(key)

    def rebuild_card(self, key: str, leech_suspends: bool = True) -> CardState:
        """Recompute a card's cached state from the log; return it."""
        with self._write():
            return self._rebuild(key, leech_suspends)

    def _rebuild(self, key: str, leech_suspends: bool = True) -> CardState:
        events = self.db.execute(
            "SELECT id, kind, at FROM card_events WHERE card = ? ORDER BY id", (key,)
        ).fetchall()
        reset_at = max((at for _, kind, at in events if kind == "reset"), default=None)
        suspended = leech = False
        for _, kind, _ in events:
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
        where = "card = ? AND id NOT IN (SELECT review FROM undone)"
        args: list[Any] = [key]
        if reset_at is not None:
            where += " AND reviewed_at >= ?"
            args.append(reset_at)
        last = self.db.execute(
            "SELECT state, step, stability, difficulty, due, reviewed_at FROM reviews "
            f"WHERE {where} ORDER BY id DESC LIMIT 1",
            args,
        ).fetchone()
        stats = self.db.execute(
            "SELECT COUNT(*), SUM(rating = 1 AND state_before = 2), MIN(reviewed_at) FROM reviews " f"WHERE {where}",
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

    def integrity(self) -> list[str]:
        """SQLite's integrity check: ['ok'] when the file is sound."""
        return [r[0] for r in self.db.execute("PRAGMA integrity_check")]

    # --- queues --------------------------------------------------------------------------
    def _topic_filter(self, topics: Sequence[str], alias: str = "c") -> tuple[str, list[Any]]:
        if not topics:
            return "", []
        parts, args = [], []
        for t in topics:
            parts.append("(topic = ? OR topic LIKE ?)")
            args.extend([t, t + "/%"])
        sql = f" AND {alias}.key IN (SELECT key FROM card_topics WHERE {' OR '.join(parts)})"
        return sql, args

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
            for key, note in self.db.execute(
                f"SELECT c.key, c.note FROM cards c WHERE c.deck = ? AND c.retired = 0 AND c.suspended = 0 "
                f"AND c.state = 0{f} ORDER BY c.position",
                [deck, *args],
            ):
                if len(out) >= limit:
                    break
                if note in seen:
                    continue
                seen.add(note)
                out.append(key)
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
        """(new cards introduced, review cards answered) since `since_ms`, for the daily limits."""
        row = self.db.execute(
            "SELECT COUNT(DISTINCT CASE WHEN state_before = 0 THEN card END), "
            "COUNT(DISTINCT CASE WHEN state_before = 2 THEN card END) FROM reviews "
            "WHERE reviewed_at >= ? AND mode = 'review' AND id NOT IN (SELECT review FROM undone)",
            (since_ms,),
        ).fetchone()
        return int(row[0]), int(row[1])

    # --- listings ------------------------------------------------------------------------
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

    def due_between(self, start_ms: int, end_ms: int, topics: Sequence[str]) -> list[tuple[str, int]]:
        """(key, due) of active seen cards due before `end_ms` (start_ms is ignored for overdue ones)."""
        f, args = self._topic_filter(topics)
        return self.db.execute(
            f"SELECT c.key, c.due FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state > 0 AND c.due < ?{f}",
            [end_ms, *args],
        ).fetchall()

    def active_count(self, deck: str) -> int:
        """Cards of a deck that are not retired."""
        return int(self.db.execute("SELECT COUNT(*) FROM cards WHERE deck = ? AND retired = 0", (deck,)).fetchone()[0])

    def topic_states(self) -> list[tuple[str, str, int, int, int | None]]:
        """(key, topic, state, suspended, due) of every card that is not retired, one row per topic."""
        return self.db.execute(
            "SELECT c.key, t.topic, c.state, c.suspended, c.due FROM card_topics t JOIN cards c "
            "ON c.key = t.key AND c.retired = 0"
        ).fetchall()

    def due_topics(self, end_ms: int, topics: Sequence[str]) -> list[tuple[str, str]]:
        """(key, topic) of every active seen card due before `end_ms`, in one query."""
        f, args = self._topic_filter(topics)
        return self.db.execute(
            "SELECT c.key, t.topic FROM cards c JOIN card_topics t ON t.key = c.key "
            f"WHERE c.retired = 0 AND c.suspended = 0 AND c.state > 0 AND c.due < ?{f}",
            [end_ms, *args],
        ).fetchall()

    def topics_of(self, keys: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in keys:
            out[key] = [r[0] for r in self.db.execute("SELECT topic FROM card_topics WHERE key = ?", (key,))]
        return out

    def all_topics(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT topic FROM card_topics ORDER BY topic")]

    def log_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every answer not undone, oldest first."""
        yield from self.db.execute(
            "SELECT id, card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, step, stability, "
            "difficulty, due FROM reviews WHERE id NOT IN (SELECT review FROM undone) ORDER BY id"
        )


_CARD_COLS = (
    "key, note, deck, position, type, content, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, leech, retired"
)


def _card_row(r: Sequence[Any]) -> CardRow:
    return CardRow(
        key=r[0], note=r[1], deck=r[2], position=r[3], type=r[4], content=json.loads(r[5]),
        state=CardState(r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13]),
        suspended=bool(r[14]), leech=bool(r[15]), retired=bool(r[16]),
    )


class _Tx:
    """`with store._write():` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(msg.db_locked("database") if "lock" in str(exc) else str(exc)) from None

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite may already have rolled back (e.g. SQLITE_FULL)
            self.db.execute("ROLLBACK")
