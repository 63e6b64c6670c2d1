"""Schema migrations: an append-only list. A shipped migration is never edited; add a new one.

Each migration runs in its own transaction together with the row that records it, so a failing
migration leaves the previous schema intact. `PRAGMA user_version` mirrors the count.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Callable

Migration = Callable[[sqlite3.Connection], None]


def m001_initial(db: sqlite3.Connection) -> None:
    """Decks, cards (content + FSRS state cache), topics, the review log, events and config."""
    db.executescript(
        """
        CREATE TABLE decks (
            deck TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            lang TEXT NOT NULL,
            origin TEXT NOT NULL,            -- 'bundled' or 'user'
            path TEXT NOT NULL,
            mtime_ns INTEGER NOT NULL,
            size INTEGER NOT NULL,
            digest TEXT NOT NULL,
            topics TEXT NOT NULL DEFAULT '[]',
            removed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE cards (
            key TEXT PRIMARY KEY,            -- deck/id, deck/id:reverse, deck/id:cN
            note TEXT NOT NULL,              -- deck/id: siblings share it
            deck TEXT NOT NULL,
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            content TEXT NOT NULL,           -- JSON: what is needed to show and grade the card
            retired INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            leech INTEGER NOT NULL DEFAULT 0,
            state INTEGER NOT NULL DEFAULT 0, -- 0 new, 1 learning, 2 review, 3 relearning
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER,                     -- ms since epoch, UTC
            last_review INTEGER,             -- ms since epoch, UTC
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            first_review INTEGER             -- ms; when the card stopped being new
        );
        CREATE INDEX cards_by_state_due ON cards(state, due) WHERE retired = 0 AND suspended = 0;
        CREATE INDEX cards_by_deck ON cards(deck, position);
        CREATE INDEX cards_by_note ON cards(note);
        CREATE TABLE card_topics (
            topic TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (topic, key)
        ) WITHOUT ROWID;
        CREATE INDEX card_topics_by_key ON card_topics(key);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card TEXT NOT NULL,
            reviewed_at INTEGER NOT NULL,    -- ms since epoch, UTC
            rating INTEGER NOT NULL,         -- 1 again, 2 hard, 3 good, 4 easy
            duration_ms INTEGER NOT NULL,
            mode TEXT NOT NULL,              -- 'review' or 'quiz'
            answer TEXT,
            state_before INTEGER NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL NOT NULL,
            difficulty REAL NOT NULL,
            due INTEGER NOT NULL
        );
        CREATE INDEX reviews_by_card ON reviews(card, id);
        CREATE INDEX reviews_by_time ON reviews(reviewed_at);
        CREATE TABLE undone (
            review INTEGER PRIMARY KEY,
            at INTEGER NOT NULL
        );
        CREATE TABLE card_events (
            id INTEGER PRIMARY KEY,
            card TEXT NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,              -- suspend, unsuspend, reset, leech, unleech
            review INTEGER                   -- the review that caused it (leech)
        );
        CREATE INDEX card_events_by_card ON card_events(card, id);
        CREATE TABLE config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def m002_deck_order(db: sqlite3.Connection) -> None:
    """Decks get a study order (`order:` in the deck file): new cards follow it across decks."""
    db.execute("ALTER TABLE decks ADD COLUMN study_order INTEGER NOT NULL DEFAULT 1000")


def m003_queue_indexes(db: sqlite3.Connection) -> None:
    """Indexes that answer the queue queries alone (benchmarks/: due reviews 47 -> 6 ms at 100,000 cards)."""
    db.executescript(
        """
        DROP INDEX IF EXISTS cards_by_state_due;
        CREATE INDEX cards_active_by_state_due ON cards(state, due, last_review, stability, key, note)
            WHERE retired = 0 AND suspended = 0;
        CREATE INDEX cards_new_by_deck ON cards(deck, position)
            WHERE state = 0 AND retired = 0 AND suspended = 0;
        """
    )


