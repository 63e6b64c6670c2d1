"""The stats read model: read-only SQL aggregates over the review log and the card cache."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from typing import Any, Iterable, Sequence

from .base import topic_match
from .connection import Db

DAY_MS = 86_400_000
_TABLES = itertools.count(1)  # names of the temporary tables of selected cards


class StatsQueries:
    """The stats read model: read-only SQL over `store.db`, every figure an aggregate.

    `Store.stats_queries(topics)` makes one. `topics` restricts every query to the cards of those
    topics and their subtopics (`t` or `t/...`, matched by `store.base.topic_match` like every topic
    filter of the store).

    What keeps it fast on a million answers: day bounds are literal rows, so each day is one range
    search on `reviews(reviewed_at)` or `cards(state, due)`; the cards a topic filter selects are
    put once in a temporary table keyed by card, and a `+column IN (that table)` checks each row
    (the unary `+` keeps SQLite on the time and due indexes instead of searching card by card); a
    narrow filter's answers are read card by card through `reviews(card, reviewed_at)`; and a broad one
    (that leaves out few cards) counts the answers of every card, then takes away those of the cards it
    leaves out, read card by card (the per-day answers and true retention: sums over cards).
    """

    NARROW = 0.25  # below this share of card-topic rows, a filter's answers are found card by card
    BROAD = 0.25  # when a filter leaves out less than this share, the answers of the cards left out are taken away

    def __init__(self, db: Db, topics: Sequence[str]) -> None:
        self.db = db
        db.ensure_pow()
        self._match, named = topic_match(topics, "t.topic", "t")
        self.args: dict[str, Any] = dict(named)
        self._narrow_share: bool | None = None
        self._share_value: float | None = None
        self._others = ""  # the cards a broad filter leaves out (see `_left_out`)
        self._chosen = ""  # the selected cards, once: a temporary table every query probes by its key
        if self._match:
            table = f"temp.stats_cards_{next(_TABLES)}"
            db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY) WITHOUT ROWID")
            # few cards: from their topic rows; many: every card in key order (each insert an append) whose
            # topics match (a card's topic rows are written with it and cards are never deleted)
            chosen = (f"SELECT t.key FROM card_topics t WHERE {self._match}" if self._narrow() else
                      f"SELECT c.key FROM cards c WHERE EXISTS (SELECT 1 FROM card_topics t WHERE t.key = c.key "
                      f"AND ({self._match}))")
            db.execute(f"INSERT OR IGNORE INTO {table} {chosen}", self.args)
            self._chosen = f"SELECT key FROM {table}"

    def _in(self, column: str) -> str:
        """` AND +column IN (the selected cards)`: a key search in their temporary table per row."""
        return f" AND +{column} IN ({self._chosen})" if self._match else ""

    def answer_span(self) -> tuple[int, int] | None:
        """(first, last) moment (ms) of the answers that count, or None without any: two index searches
        (a narrow filter reads its cards' answers through `reviews(card, reviewed_at)` instead)."""
        alive = "r.id NOT IN (SELECT review FROM undone)"
        if self._narrow():
            row = self.db.execute(
                f"SELECT MIN(r.reviewed_at), MAX(r.reviewed_at) FROM reviews r WHERE {alive} AND r.card IN "
                f"({self._chosen})", self.args).fetchone()
        else:
            row = self.db.execute(
                f"SELECT (SELECT r.reviewed_at FROM reviews r WHERE {alive}{self._in('r.card')} "
                f"ORDER BY r.reviewed_at LIMIT 1), (SELECT r.reviewed_at FROM reviews r WHERE {alive}"
                f"{self._in('r.card')} ORDER BY r.reviewed_at DESC LIMIT 1)",
                self.args,
            ).fetchone()
        return None if row[0] is None else (int(row[0]), int(row[1]))

    def _narrow(self) -> bool:
        """A topic filter that selects few cards: their answers are best found card by card."""
        if self._narrow_share is None:
            self._narrow_share = bool(self._match) and self._share() < self.NARROW
        return self._narrow_share

    def _left_out(self) -> str:
        """For a broad filter (it leaves out less than BROAD of the card-topic rows): a query of the cards
        it leaves out, put once in a temporary table; "" otherwise. Every card with answers is in `cards`
        (cards are retired, never deleted) or, when a sync brought its answers before its deck, waits in
        `sync_replay`, so those two hold every card that answered; only the ones with answers are kept."""
        if self._match and not self._others and not self._narrow() and self._share() > 1 - self.BROAD:
            table = f"temp.stats_others_{next(_TABLES)}"
            self.db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY) WITHOUT ROWID")
            self.db.execute(f"INSERT OR IGNORE INTO {table} SELECT key FROM (SELECT key FROM cards UNION ALL "
                            f"SELECT card FROM sync_replay) k WHERE key NOT IN ({self._chosen}) AND EXISTS (SELECT 1 FROM reviews r "
                            "WHERE r.card = k.key)")
            self._others = f"SELECT key FROM {table}"
        return self._others

    def study_days_with_answers(self, runs: Sequence[tuple[int, int, int, int]]) -> list[int]:
        """The numbers of the study days that have answers, in order. `runs` cover the days as
        (first day number, days, start ms, end ms): day `k0 + j` of a run starts at `start + j * DAY`
        and the last one ends at `end` (a day next to a DST change is longer or shorter than 24 h).

        One statement whose work grows with the days that have answers, never with their answers or
        the days elapsed: without a filter (or with a broad one) it skips through `reviews(reviewed_at)`
        from each day's first answer to the next day's start, one index search a day; a narrow filter
        reads its cards' answers (few) through `reviews(card, reviewed_at)` and groups them by day.
        """
        if not runs:
            return []
        values = _rows(runs)
        day = (f"(SELECT s.k0 + min((X - s.lo) / {DAY_MS}, s.n - 1) FROM s WHERE X >= s.lo AND X < s.hi)")
        alive = "r.id NOT IN (SELECT review FROM undone)"
        if self._narrow():
            rows = self.db.execute(
                f"WITH s(k0, n, lo, hi) AS (VALUES {values}) SELECT DISTINCT {day.replace('X', 'r.reviewed_at')} "
                f"AS k FROM reviews r WHERE r.card IN ({self._chosen}) "
                f"AND {alive} AND r.reviewed_at >= :lo AND r.reviewed_at < :hi ORDER BY 1",
                {**self.args, "lo": runs[0][2], "hi": runs[-1][3]},
            ).fetchall()
            return [int(k) for (k,) in rows if k is not None]
        end = (f"(SELECT CASE WHEN (w.at - s.lo) / {DAY_MS} >= s.n - 1 THEN s.hi "
               f"ELSE s.lo + ((w.at - s.lo) / {DAY_MS} + 1) * {DAY_MS} END FROM s WHERE w.at >= s.lo AND w.at < s.hi)")
        first = (f"SELECT r.reviewed_at FROM reviews r WHERE r.reviewed_at >= {{since}} AND {alive}"
                 f"{self._in('r.card')} ORDER BY r.reviewed_at LIMIT 1")
        rows = self.db.execute(
            f"WITH RECURSIVE s(k0, n, lo, hi) AS (VALUES {values}), w(at) AS (SELECT ({first.format(since=':lo')}) "
            f"UNION ALL SELECT ({first.format(since=end)}) FROM w WHERE w.at IS NOT NULL) "
            f"SELECT {day.replace('X', 'w.at')} FROM w WHERE w.at IS NOT NULL AND w.at < :hi",
            {**self.args, "lo": runs[0][2], "hi": runs[-1][3]},
        ).fetchall()
        return [int(k) for (k,) in rows if k is not None]

    def answers_per_day(self, bounds: Sequence[int]) -> list[int]:
        """Answers that count in each [bounds[i], bounds[i + 1]): one range count a day (a narrow
        filter reads its cards' answers of the period through `reviews(card, reviewed_at)`; a broad one
        counts every card's, less those of the cards it leaves out, read that way)."""
        if len(bounds) < 2:
            return []
        if self._narrow():
            return self._answers_per_day_of(self._chosen, bounds)
        others = self._left_out()
        alive = "r.id NOT IN (SELECT review FROM undone)"
        days = _rows((i, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1))
        rows = self.db.execute(
            f"WITH d(i, lo, hi) AS (VALUES {days}) SELECT (SELECT COUNT(*) FROM reviews r WHERE "
            f"r.reviewed_at >= d.lo AND r.reviewed_at < d.hi AND {alive}{'' if others else self._in('r.card')}) "
            "FROM d ORDER BY d.i",
            self.args,
        ).fetchall()
        counts = [int(r[0]) for r in rows]
        if others:
            counts = [n - m for n, m in zip(counts, self._answers_per_day_of(others, bounds))]
        return counts

    def _answers_per_day_of(self, cards: str, bounds: Sequence[int]) -> list[int]:
        """Answers that count in each day of `bounds` of the cards `cards` selects, read card by card."""
        counts = [0] * (len(bounds) - 1)
        for (at,) in self.db.execute(
            f"SELECT r.reviewed_at FROM reviews r WHERE r.card IN ({cards}) "
            "AND r.reviewed_at >= :lo AND r.reviewed_at < :hi AND r.id NOT IN (SELECT review FROM undone)",
            {**self.args, "lo": bounds[0], "hi": bounds[-1]},
        ).fetchall():
            counts[bisect_right(bounds, at) - 1] += 1
        return counts

    def _share(self) -> float:
        """Roughly what share of the cards the topic filter selects (by card-topic rows); counted once."""
        if self._share_value is None:
            row = self.db.execute(
                f"SELECT (SELECT COUNT(*) FROM card_topics t WHERE {self._match}), (SELECT COUNT(*) FROM card_topics)",
                self.args,
            ).fetchone()
            self._share_value = int(row[0]) / max(1, int(row[1]))
        return self._share_value

    def totals_between(self, lo: int, hi: int) -> dict[str, int]:
        """Answers in [lo, hi): count, Again, new cards introduced, quiz answers, time spent."""
        row = self.db.execute(
            "SELECT COUNT(*), TOTAL(r.rating = 1), TOTAL(r.state_before = 0), TOTAL(r.mode = 'quiz'), "
            "TOTAL(r.duration_ms) FROM reviews r WHERE r.reviewed_at >= :lo AND r.reviewed_at < :hi "
            f"AND r.id NOT IN (SELECT review FROM undone){self._in('r.card')}",
            {**self.args, "lo": lo, "hi": hi},
        ).fetchone()
        return {"reviews": int(row[0]), "again": int(row[1]), "new": int(row[2]), "quiz": int(row[3]),
                "duration_ms": int(row[4])}

    def cards_by_state(self) -> dict[str, int]:
        """Cards that are not retired: by FSRS state (suspended ones apart), suspended, leeches."""
        row = self.db.execute(
            "SELECT COUNT(*), TOTAL(c.state = 0 AND c.suspended = 0), TOTAL(c.state = 1 AND c.suspended = 0), "
            "TOTAL(c.state = 2 AND c.suspended = 0), TOTAL(c.state = 3 AND c.suspended = 0), TOTAL(c.suspended), "
            f"TOTAL(c.leech) FROM cards c WHERE c.retired = 0{self._in('c.key')}",
            self.args,
        ).fetchone()
        names = ("total", "new", "learning", "review", "relearning", "suspended", "leech")
        return {k: int(v) for k, v in zip(names, row)}

    def due_per_day(self, bounds: Sequence[int]) -> list[int]:
        """Active seen cards (not new, suspended or retired) due before bounds[0] (overdue), then
        due in each [bounds[i], bounds[i + 1])."""
        ranges = _rows((i, lo, hi) for i, (lo, hi) in enumerate(zip([-(2**62)] + list(bounds[:-1]), bounds)))
        rows = self.db.execute(
            f"WITH d(i, lo, hi) AS (VALUES {ranges}) SELECT (SELECT COUNT(*) FROM cards c WHERE c.retired = 0 "
            "AND c.suspended = 0 AND c.state IN (1, 2, 3) AND c.due >= d.lo AND c.due < d.hi"
            f"{self._in('c.key')}) FROM d ORDER BY d.i",
            self.args,
        ).fetchall()
        return [int(r[0]) for r in rows]

    def first_answers(self, bounds: Sequence[int], mature_ms: int) -> list[tuple[int, bool, int, int]]:
        """True-retention counts: (day index, mature, passed, failed) over the days between `bounds`.

        Per card and day only the first answer counts (in the log's id order), and only if the card was in
        review state; mature when the interval its previous answer (in id order, undone ones aside)
        scheduled was at least `mature_ms`.

        Each answer carries that interval (`reviews.prev_ivl`, migration m011), so a day is one range of
        the covering index `reviews(reviewed_at, card, state_before, rating, prev_ivl)` grouped by card:
        no answer's predecessor is looked up, and the work grows with the answers of the window only.
        """
        if len(bounds) < 2:
            return []
        if self._narrow():
            return self._first_answers_of(f" AND r.card IN ({self._chosen})", bounds, mature_ms)
        others = self._left_out()
        if not others:
            return self._first_answers_of(self._in("r.card"), bounds, mature_ms)
        cells = {(d, m): [p, f] for d, m, p, f in self._first_answers_of("", bounds, mature_ms)}
        for d, m, p, f in self._first_answers_of(f" AND r.card IN ({others})", bounds, mature_ms):
            cells[(d, m)][0] -= p
            cells[(d, m)][1] -= f
        return [(d, m, p, f) for (d, m), (p, f) in sorted(cells.items()) if p or f]

    def _first_answers_of(self, card_in: str, bounds: Sequence[int], mature_ms: int) -> list[tuple[int, bool, int, int]]:
        """`first_answers` of the answers `card_in` (a condition on `r.card`, or "") keeps."""
        days = " UNION ALL ".join(
            f"SELECT {i}, COALESCE(f.ivl, 0) >= :mature, TOTAL(f.rating > 1), TOTAL(f.rating = 1) FROM "
            f"(SELECT MIN(r.id), r.state_before AS before, r.rating AS rating, r.prev_ivl AS ivl FROM reviews r "
            f"WHERE r.reviewed_at >= {int(lo)} AND r.reviewed_at < {int(hi)} AND r.id NOT IN (SELECT review FROM undone)"
            f"{card_in} GROUP BY r.card) f WHERE f.before = 2 GROUP BY 2"
            for i, (lo, hi) in enumerate(zip(bounds, bounds[1:]))
        )
        rows = self.db.execute(days, {**self.args, "mature": mature_ms}).fetchall()
        return sorted((int(day), bool(mature), int(passed), int(failed)) for day, mature, passed, failed in rows)

    def recall_by_topic_set(
        self, at_ms: Sequence[int], factor: float, decay: float
    ) -> list[tuple[list[str], int, int, list[float]]]:
        """Cards grouped by their exact set of topics: (topics, cards, seen, [sum of R at each time]).

        Grouping by the set (a handful of distinct sets per deck) lets the caller add each group to
        every ancestor topic once, so a card with `a` and `a/b` counts once under `a`.
        """
        sums = ", ".join(
            f"TOTAL(CASE WHEN c.state > 0 AND c.stability > 0 AND c.last_review IS NOT NULL THEN "
            f"pow(1 + :factor * max(0, (:at{i} - c.last_review) / {DAY_MS}) / c.stability, :decay) END)"
            for i in range(len(at_ms))
        )
        args = {**self.args, "factor": factor, "decay": decay, **{f"at{i}": int(a) for i, a in enumerate(at_ms)}}
        rows = self.db.execute(
            f"SELECT g.combo, COUNT(*), TOTAL(c.state > 0), {sums} FROM (SELECT key, "
            "group_concat(topic, char(10)) AS combo FROM card_topics GROUP BY key) g "
            f"JOIN cards c ON c.key = g.key WHERE c.retired = 0{self._in('c.key')} GROUP BY g.combo",
            args,
        ).fetchall()
        return [(str(r[0]).split("\n"), int(r[1]), int(r[2]), [float(x) for x in r[3:]]) for r in rows]


def _rows(rows: Iterable[Iterable[int]]) -> str:
    """Integer rows as SQL literals for a VALUES list (no parameter limit; ints only, so safe)."""
    return ",".join("(" + ",".join(str(int(v)) for v in row) + ")" for row in rows)
