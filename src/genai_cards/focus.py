"""Focus: whole decks (bundled ones too) out of study and back, and the topics of an exam's domains."""

from __future__ import annotations

import difflib
from datetime import datetime
from typing import Sequence

from . import messages as msg
from .errors import NotFound
from .store import Store


def set_decks_suspended(store: Store, decks: Sequence[str], suspended: bool, now: datetime) -> int:
    """Suspend or unsuspend every card of these decks (history kept; each change is a card event);
    return how many cards changed. An unknown deck refuses the whole command, changing nothing."""
    known = store.deck_ids()
    for deck in decks:
        if deck not in known:
            raise NotFound(msg.unknown_deck_close(deck, difflib.get_close_matches(deck, known, n=3, cutoff=0.5)))
    return store.set_deck_suspended(list(dict.fromkeys(decks)), suspended, now)


def exam_topics(exam_id: str) -> list[str]:
    """The domain topics of a bundled exam (`review --exam aif-c01`)."""
    from .exams import find_exam

    return [d.topic for d in find_exam(exam_id).domains]
