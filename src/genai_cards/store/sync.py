"""The SQL of `sync`: this home's device id, what was written to and read from a sync folder, merging
answers and card events by their unique id, and replaying a card's merged log.

The merged order of a card's log is `base.MERGED_ORDER`: total and the same on every device.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from ..model import CardState
from .base import MERGED_ORDER
from .writes import Writes

REVIEW_FIELDS = ("uid", "device", "seq", "card", "at", "rating", "duration_ms", "mode", "answer", "state_before",
                 "state", "step", "stability", "difficulty", "due")
EVENT_FIELDS = ("uid", "device", "seq", "card", "at", "kind", "review")

Review = Callable[[str, str, CardState, int, int], CardState]  # (device, card, before, rating, at ms) -> after


class SyncLog(Writes):
    """The store as `sync` sees it (same connection as the `Store` it is made from)."""

    # --- the device -------------------------------------------------------------------------
    def device(self) -> str:
        return str(self.db.execute("SELECT value FROM sync_meta WHERE key = 'device'").fetchone()[0])

    def own_filter(self, table: str, alias: str) -> tuple[str, list[Any]]:
        """SQL true for rows this home made, and its parameters: rows of its device, or of a device id it
        had before (up to the row it had reached then), numbered here (`seq = id`: a row that came from
        another folder keeps the number it had on the computer that made it, which that one sends)."""
        formers = json.loads(self._meta("former") or "[]")
        parts: list[str] = [f"{alias}.device = ?"]
        args: list[Any] = [self.device()]
        for device, cutoffs in formers:
            parts.append(f"({alias}.device = ? AND {alias}.id <= ?)")
            args += [device, int(cutoffs.get(table, 0))]
        return f"({alias}.seq = {alias}.id AND (" + " OR ".join(parts) + "))", args

    def new_device(self, new_id: str) -> str:
        """Take a new device id (this home is a copy of another one); return the old id."""
        old = self.device()
        with self._write():
            formers = json.loads(self._meta("former") or "[]")
            cutoffs = {t: int(self.db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0])
                       for t in ("reviews", "card_events")}
            formers.append([old, cutoffs])
            self._put_meta("former", json.dumps(formers))
            self._put_meta("device", new_id)
        return old

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _put_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO sync_meta(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # --- what was written to a folder ---------------------------------------------------------
    def marks(self, folder: str) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM sync_marks WHERE dir = ?", (folder,)).fetchall())

    def forget_folder(self, folder: str) -> None:
        """Start over with a folder that lost this device's files: everything is written again."""
        with self._write():
            self.db.execute("DELETE FROM sync_marks WHERE dir = ?", (folder,))
            self.db.execute("DELETE FROM sync_sent_undos WHERE dir = ?", (folder,))

    def new_reviews(self, after_id: int) -> Iterator[dict[str, Any]]:
        """This home's answers after local id `after_id`, oldest first (streamed)."""
        own, args = self.own_filter("reviews", "r")
        for r in self.db.execute(
            "SELECT id, uid, device, seq, card, reviewed_at, rating, duration_ms, mode, answer, state_before, state, "
            f"step, stability, difficulty, due FROM reviews r WHERE id > ? AND {own} ORDER BY id", [after_id, *args]
        ):
            yield {"id": r[0], **dict(zip(REVIEW_FIELDS, r[1:]))}

    def new_events(self, after_id: int) -> Iterator[dict[str, Any]]:
        """This home's card events after local id `after_id`, oldest first (streamed)."""
        own, args = self.own_filter("card_events", "e")
        for r in self.db.execute(
            "SELECT e.id, e.uid, e.device, e.seq, e.card, e.at, e.kind, "
            "CASE WHEN e.review = 0 THEN '' ELSE r.uid END FROM card_events e "
            f"LEFT JOIN reviews r ON r.id = e.review WHERE e.id > ? AND {own} ORDER BY e.id",
            [after_id, *args],
        ):
            yield {"id": r[0], **dict(zip(EVENT_FIELDS, r[1:]))}

    def unsent_undos(self, folder: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT u.review, r.uid, u.at FROM undone u JOIN reviews r ON r.id = u.review "
            "WHERE u.review NOT IN (SELECT review FROM sync_sent_undos WHERE dir = ?) ORDER BY u.at, u.review",
            (folder,),
        ).fetchall()
        return [{"id": r[0], "review": r[1], "at": r[2]} for r in rows]

    def save_marks(self, folder: str, marks: dict[str, str], undos: Iterable[int],
                   files: dict[str, tuple[int, int]], cards: Iterable[str] = ()) -> None:
        """After this device's lines are on disk: what was written, and the cards they touch (to be
        replayed), in one transaction."""
        with self._write():
            self.db.executemany("INSERT OR IGNORE INTO sync_replay(card) VALUES (?)", [(c,) for c in cards])
            self.db.executemany(
                "INSERT INTO sync_marks(dir, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT(dir, key) DO UPDATE SET value = excluded.value",
                [(folder, k, v) for k, v in marks.items()],
            )
            self.db.executemany("INSERT OR IGNORE INTO sync_sent_undos(dir, review) VALUES (?, ?)",
                                [(folder, r) for r in undos])
            self._put_offsets(files)

    # --- what was read from a folder -----------------------------------------------------------
    def offsets(self) -> dict[str, tuple[int, int]]:
        return {p: (o, n) for p, o, n in self.db.execute("SELECT path, offset, line FROM sync_files")}

    def _put_offsets(self, files: dict[str, tuple[int, int]]) -> None:
        self.db.executemany(
            "INSERT INTO sync_files(path, offset, line) VALUES (?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET offset = excluded.offset, line = excluded.line",
            [(p, o, n) for p, (o, n) in files.items()],
        )

    def put_version(self, folder: str, kind: str, name: str, device: str, at: int, value: str) -> None:
        """Remember a device's latest version of a deck, a setting or its scheduling settings."""
        self.db.execute(
            "INSERT INTO sync_versions(dir, kind, name, device, at, value) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(dir, kind, name, device) DO UPDATE SET at = excluded.at, value = excluded.value "
            "WHERE excluded.at >= sync_versions.at",
            (folder, kind, name, device, at, value),
        )

    def versions(self, folder: str, kind: str) -> list[tuple[str, str, int, str]]:
        """(name, device, at, value) of every device's latest version of each name, newest first."""
        return [(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in self.db.execute(
            "SELECT name, device, at, value FROM sync_versions WHERE dir = ? AND kind = ? "
            "ORDER BY name, at DESC, device DESC", (folder, kind))]

    def merge(self, folder: str, reviews: list[dict[str, Any]], events: list[dict[str, Any]],
              undos: list[dict[str, Any]], versions: list[tuple[str, str, str, int, str]],
              files: dict[str, tuple[int, int]]) -> tuple[int, int, int]:
        """Add what other devices logged (ignoring what is already here, by uid), remember how far each
        file was read and which cards now need a replay; all in one transaction.

        Return (answers added, events added, undos added).
        """
        touched: set[str] = set()
        added_reviews = added_events = added_undos = 0
        with self._write():
            for r in reviews:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO reviews(uid, device, seq, card, reviewed_at, rating, duration_ms, mode, "
                    "answer, state_before, state, step, stability, difficulty, due) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [r[f] for f in REVIEW_FIELDS],
                )
                if cur.rowcount:
                    added_reviews += 1
                    touched.add(r["card"])
            for e in events:
                # a reset names the card's last answer then ("": none); a leech the answer that made it
                review = 0 if e["review"] == "" else self._review_id(e["review"]) if e["review"] else None
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO card_events(uid, device, seq, card, at, kind, review) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (e["uid"], e["device"], e["seq"], e["card"], e["at"], e["kind"], review),
                )
                if cur.rowcount:
                    added_events += 1
                    touched.add(e["card"])
            pending = [json.loads(line) for (line,) in self.db.execute(
                "SELECT line FROM sync_pending WHERE dir = ?", (folder,))]
            self.db.execute("DELETE FROM sync_pending WHERE dir = ?", (folder,))
            for u in pending + undos:
                review = self._review_id(u["review"])
                if review is None:  # its answer has not arrived yet: kept for a later file or sync
                    self.db.execute("INSERT OR IGNORE INTO sync_pending(dir, line) VALUES (?, ?)",
                                    (folder, json.dumps(u, sort_keys=True)))
                    continue
                self.db.execute("INSERT OR IGNORE INTO sync_sent_undos(dir, review) VALUES (?, ?)", (folder, review))
                cur = self.db.execute("INSERT OR IGNORE INTO undone(review, at) VALUES (?, ?)", (review, u["at"]))
                if cur.rowcount:
                    added_undos += 1
                    touched.add(str(self.db.execute("SELECT card FROM reviews WHERE id = ?", (review,)).fetchone()[0]))
            for kind, name, device, at, value in versions:
                self.put_version(folder, kind, name, device, at, value)
            self._put_offsets(files)
            self.db.executemany("INSERT OR IGNORE INTO sync_replay(card) VALUES (?)", [(c,) for c in touched])
        return added_reviews, added_events, added_undos

    def replay_pending(self, review: Review, leech_suspends: bool = True) -> int:
        """Replay every card whose log changed (a card not here yet, its deck still to come, waits);
        return how many were replayed."""
        with self._write():
            keys = [k for (k,) in self.db.execute(
                "SELECT card FROM sync_replay WHERE card IN (SELECT key FROM cards) ORDER BY card")]
            for key in keys:
                self._replay(key, review, leech_suspends)
            self.db.executemany("DELETE FROM sync_replay WHERE card = ?", [(k,) for k in keys])
        return len(keys)

    def _review_id(self, uid: str) -> int | None:
        row = self.db.execute("SELECT id FROM reviews WHERE uid = ?", (uid,)).fetchone()
        return None if row is None else int(row[0])

    def cards_of_reviews(self, ids: Iterable[int]) -> set[str]:
        return {str(self.db.execute("SELECT card FROM reviews WHERE id = ?", (i,)).fetchone()[0]) for i in ids}

    def _replay(self, key: str, review: Review, leech_suspends: bool) -> None:
        """Recompute the state after each of the card's answers that count (those after its last reset)
        in the merged order, store it in the log rows that differ, and rebuild the card from them."""
        source, where, args = self._counted(key)
        rows = self.db.execute(
            "SELECT id, device, reviewed_at, rating, state_before, state, step, stability, difficulty, due "
            f"FROM {source} WHERE {where} AND id NOT IN (SELECT review FROM undone) ORDER BY {MERGED_ORDER}", args,
        ).fetchall()
        running = CardState()
        changed: list[tuple[Any, ...]] = []
        for rid, device, at, rating, *stored in rows:
            after = review(device, key, running, rating, at)
            new = (running.state, after.state, after.step, after.stability, after.difficulty, after.due)
            if tuple(stored) != new:
                changed.append((*new, rid))
            running = after
        self.db.executemany(
            "UPDATE reviews SET state_before = ?, state = ?, step = ?, stability = ?, difficulty = ?, due = ? "
            "WHERE id = ?", changed)
        self._rebuild(key, leech_suspends)

    def card_states(self) -> Iterator[tuple[Any, ...]]:
        """Every card's cached state, for comparing homes."""
        yield from self.db.execute(
            "SELECT key, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech "
            "FROM cards ORDER BY key")
