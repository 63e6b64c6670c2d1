"""CSV and TSV with a header: `front,back[,tags][,id]` -> a deck of basic cards.

The delimiter is the one (comma, tab or semicolon) that splits the header into known columns, so a
`.csv` saved with semicolons by a spreadsheet works too. A UTF-8 BOM and Windows line endings are
accepted. Tags are space-separated and become topics (`AWS::Bedrock` -> `aws/bedrock`). A card's
identity is its `id` column when there is one, else its front text (a slug plus a short hash), so
editing a back keeps the card's history, and editing a front makes a new card.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from .. import messages as msg
from ..decks import read_text
from ..errors import InvalidInput, Problem
from ..model import SLUG_RE
from ..safetext import first_control, unguard_cell
from ..yamlio import FlowList
from .common import Incoming, deck_from_document, id_from_text, slugify, topics_from_tags

COLUMNS = ("front", "back", "tags", "id")
DELIMITERS = (",", "\t", ";")


def _text(path: Path) -> str:
    """The file's text (same size, encoding and binary checks as a deck), refusing an empty file."""
    text = read_text(path)
    if not text.strip():
        raise InvalidInput([Problem(str(path), None, msg.EMPTY_FILE)])
    return text


def _header(path: Path, text: str) -> tuple[str, list[str]]:
    """The delimiter and the lowercased column names, from the first line."""
    first = text.splitlines()[0] if text.splitlines() else ""
    candidates = [d for d in DELIMITERS if d in first] or [","]
    if path.suffix.lower() in (".tsv", ".tab"):
        candidates = ["\t"] + [d for d in candidates if d != "\t"]
    for delim in candidates:
        try:
            names = [c.strip().lower() for c in next(csv.reader([first], delimiter=delim))]
        except csv.Error as exc:  # e.g. a header longer than the csv module's field limit
            raise InvalidInput([Problem(str(path), 1, msg.csv_syntax(str(exc)))]) from None
        if "front" in names and "back" in names:
            return delim, names
    raise InvalidInput([Problem(str(path), 1, msg.CSV_NO_HEADER)])


def read_csv(path: Path, deck_id: str | None) -> Incoming:
    """Read a CSV/TSV file into a validated deck; every bad row is reported as `path:line: message`."""
    text = _text(path)
    delim, names = _header(path, text)
    problems: list[Problem] = []
    for name in names:
        if name not in COLUMNS:
            problems.append(Problem(str(path), 1, msg.csv_unknown_column(name, list(COLUMNS))))
    if len(set(names)) != len(names):
        problems.append(Problem(str(path), 1, msg.CSV_DUPLICATE_COLUMN))
    deck = deck_id or slugify(path.stem)
    if not deck or not SLUG_RE.match(deck):
        problems.append(Problem(str(path), None, msg.NO_DECK_ID))
    if problems:
        raise InvalidInput(problems)
    col = {n: i for i, n in enumerate(names)}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    cards: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        next(reader)
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            card = _card(path, start, row, col, problems)
            if card is None:
                continue
            if card["id"] in seen:
                problems.append(Problem(str(path), start, msg.csv_duplicate(card["id"], seen[card["id"]],
                                                                            "id" in col)))
                continue
            seen[card["id"]] = start
            cards.append(card)
    except csv.Error as exc:
        problems.append(Problem(str(path), reader.line_num or line, msg.csv_syntax(str(exc))))
    if problems:
        raise InvalidInput(problems)
    if not cards:
        raise InvalidInput([Problem(str(path), None, msg.NO_CARDS)])
    doc = {"version": 1, "deck": deck, "title": path.stem, "cards": cards}
    return deck_from_document(doc, path, [])


def _card(path: Path, line: int, row: list[str], col: dict[str, int], problems: list[Problem]) -> dict[str, Any] | None:
    if len(row) > len(col):
        problems.append(Problem(str(path), line, msg.csv_too_many_cells(len(row), len(col))))
        return None

    def cell(name: str) -> str:
        i = col.get(name)
        return unguard_cell(row[i].replace("\r\n", "\n").strip()) if i is not None and i < len(row) else ""

    for name in col:
        control = first_control(cell(name))
        if control:
            problems.append(Problem(str(path), line, msg.control_character(name, control)))
            return None
    front, back = cell("front"), cell("back")
    bad = [n for n, v in (("front", front), ("back", back)) if not v]
    for name in bad:
        problems.append(Problem(str(path), line, msg.empty_field(name)))
    if bad:
        return None
    if "id" in col and cell("id"):
        card_id = slugify(cell("id"), 80)
        if not card_id:
            problems.append(Problem(str(path), line, msg.bad_slug("id", cell("id"))))
            return None
    else:
        card_id = id_from_text(front)
    card: dict[str, Any] = {"id": card_id, "front": front, "back": back}
    topics = topics_from_tags(cell("tags").split())
    if topics:
        card["topics"] = FlowList(topics)
    return card
