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

    def _write(self) -> Tx:
        return Tx(self.db)

    def _topic_filter(self, topics: Sequence[str], alias: str = "c") -> tuple[str, list[Any]]:
        if not topics:
            return "", []
        parts, args = [], []
        for t in topics:
            parts.append("(topic = ? OR topic LIKE ?)")
            args.extend([t, t + "/%"])
        sql = f" AND {alias}.key IN (SELECT key FROM card_topics WHERE {' OR '.join(parts)})"
        return sql, args

