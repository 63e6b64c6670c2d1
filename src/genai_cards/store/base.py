"""What every part of the store shares: the guarded connection, transactions, the topic filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from .connection import Db, Tx


class Base:
    """The connection and home every part of `Store` works on."""

    def __init__(self, db: Db, home: Path) -> None:
        self.db = db
        self.home = home

    decks_only: tuple[str, ...] = ()  # `review --deck D`: every queue of this store keeps to these decks

    def only_decks(self, decks: Sequence[str]) -> None:
        """Keep every topic-filtered query (the study queues, quiz draws, due counts) to these decks."""
        self.decks_only = tuple(decks)

    def _write(self) -> Tx:
        return Tx(self.db)

    def transaction(self) -> Tx:
        """`with store.transaction():` — the store's writes inside commit together, or none does."""
        return Tx(self.db)

    def _topic_filter(self, topics: Sequence[str], alias: str = "c") -> tuple[str, list[Any]]:
        """` AND` (the card `alias` has one of these topics or a subtopic), and its parameters.

        A probe per candidate card: one seek into `card_topics_by_key` (key, then a range on the
        topic), so a query costs what it walks of `cards` (today's due cards, the first new cards of a
        deck), never the size of the topic, and nothing is gathered per query or per deck.
        """
        sql, params = "", []
        if self.decks_only:
            sql, params = f" AND {alias}.deck IN ({', '.join('?' * len(self.decks_only))})", list(self.decks_only)
        if not topics:
            return sql, params
        match, args = topic_match(topics, "t.topic")
        return f"{sql} AND EXISTS (SELECT 1 FROM card_topics t WHERE t.key = {alias}.key AND ({match}))", \
            [*params, *args]

    def _topic_size(self, topics: Sequence[str], at_most: int) -> int:
        """How many (topic, card) rows these topics have, counted up to `at_most` + 1 (a bounded walk
        of the topic index: this tells a small topic from a big one without reading the big one)."""
        match, args = topic_match(topics, "topic")
        row = self.db.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM card_topics WHERE {match} LIMIT ?)", [*args, at_most + 1]
        ).fetchone()
        return int(row[0])


def topic_match(topics: Sequence[str], column: str, name: str | None = None) -> tuple[str, Any]:
    """SQL true when `column` is one of `topics` or a subtopic of one, and its parameters: a list
    for `?` placeholders, or (given `name`) a dict for `:name0`, `:name0a`, ... ones.

    `t` and its subtopics (`t/...`) all sort in `[t, t0)` ("0" follows "/"), so each topic is one
    range of the topic index; the few other slugs in that range (`t-x`) are dropped by the check
    `= t or >= t/` on the rows of the range.
    """
    parts: list[str] = []
    positional: list[str] = []
    named: dict[str, str] = {}
    for i, topic in enumerate(topics):
        values = (topic, topic + "0", topic + "/")
        if name is None:
            marks = ["?", "?", "?", "?"]
            positional.extend((topic, topic + "0", topic, topic + "/"))
        else:
            keys = [f"{name}{i}", f"{name}{i}b", f"{name}{i}a"]
            named.update(zip(keys, values))
            marks = [":" + keys[0], ":" + keys[1], ":" + keys[0], ":" + keys[2]]
        parts.append(f"({column} >= {marks[0]} AND {column} < {marks[1]} AND ({column} = {marks[2]} "
                     f"OR {column} >= {marks[3]}))")
    return " OR ".join(parts), (positional if name is None else named)


# The merged order of the log (SPEC §5: state after a merge is the replay of the merged log in time
# order), the same on every device: by `eff`, then device, then seq (the order on that device), then
# uid. `eff` is the row's time, but never earlier than an earlier row of the same device for the
# same card, so a device whose clock was set back keeps its own answers in the order they were given.
MERGED_ORDER = "eff, device, seq, uid"
MERGED_ORDER_DESC = "eff DESC, device DESC, seq DESC, uid DESC"


def in_merged_order(table: str, time: str, where: str) -> str:
    """A subquery: the rows of `table` (reviews or card_events) that match `where`, with their `eff`."""
    return (f"(SELECT *, MAX({time}) OVER (PARTITION BY card, device ORDER BY seq ROWS UNBOUNDED PRECEDING) "
            f"AS eff FROM {table} WHERE {where})")
