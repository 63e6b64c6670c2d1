"""The stats read model: read-only SQL aggregates over the review log and the card cache."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from .base import topic_match
from .connection import Db

DAY_MS = 86_400_000
QUARTER_MS = 900_000


class StatsQueries:
    """The stats read model: read-only SQL over `store.db`, every figure an aggregate.

    `Store.stats_queries(topics)` makes one. `topics` restricts every query to the cards of those
    topics and their subtopics (`t` or `t/...`, matched by `store.base.topic_match` like every topic
    filter of the store).

    What keeps it fast on a million answers: day bounds are literal rows, so each day is one range
    search on `reviews(reviewed_at)` or `cards(state, due)`; the topic filter is a correlated
    EXISTS where few rows are checked and a `+column IN (list)` where many are (the unary `+` keeps
    SQLite on the time and due indexes instead of searching card by card).
    """

    NARROW = 0.25  # below this share of card-topic rows, a filter's answers are found card by card

    def __init__(self, db: Db, topics: Sequence[str]) -> None:
        self.db = db
        db.ensure_pow()
        self._match, named = topic_match(topics, "t.topic", "t")
        self.args: dict[str, Any] = dict(named)

    def _in(self, column: str) -> str:
        """` AND +column IN (selected keys)`: one list, probed cheaply by many rows."""
        return f" AND +{column} IN (SELECT t.key FROM card_topics t WHERE {self._match})" if self._match else ""

    def _exists(self, column: str) -> str:
        """` AND EXISTS (a selected topic of this card)`: no list to build, for queries over few rows."""
        if not self._match:
            return ""
        return f" AND EXISTS (SELECT 1 FROM card_topics t WHERE t.key = {column} AND ({self._match}))"

    def answers_by_study_day(self, day_of: Callable[[int], tuple[int, int]]) -> list[tuple[int, int]]:
        """(start, answers) of each study day that has answers, oldest first; `day_of(ms)` gives the
        bounds [start, end) of the study day holding the moment `ms`.

        The work grows with the answers and the days that have them, never with the days elapsed:
        without a filter each such day is one index search for its first answer and one range count
        on `reviews(reviewed_at)`; with a filter the answers are counted per quarter hour in one
        statement (card by card for a narrow filter, in time order otherwise), and the quarters are
        added up per day (day bounds are whole local hours, so a quarter never straddles two days).
        """
        out: list[tuple[int, int]] = []
        if self._match:
            narrow = self._share() < self.NARROW
            cards = f"r.card IN (SELECT t.key FROM card_topics t WHERE {self._match})" if narrow else "1"
            quarters = self.db.execute(
                f"SELECT r.reviewed_at / {QUARTER_MS}, COUNT(*) FROM reviews r WHERE {cards} "
                f"AND r.id NOT IN (SELECT review FROM undone){'' if narrow else self._in('r.card')} "
                "GROUP BY 1 ORDER BY 1",
                self.args,
            ).fetchall()
            hi: int | None = None
            for quarter, n in quarters:
                at = int(quarter) * QUARTER_MS
                if hi is None or at >= hi:
                    lo, hi = day_of(at)
                    out.append((lo, 0))
                out[-1] = (out[-1][0], out[-1][1] + int(n))
            return out
        alive = "r.id NOT IN (SELECT review FROM undone)"
        cursor = -(2**62)
        while True:
            row = self.db.execute(
                f"SELECT r.reviewed_at FROM reviews r WHERE r.reviewed_at >= :at AND {alive} "
                "ORDER BY r.reviewed_at LIMIT 1",
                {**self.args, "at": cursor},
            ).fetchone()
            if row is None:
                return out
            lo, hi = day_of(int(row[0]))
            if hi <= cursor:  # a day that ends where it started: nothing more to find
                return out
            count = self.db.execute(
                f"SELECT COUNT(*) FROM reviews r WHERE r.reviewed_at >= :lo AND r.reviewed_at < :hi AND {alive}",
                {**self.args, "lo": lo, "hi": hi},
            ).fetchone()
            out.append((lo, int(count[0])))
            cursor = hi

    def _share(self) -> float:
        """Roughly what share of the cards the topic filter selects (by card-topic rows)."""
        row = self.db.execute(
            f"SELECT (SELECT COUNT(*) FROM card_topics t WHERE {self._match}), (SELECT COUNT(*) FROM card_topics)",
            self.args,
        ).fetchone()
        return int(row[0]) / max(1, int(row[1]))

    def totals_between(self, lo: int, hi: int) -> dict[str, int]:
        """Answers in [lo, hi): count, Again, new cards introduced, quiz answers, time spent."""
        row = self.db.execute(
            "SELECT COUNT(*), TOTAL(r.rating = 1), TOTAL(r.state_before = 0), TOTAL(r.mode = 'quiz'), "
            "TOTAL(r.duration_ms) FROM reviews r WHERE r.reviewed_at >= :lo AND r.reviewed_at < :hi "
            f"AND r.id NOT IN (SELECT review FROM undone){self._exists('r.card')}",
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
            f"{self._exists('c.key')}) FROM d ORDER BY d.i",
            self.args,
        ).fetchall()
        return [int(r[0]) for r in rows]

    def first_answers(self, bounds: Sequence[int], mature_ms: int) -> list[tuple[int, bool, int, int]]:
        """True-retention counts: (day index, mature, passed, failed) over the days between `bounds`.

        Per card and day only the first answer counts, and only if the card was in review state;
        mature when the interval its previous answer scheduled was at least `mature_ms`.
        """
        if len(bounds) < 2:
            return []
        days = _rows((i, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1))
        rows = self.db.execute(
            f"WITH d(i, lo, hi) AS (VALUES {days}), "
            "f(day, id) AS (SELECT d.i, MIN(r.id) FROM d CROSS JOIN reviews r "
            "ON r.reviewed_at >= d.lo AND r.reviewed_at < d.hi WHERE r.id NOT IN (SELECT review FROM undone)"
            f"{self._exists('r.card')} GROUP BY d.i, r.card), "
            "x(day, rating, ivl) AS (SELECT f.day, r.rating, (SELECT p.due - p.reviewed_at FROM reviews p "
            "WHERE p.card = r.card AND p.id < r.id AND p.id NOT IN (SELECT review FROM undone) "
            "ORDER BY p.id DESC LIMIT 1) FROM f JOIN reviews r ON r.id = f.id WHERE r.state_before = 2) "
            "SELECT day, COALESCE(ivl, 0) >= :mature, TOTAL(rating > 1), TOTAL(rating = 1) FROM x GROUP BY 1, 2",
            {**self.args, "mature": mature_ms},
        ).fetchall()
        return [(int(d), bool(m), int(p), int(f)) for d, m, p, f in rows]

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
