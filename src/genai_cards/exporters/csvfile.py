"""Decks as CSV: `front,back,tags,id`, one row per deck entry, readable for every card type.

Tags are the card's topics (its deck's and its own), space-separated, so importing the file again
gives the same topics. The id is the card's id; when two exported decks use the same card id, those
rows get `<deck>-<id>` so ids stay unique in the file.

A text cell that starts with `=`, `+`, `-` or `@` is written with a leading apostrophe, so a
spreadsheet shows it as text instead of running it as a formula (CSV injection); `import` removes
that apostrophe again, so the file imports back as the same cards.
"""

from __future__ import annotations

import csv
from collections import Counter
from typing import IO

from ..model import Deck
from ..safetext import guard_cell
from .output import open_text
from .render import render

CSV_COLUMNS = ["front", "back", "tags", "id"]


def write_csv(decks: list[Deck], output: str, stdout: IO[str] | None = None) -> list[str]:
    counts = Counter(c.id for d in decks for c in d.cards)
    with open_text(output, stdout) as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for deck in decks:
            for spec in deck.cards:
                front, back = render(spec, deck.lang)
                tags = " ".join(dict.fromkeys(deck.topics + spec.topics))
                card_id = spec.id if counts[spec.id] == 1 else f"{deck.deck}-{spec.id}"
                writer.writerow([guard_cell(front), guard_cell(back), tags, card_id])
    return [output]