def m004_mock_exams(db: sqlite3.Connection) -> None:
    """Each submitted mock exam and what became of each of its questions (for `quiz --exam E --missed`);
    answers to cards not started, given in a quiz beyond today's new-card limit (kept out of the FSRS
    review log, so they start no scheduling and do not mislead the optimiser)."""
    db.executescript(
        """
        CREATE TABLE mock_exams (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            exam TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            submitted_at INTEGER NOT NULL,
            timed_out INTEGER NOT NULL,
            score INTEGER NOT NULL,
            passed INTEGER NOT NULL
        );
        CREATE INDEX mock_exams_by_exam ON mock_exams(exam, submitted_at);
        CREATE TABLE mock_exam_questions (
            mock_exam INTEGER NOT NULL REFERENCES mock_exams(id),
            position INTEGER NOT NULL,
            card TEXT NOT NULL,
            domain TEXT NOT NULL,
            scored INTEGER NOT NULL,
            result TEXT,
            answer TEXT,
            flagged INTEGER NOT NULL,
            PRIMARY KEY (mock_exam, position)
        );
        CREATE TABLE practice_answers (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            card TEXT NOT NULL,
            answered_at INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            mode TEXT NOT NULL,
            answer TEXT
        );
        CREATE INDEX practice_answers_by_card ON practice_answers(card, id);
        """
    )


def m005_sync_ids(db: sqlite3.Connection) -> None:
    """Every answer and card event gets an id unique across devices (`uid`), the device that made it
    and its sequence there (`seq`: the local id), so logs from several computers merge; the home gets
    its device id; the bookkeeping of `sync` (what was written to and read from each folder).

    Nothing else changes: existing rows keep every other column. Their uid is derived from what they
    hold, so two homes copied from one before this migration give their shared answers the same ids
    (and a backup from before it, restored after a sync, does not send its answers twice). Later
    inserts get a random uid from a trigger, so every writer of the log is covered.
    """
    db.executescript(
        """
        CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO sync_meta(key, value) VALUES ('device', lower(hex(randomblob(8))));
        ALTER TABLE reviews ADD COLUMN uid TEXT;
        ALTER TABLE reviews ADD COLUMN device TEXT;
        ALTER TABLE reviews ADD COLUMN seq INTEGER;
        ALTER TABLE card_events ADD COLUMN uid TEXT;
        ALTER TABLE card_events ADD COLUMN device TEXT;
        ALTER TABLE card_events ADD COLUMN seq INTEGER;
        """
    )
    import hashlib  # here: only this migration needs it, not every start

    device = db.execute("SELECT value FROM sync_meta WHERE key = 'device'").fetchone()[0]
    for table, columns in (("reviews", "card, reviewed_at, rating, duration_ms, mode, answer"),
                           ("card_events", "card, at, kind, review")):
        for row in db.execute(f"SELECT id, {columns} FROM {table}").fetchall():
            uid = hashlib.blake2b(json.dumps([table, *row]).encode(), digest_size=16).hexdigest()
            db.execute(f"UPDATE {table} SET uid = ?, device = ?, seq = id WHERE id = ?", (uid, device, row[0]))
    db.executescript(
        """
        CREATE UNIQUE INDEX reviews_by_uid ON reviews(uid);
        CREATE INDEX reviews_by_card_order ON reviews(card, reviewed_at, device, seq, uid);
        CREATE TRIGGER reviews_get_uid AFTER INSERT ON reviews WHEN NEW.uid IS NULL BEGIN
            UPDATE reviews SET uid = lower(hex(randomblob(16))), seq = NEW.id,
                device = (SELECT value FROM sync_meta WHERE key = 'device') WHERE id = NEW.id;
        END;
        CREATE UNIQUE INDEX card_events_by_uid ON card_events(uid);
        CREATE TRIGGER card_events_get_uid AFTER INSERT ON card_events WHEN NEW.uid IS NULL BEGIN
            UPDATE card_events SET uid = lower(hex(randomblob(16))), seq = NEW.id,
                device = (SELECT value FROM sync_meta WHERE key = 'device') WHERE id = NEW.id;
        END;
        CREATE TABLE sync_marks (
            dir TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (dir, key)
        );
        CREATE TABLE sync_files (
            path TEXT PRIMARY KEY,
            offset INTEGER NOT NULL,
            line INTEGER NOT NULL
        );
        CREATE TABLE sync_sent_undos (
            dir TEXT NOT NULL,
            review INTEGER NOT NULL,
            PRIMARY KEY (dir, review)
        );
        CREATE TABLE sync_pending (
            dir TEXT NOT NULL,
            line TEXT NOT NULL,
            PRIMARY KEY (dir, line)
        );
        CREATE TABLE sync_replay (
            card TEXT PRIMARY KEY
        );
        CREATE TABLE sync_versions (
            dir TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            device TEXT NOT NULL,
            at INTEGER NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (dir, kind, name, device)
        );
        """
    )


