"""What the store hands out: study cards and decks as stored."""

from __future__ import annotations

import json
from typing import Any, NamedTuple, Sequence

from ..model import CardState

STATE_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"


class CardRow(NamedTuple):
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


class Recorded(NamedTuple):
    """One answer as written: its log id, the card's state before it (as the database held it when the
    answer was written) and after it, and whether it made the card a leech."""

    review_id: int
    before: CardState
    after: CardState
    leech: bool


class DeckRow(NamedTuple):
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


CARD_COLS = (
    "key, note, deck, position, type, content, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, leech, retired"
)


def card_row(r: Sequence[Any]) -> CardRow:
    return CardRow(
        key=r[0], note=r[1], deck=r[2], position=r[3], type=r[4], content=json.loads(r[5]),
        state=CardState(r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13]),
        suspended=bool(r[14]), leech=bool(r[15]), retired=bool(r[16]),
    )
