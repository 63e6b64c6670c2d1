"""The stats read model: read-only SQL aggregates over the review log and the card cache."""

from __future__ import annotations

import itertools
from bisect import bisect_right
from typing import Any, Iterable, Sequence

from ..model import topic_matches
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
    search on `reviews(reviewed_at)` or `cards(state, due)`; the figures over cards (by state, mastery,
    readiness) are sums per topic set (`cards.topic_set`, migration m012) from the covering index
    `cards_by_topic_set`, read in its order, so neither the cards' rows nor their topic rows are walked;
    the topic sets a filter selects are decided once in Python (a few hundred), and the cards it selects
    put once in a temporary table keyed by card, and a `+column IN (that table)` checks each row (the
    unary `+` keeps SQLite on the time and due indexes instead of searching card by card); a narrow
    filter's answers are read card by card through `reviews(card, reviewed_at)`; and a broad one (that
    leaves out few cards) keeps the cards it leaves out instead (`+column NOT IN`), counts the answers of
    every card, then takes away those of the cards it leaves out, read card by card (the per-day answers
    and true retention: sums over cards).
    """

    NARROW = 0.25  # below this share of the cards, a filter's answers are found card by card
    BROAD = 0.25  # when a filter leaves out less than this share, the answers of the cards left out are taken away

    def __init__(self, db: Db, topics: Sequence[str]) -> None:
        self.db = db
        db.ensure_pow()
        self._topics = list(topics)
        self._match, named = topic_match(topics, "t.topic", "t")
        self.args: dict[str, Any] = dict(named)
        self._narrow_share: bool | None = None
        self._share_value: float | None = None
        self._groups: list[tuple[str, int, int, int, int, int]] | None = None
        self._sets = self._left_sets = ""  # the topic sets a filter selects and leaves out (see `_topic_sets`)
        self._picked: set[str] = set()
        self._chosen = ""  # the selected cards, once: a temporary table every query probes by its key
        self._negated = False  # True when `_chosen` holds the cards a broad filter leaves out instead
        self._others = ""  # then those of them with answers (see `_left_out`)
        if self._match:
            table = f"temp.stats_cards_{next(_TABLES)}"
            db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY) WITHOUT ROWID")
            if self._narrow():  # few cards: from their topic rows
                cards = f"SELECT t.key FROM card_topics t WHERE {self._match}"
            elif self._share() > 1 - self.BROAD:
                # most cards: the few it leaves out instead. Every card with answers is in `cards` (cards are
                # retired, never deleted) or, when a sync brought its answers before its deck, waits in
                # `sync_replay`: so a card is selected when it is in neither the cards of the topic sets
                # left out nor the waiting ones that are not in `cards`
                self._negated = True
                cards = (f"SELECT c.key FROM cards c WHERE c.topic_set IN ({self._topic_sets()[1]}) UNION ALL "
                         "SELECT s.card FROM sync_replay s WHERE s.card NOT IN (SELECT key FROM cards)")
            else:  # the cards of the topic sets it selects, from the covering index `cards_by_topic_set`
                cards = f"SELECT c.key FROM cards c WHERE c.topic_set IN ({self._topic_sets()[0]}) ORDER BY c.key"
            db.execute(f"INSERT OR IGNORE INTO {table} {cards}", self.args)
            self._chosen = f"SELECT key FROM {table}"
            if self._negated:
                others = f"temp.stats_others_{next(_TABLES)}"
                db.execute(f"CREATE TABLE {others} (key TEXT PRIMARY KEY) WITHOUT ROWID")
                db.execute(f"INSERT INTO {others} SELECT k.key FROM {table} k WHERE EXISTS (SELECT 1 FROM reviews r "
                           "WHERE r.card = k.key)")
                self._others = f"SELECT key FROM {others}"

    def _card_groups(self) -> list[tuple[str, int, int, int, int, int]]:
        """(topic set, retired, state, suspended, leech, cards) of every card: one scan of the covering
        index `cards_by_topic_set` in its order (`cards.topic_set`, migration m012)."""
        if self._groups is None:
            self._groups = [(str(k), int(r), int(st), int(su), int(le), int(n)) for k, r, st, su, le, n in self.db.execute(
                "SELECT topic_set, retired, state, suspended, leech, COUNT(*) FROM cards INDEXED BY cards_by_topic_set "
                "GROUP BY topic_set, retired, state, suspended, leech").fetchall()]
        return self._groups

    def _counts_by_set(self) -> dict[str, int]:
        """Cards (retired too) of each topic set."""
        counts: dict[str, int] = {}
        for combo, *_, n in self._card_groups():
            counts[combo] = counts.get(combo, 0) + n
        return counts

    def _topic_sets(self) -> tuple[str, str]:
        """Queries of the topic sets the filter selects and of those it leaves out, each put once in a
        temporary table: a card is selected when one of its topics is a filter topic or under one, as
        `topic_match` decides on its topic rows."""
        if not self._sets:
            picked: list[tuple[str]] = []
            left: list[tuple[str]] = []
            for combo in self._counts_by_set():
                hit = any(topic_matches(t, f) for t in combo.split("\n") if t for f in self._topics)
                (picked if hit else left).append((combo,))
            names = []
            for rows in (picked, left):
                table = f"temp.stats_sets_{next(_TABLES)}"
                self.db.execute(f"CREATE TABLE {table} (topic_set TEXT PRIMARY KEY) WITHOUT ROWID")
                self.db.executemany(f"INSERT INTO {table} VALUES (?)", sorted(rows))
                names.append(f"SELECT topic_set FROM {table}")
            self._sets, self._left_sets = names
            self._picked = {k for (k,) in picked}
        return self._sets, self._left_sets

    def _in(self, column: str) -> str:
        """` AND +column IN (the selected cards)` (or `NOT IN` the cards a broad filter leaves out): a key
        search in their temporary table per row."""
        return f" AND +{column} {'NOT IN' if self._negated else 'IN'} ({self._chosen})" if self._match else ""

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
        """For a broad filter (it leaves out less than BROAD of the cards): a query of the cards it leaves
        out that have answers (see `__init__`); "" otherwise."""
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
        """What share of the cards (retired too) the topic filter selects."""
        if self._share_value is None:
            counts = self._counts_by_set()
            self._topic_sets()
            self._share_value = sum(n for k, n in counts.items() if k in self._picked) / max(1, sum(counts.values()))
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

    def cards_by_topic_set(
        self, at_ms: Sequence[int], factor: float, decay: float
    ) -> list[tuple[str, dict[str, int], int, list[float]]]:
        """Cards that are not retired, grouped by their exact set of topics (`cards.topic_set`, in its
        order): (topic set, cards by state, seen, [sum of R at each time]); cards by state counts them by
        FSRS state (suspended ones apart), suspended and leeches, as `total`, `new`, `learning`, `review`,
        `relearning`, `suspended` and `leech`.

        Grouping by the set (a handful of distinct sets per deck) lets the caller add each group to
        every ancestor topic once, so a card with `a` and `a/b` counts once under `a`. One scan of the
        covering index `cards_by_topic_set` (a filter's sets: one range each), never the cards' rows.
        """
        sums = ", ".join(
            f"TOTAL(CASE WHEN c.state > 0 AND c.stability > 0 AND c.last_review IS NOT NULL THEN "
            f"pow(1 + :factor * max(0, (:at{i} - c.last_review) / {DAY_MS}) / c.stability, :decay) END)"
            for i in range(len(at_ms))
        )
        args = {"factor": factor, "decay": decay, **{f"at{i}": int(a) for i, a in enumerate(at_ms)}}
        only = f" AND c.topic_set IN ({self._topic_sets()[0]})" if self._match else ""
        scan = f"FROM cards c INDEXED BY cards_by_topic_set WHERE c.retired = 0{only} GROUP BY c.topic_set"
        names = ("total", "new", "learning", "review", "relearning", "suspended", "leech")
        states: dict[str, list[int]] = {}  # the figures and the seen cards of each set
        for combo, retired, state, suspended, leech, n in self._card_groups():
            if retired != 0 or (self._match and combo not in self._picked):
                continue
            cell = states.setdefault(combo, [0] * (len(names) + 1))
            cell[0] += n
            if suspended == 0 and state in (0, 1, 2, 3):
                cell[1 + state] += n
            cell[5] += n * suspended
            cell[6] += n * leech
            cell[7] += n if state > 0 else 0
        rows = self.db.execute(f"SELECT c.topic_set, {sums} {scan} ORDER BY c.topic_set", args).fetchall()
        return [(str(r[0]), dict(zip(names, states[str(r[0])])), states[str(r[0])][7], [float(x) for x in r[1:]])
                for r in rows]


def _rows(rows: Iterable[Iterable[int]]) -> str:
    """Integer rows as SQL literals for a VALUES list (no parameter limit; ints only, so safe)."""
    return ",".join("(" + ",".join(str(int(v)) for v in row) + ")" for row in rows)