def m010_exams_in_progress(db: sqlite3.Connection) -> None:
    """A mock exam while it runs, written at every answer and flag: if its process dies (SIGKILL, a
    power cut), the next `quiz` or `review` submits it with the answers given."""
    db.executescript(
        """
        CREATE TABLE exams_in_progress (
            uid TEXT PRIMARY KEY,
            exam TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            minutes INTEGER NOT NULL,
            last_activity INTEGER NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL
        );
        CREATE TABLE exam_progress_questions (
            exam_uid TEXT NOT NULL REFERENCES exams_in_progress(uid),
            position INTEGER NOT NULL,
            card TEXT NOT NULL,
            domain TEXT NOT NULL,
            scored INTEGER NOT NULL,
            result TEXT,
            rating INTEGER,
            answer TEXT,
            answered_at INTEGER,
            flagged INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (exam_uid, position)
        );
        """
    )


def m011_answer_intervals(db: sqlite3.Connection) -> None:
    """Each answer keeps the interval its card's previous answer scheduled (`prev_ivl`, ms: the due of
    the card's nearest earlier answer in id order that is not undone, minus that answer's time; NULL
    when there is none), so `stats`' true retention reads its window in one range of a covering index
    instead of looking up every answer's predecessor.

    The review log stays the truth and the column is derived from it: filled here for the answers
    already logged, then kept right by triggers on every write that can change it (an answer added,
    an answer undone, an answer's due rewritten by a sync's replay), whoever makes it; `doctor`
    recomputes it (`Writes.rebuild_intervals`).
    """
    alive = "NOT IN (SELECT review FROM undone)"
    db.executescript(
        f"""
        ALTER TABLE reviews ADD COLUMN prev_ivl INTEGER;
        UPDATE reviews SET prev_ivl = (SELECT p.due - p.reviewed_at FROM reviews p WHERE p.card = reviews.card
            AND p.id < reviews.id AND p.id {alive} ORDER BY p.id DESC LIMIT 1);
        CREATE INDEX reviews_by_time_retention ON reviews(reviewed_at, card, state_before, rating, prev_ivl);
        CREATE TRIGGER reviews_prev_ivl_insert AFTER INSERT ON reviews BEGIN
            UPDATE reviews SET prev_ivl = (SELECT p.due - p.reviewed_at FROM reviews p WHERE p.card = NEW.card
                AND p.id < NEW.id AND p.id {alive} ORDER BY p.id DESC LIMIT 1) WHERE id = NEW.id;
            UPDATE reviews SET prev_ivl = NEW.due - NEW.reviewed_at WHERE card = NEW.card AND id > NEW.id
                AND id <= COALESCE((SELECT MIN(n.id) FROM reviews n WHERE n.card = NEW.card AND n.id > NEW.id
                AND n.id {alive}), 9223372036854775807) AND NEW.id {alive};
        END;
        CREATE TRIGGER reviews_prev_ivl_update AFTER UPDATE OF due, reviewed_at ON reviews BEGIN
            UPDATE reviews SET prev_ivl = NEW.due - NEW.reviewed_at WHERE card = NEW.card AND id > NEW.id
                AND id <= COALESCE((SELECT MIN(n.id) FROM reviews n WHERE n.card = NEW.card AND n.id > NEW.id
                AND n.id {alive}), 9223372036854775807) AND NEW.id {alive};
        END;
        CREATE TRIGGER reviews_prev_ivl_undone AFTER INSERT ON undone BEGIN
            UPDATE reviews SET prev_ivl = (SELECT u.prev_ivl FROM reviews u WHERE u.id = NEW.review)
                WHERE card = (SELECT u.card FROM reviews u WHERE u.id = NEW.review) AND id > NEW.review
                AND id <= COALESCE((SELECT MIN(n.id) FROM reviews n WHERE n.card = reviews.card
                AND n.id > NEW.review AND n.id {alive}), 9223372036854775807);
        END;
        """
    )


