"""Each deck's vocabulary of answers, as grading compares a typed or cloze answer with it (the compact
forms, `grading.cores_of`, of the answer-like terms of every active card of the deck: another card's
answer never passes as a typo of this one).

Folding a deck's answers costs about 0.7 s at 20,000 cards, so it is done once per change of the deck
and kept in the store (`decks.answer_cores`, migration m013): computed when a session first needs it,
or right after an import (`warm`), and dropped whenever a save changes the deck's cards.
"""

from __future__ import annotations

from typing import Iterable

from .errors import StoreError
from .grading import cores_of, terms_of
from .store import Store


def deck_cores(store: Store, deck: str) -> frozenset[str]:
    """The compact forms of the answers of `deck`'s active cards: kept ones, else computed (and kept)."""
    with store.answer_cores(deck) as (kept, version, contents):
        if kept is not None:
            return frozenset(kept.split("\n")) - {""}
        terms = frozenset(t for c in contents for t in terms_of(c))  # a card at a time: bounded memory
    cores = cores_of(terms)
    if version >= 0:
        try:
            store.keep_answer_cores(deck, version, "\n".join(sorted(cores)))
        except StoreError:
            pass  # a read-only or busy home: computed again next time
    return cores


def warm(store: Store, decks: Iterable[str]) -> None:
    """Compute and keep the vocabulary of these decks now (after an import), not at a session's first
    typed card."""
    for deck in decks:
        deck_cores(store, deck)
