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
        """` AND alias.key IN (cards of these topics or their subtopics)` and its parameters."""
        sql, params = "", []
        if self.decks_only:
            sql, params = f" AND {alias}.deck IN ({', '.join('?' * len(self.decks_only))})", list(self.decks_only)
        if not topics:
            return sql, params
        match, args = topic_match(topics, "topic")
        return f"{sql} AND {alias}.key IN (SELECT key FROM card_topics WHERE {match})", [*params, *args]


def topic_match(topics: Sequence[str], column: str, name: str | None = None) -> tuple[str, Any]:
    """SQL true when `column` is one of `topics` or a subtopic of one, and its parameters: a list
    for `?` placeholders, or (given `name`) a dict for `:name0`, `:name0a`, ... ones.

    A subtopic of `t` sorts between `t/` and `t0` ("0" follows "/"), so each topic is one index range.
    """
    parts: list[str] = []
    positional: list[str] = []
    named: dict[str, str] = {}
    for i, topic in enumerate(topics):
        values = (topic, topic + "/", topic + "0")
        if name is None:
            marks = ["?", "?", "?"]
            positional.extend(values)
        else:
            keys = [f"{name}{i}", f"{name}{i}a", f"{name}{i}b"]
            marks = [":" + k for k in keys]
            named.update(zip(keys, values))
        parts.append(f"({column} = {marks[0]} OR ({column} >= {marks[1]} AND {column} < {marks[2]}))")
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