def m012_card_topic_sets(db: sqlite3.Connection) -> None:
    """Each card keeps its set of topics (`cards.topic_set`: the topics of its `card_topics` rows in
    order, one per line; '' without any), so `stats` reads its mastery, readiness and card counts (and
    which cards a topic filter selects) from one scan of a covering index grouped by topic set, instead
    of grouping the card-topic rows by card and looking every card up.

    `card_topics` stays the truth and the column is derived from it: filled here, written with the
    card's topic rows (`Writes._save_batch`, their only writer), and recomputed by `doctor`
    (`Writes.rebuild_topic_sets`).
    """
    db.executescript(
        """
        ALTER TABLE cards ADD COLUMN topic_set TEXT NOT NULL DEFAULT '';
        UPDATE cards SET topic_set = COALESCE((SELECT group_concat(t.topic, char(10)) FROM (SELECT topic
            FROM card_topics t WHERE t.key = cards.key ORDER BY t.topic) t), '');
        CREATE INDEX cards_by_topic_set ON cards(topic_set, retired, state, suspended, leech, stability, last_review,
            key);
        """
    )


def m013_deck_answer_cores(db: sqlite3.Connection) -> None:
    """Each deck keeps the compact forms of its cards' answers once they are computed
    (`decks.answer_cores`: one per line; NULL until then), which grading compares a typed answer with,
    so a session does not read and fold a whole deck at its first typed card (0.7 s at 20,000 cards).

    Derived from the deck's active cards: computed from them when first needed (`vocabulary.py`), and
    back to NULL whenever a save changes the deck's cards (`Writes._save_deck`, which also counts those
    changes in `cards_version`, so a value computed from cards since changed is never kept) or `doctor`
    runs.
    """
    db.executescript(
        """
        ALTER TABLE decks ADD COLUMN answer_cores TEXT;
        ALTER TABLE decks ADD COLUMN cards_version INTEGER NOT NULL DEFAULT 0;
        """
    )


MIGRATIONS: list[Migration] = [m001_initial, m002_deck_order, m003_queue_indexes, m004_mock_exams, m005_sync_ids,
                               m010_exams_in_progress, m011_answer_intervals, m012_card_topic_sets,
                               m013_deck_answer_cores]


def current_version(db: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a blank one)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[Migration]:
    """Migrations not yet applied."""
    steps = MIGRATIONS if migrations is None else migrations
    return steps[current_version(db) :]


def apply(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply every pending migration, each in its own transaction; return how many ran."""
    steps = MIGRATIONS if migrations is None else migrations
    ran = 0
    for index, step in enumerate(steps):
        db.execute("BEGIN IMMEDIATE")
        try:
            if current_version(db) > index:  # another process got here first
                db.execute("COMMIT")
                continue
            _run_statements(db, step)
            db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (step.__name__,))
            db.execute(f"PRAGMA user_version = {index + 1}")
            db.execute("COMMIT")
            ran += 1
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return ran


def _run_statements(db: sqlite3.Connection, step: Migration) -> None:
    """Run a migration inside the open transaction (executescript would commit it, so split it)."""

    class _NoCommit:
        def __init__(self, inner: sqlite3.Connection) -> None:
            self.inner = inner

        def executescript(self, script: str) -> None:
            for statement in _split(script):
                self.inner.execute(statement)

        def execute(self, *args: object) -> sqlite3.Cursor:
            return self.inner.execute(*args)  # type: ignore[arg-type]

    step(_NoCommit(db))  # type: ignore[arg-type]


def _split(script: str) -> list[str]:
    """Split a script into complete statements with sqlite3.complete_statement."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        stripped = line.split("--", 1)[0] if "--" in line and "'" not in line else line
        buf += stripped
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
