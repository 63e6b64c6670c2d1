"""The store's study queues: due reviews, new cards in deck order, learning cards, daily counts."""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from .base import Base, topic_match

DAY_MS = 86_400_000
SMALL_TOPIC = 2_000  # a topic with at most this many cards: its new cards are read from the topic's side


def take_in_turn(walks: list[Iterator[tuple[str, str]]], limit: int, used_notes: set[str]) -> list[str]:
    """Keys taken one at a time from each walk of (key, note) in turn, skipping notes already used
    (siblings never come together), until `limit` keys or every walk has run out."""
    out: list[str] = []
    live = list(walks)
    while live and len(out) < limit:
        for walk in list(live):
            for key, note in walk:
                if note not in used_notes:
                    used_notes.add(note)
                    out.append(key)
                    break
            else:
                live.remove(walk)
            if len(out) >= limit:
                break
    return out


class Queues(Base):
    """What to study next, as card keys."""

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
        """New cards, one per note, skipping notes in `exclude_notes`, taken in turn from two sources:
        the bundled decks and the decks the learner imported (each source deck after deck in study
        order, each deck in its own order). So one's own decks are not queued behind the whole bundled
        course: every other new card is from them, while either source has new cards left."""
        if limit <= 0:
            return []
        f, args = self._topic_filter(topics)
        sources: list[list[str]] = [[], []]  # the bundled decks, the imported ones
        for deck, origin in self.db.execute("SELECT deck, origin FROM decks ORDER BY study_order, deck"):
            if not self.decks_only or deck in self.decks_only:
                sources[origin != "bundled"].append(deck)
        if topics and self._topic_size(topics, SMALL_TOPIC) <= SMALL_TOPIC:
            walks = self._new_in_topics(sources, topics)
        else:
            walks = [self._new_in_decks(decks, f, args) for decks in sources if decks]
        return take_in_turn(walks, limit, set(exclude_notes))

    def _new_in_decks(self, decks: Sequence[str], f: str, args: list[Any]) -> Iterator[tuple[str, str]]:
        """(key, note) of the new cards of `decks`, deck after deck, each read only as far as it is used
        (each query walks the partial index of new cards by deck and position)."""
        for deck in decks:
            yield from self.db.execute(
                "SELECT c.key, c.note FROM cards c WHERE c.deck = ? AND c.retired = 0 AND c.suspended = 0 "
                f"AND c.state = 0{f} ORDER BY c.position",
                [deck, *args],
            )

    def _new_in_topics(self, sources: list[list[str]], topics: Sequence[str]) -> list[Iterator[tuple[str, str]]]:
        """As `_new_in_decks` for each source, from one query that starts at the topic index (for a
        small topic: cheaper than walking every deck's new cards to find its few)."""
        match, args = topic_match(topics, "t.topic")
        decks, deck_args = "", list(self.decks_only)
        if self.decks_only:
            decks = f" AND c.deck IN ({', '.join('?' * len(self.decks_only))})"
        by_deck: dict[str, list[tuple[str, str]]] = {}
        for deck, key, note, _position in self.db.execute(
            "SELECT DISTINCT c.deck, c.key, c.note, c.position FROM card_topics t CROSS JOIN cards c ON c.key = t.key "
            f"WHERE ({match}) AND c.retired = 0 AND c.suspended = 0 AND c.state = 0{decks} ORDER BY c.deck, c.position",
            [*args, *deck_args],
        ):
            by_deck.setdefault(deck, []).append((key, note))
        return [iter([row for deck in group for row in by_deck.get(deck, [])]) for group in sources if group]

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

    def quiz_draw(self, topics: Sequence[str], types: Sequence[str], auto_graded: Sequence[str],
                  now_ms: int) -> Iterator[tuple[str, str]]:
        """(key, note) of the active cards of these topics (of `types`, when given), in the order a
        topic quiz draws them: auto-graded types first; then due cards, other seen cards, new cards;
        within the seen ones the lowest retrievability first (fsrs's R falls as whole elapsed days
        over stability grows; no stability counts as R = 0); then deck and position.

        Read lazily, one part of that order at a time (each its own index range: the day's due cards,
        the new cards in deck order), so a quiz of 20 questions reads the few parts it needs, not the
        whole topic."""
        f, args = self._topic_filter(topics)
        kinds = f" AND c.type IN ({', '.join('?' * len(types))})" if types else ""
        auto = ", ".join("?" * len(auto_graded))
        r_order = ("CASE WHEN c.stability IS NULL OR c.last_review IS NULL THEN -1e308 "
                   f"ELSE -(MAX(0, (? - c.last_review) / {DAY_MS}) / c.stability) END")  # R, lowest first
        if topics and self._topic_size(topics, SMALL_TOPIC) <= SMALL_TOPIC:  # a small topic: sort it whole
            match, topic_args = topic_match(topics, "t.topic")
            decks = f" AND c.deck IN ({', '.join('?' * len(self.decks_only))})" if self.decks_only else ""
            yield from self.db.execute(
                f"SELECT c.key, c.note FROM cards c WHERE c.retired = 0 AND c.suspended = 0{kinds}{decks} "
                f"AND c.key IN (SELECT t.key FROM card_topics t WHERE {match}) "
                f"ORDER BY CASE WHEN c.type IN ({auto}) THEN 0 ELSE 1 END, "
                "CASE WHEN c.state = 0 THEN 2 WHEN c.due IS NOT NULL AND c.due <= ? THEN 0 ELSE 1 END, "
                f"CASE WHEN c.state = 0 THEN 0 ELSE {r_order} END, c.deck, c.position",
                [*types, *self.decks_only, *topic_args, *auto_graded, now_ms, now_ms],
            )
            return
        weakest = f"ORDER BY {r_order}, c.deck, c.position"
        parts = [
            ("c.state IN (1, 2, 3) AND c.due <= ?", [now_ms], weakest, [now_ms]),  # due
            ("c.state IN (1, 2, 3) AND (c.due IS NULL OR c.due > ?)", [now_ms], weakest, [now_ms]),  # seen
            ("c.state = 0", [], "ORDER BY c.deck, c.position", []),  # new, in deck order
        ]
        for graded in ("IN", "NOT IN"):
            for where, where_args, order, order_args in parts:
                yield from self.db.execute(
                    f"SELECT c.key, c.note FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND {where} "
                    f"AND c.type {graded} ({auto}){kinds}{f} {order}",
                    [*where_args, *auto_graded, *types, *args, *order_args],
                )

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

    def learning_keys(self, until_ms: int, topics: Sequence[str]) -> list[str]:
        """Keys of the learning and relearning cards due before `until_ms`."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.key FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state IN (1, 3) "
            f"AND c.due < ?{f}",
            [until_ms, *args],
        ).fetchall()
        return [r[0] for r in rows]

    def learning_dues(self, until_ms: int, topics: Sequence[str]) -> list[int]:
        """Due times of the learning and relearning cards due before `until_ms`, soonest first."""
        f, args = self._topic_filter(topics)
        rows = self.db.execute(
            "SELECT c.due FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state IN (1, 3) "
            f"AND c.due < ?{f} ORDER BY c.due",
            [until_ms, *args],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def next_due(self, topics: Sequence[str]) -> int | None:
        """When the first seen card (learning, review or relearning) that is not suspended is due."""
        f, args = self._topic_filter(topics)
        firsts = []
        for state in (1, 2, 3):  # the first of each state's (state, due) range: no walk over the seen cards
            row = self.db.execute(
                f"SELECT c.due FROM cards c WHERE c.retired = 0 AND c.suspended = 0 AND c.state = ? AND c.due IS NOT NULL"
                f"{f} ORDER BY c.due LIMIT 1",
                [state, *args],
            ).fetchone()
            if row is not None:
                firsts.append(int(row[0]))
        return min(firsts) if firsts else None

    def notes_seen_since(self, since_ms: int) -> set[str]:
        """Notes with an answer since `since_ms` (their siblings wait until tomorrow)."""
        rows = self.db.execute(
            "SELECT DISTINCT c.note FROM reviews r JOIN cards c ON c.key = r.card "
            "WHERE r.reviewed_at >= ? AND r.id NOT IN (SELECT review FROM undone)",
            (since_ms,),
        ).fetchall()
        return {r[0] for r in rows}

    def done_since(self, since_ms: int) -> tuple[int, int]:
        """(new cards introduced, review cards answered) since `since_ms`, for the daily limits.

        New cards started in a quiz count against the new-card limit too (README: no surprise after a
        quiz); practice answers (kept apart, in `practice_answers`) started nothing and count against neither."""
        row = self.db.execute(
            "SELECT COUNT(DISTINCT CASE WHEN state_before = 0 THEN card END), "
            "COUNT(DISTINCT CASE WHEN state_before = 2 AND mode = 'review' THEN card END) FROM reviews "
            "WHERE reviewed_at >= ? AND mode IN ('review', 'quiz') AND id NOT IN (SELECT review FROM undone)",
            (since_ms,),
        ).fetchone()
        return int(row[0]), int(row[1])

