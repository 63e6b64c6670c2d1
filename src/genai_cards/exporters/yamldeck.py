"""Decks written back as deck-format-v1 YAML: importing the files gives the same cards.

One deck per file. With several decks, the output is a folder holding `<deck>.yaml` for each (the
same layout `genai-cards import FOLDER` reads); a single deck may go to a `.yaml` file or to '-'.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from .. import messages as msg
from ..errors import GenaiCardsError
from ..model import CardSpec, Deck
from ..yamlio import FlowList, dump


def _plain(value: Any) -> Any:
    """A field value as plain YAML data (maps of language -> text stay maps)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def card_document(spec: CardSpec) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": spec.id}
    if spec.type != "basic":
        doc["type"] = spec.type
    whys = spec.fields.get("whys")
    for key, value in spec.fields.items():
        if value is None or key == "whys" or (key == "reverse" and not value):
            continue
        if key == "choices" and whys:
            doc[key] = [{"text": _plain(c), "why": _plain(w)} if w is not None else _plain(c)
                        for c, w in zip(value, whys)]
        elif key == "pairs":
            doc[key] = [FlowList(_plain(p)) for p in value]
        else:
            doc[key] = _plain(value)
    if spec.topics:
        doc["topics"] = FlowList(spec.topics)
    if spec.source is not None:
        doc["source"] = _plain(spec.source)
    if spec.explain is not None:
        doc["explain"] = _plain(spec.explain)
    return doc


def deck_document(deck: Deck) -> dict[str, Any]:
    """A deck (possibly with only some of its cards) as a deck-format-v1 document."""
    doc: dict[str, Any] = {"deck": deck.deck, "title": _plain(deck.title), "lang": deck.lang}
    if deck.topics:
        doc["topics"] = FlowList(deck.topics)
    if deck.source is not None:
        doc["source"] = _plain(deck.source)
    if deck.order != 1000:
        doc["order"] = deck.order
    doc["cards"] = [card_document(c) for c in deck.cards]
    return doc


def write_yaml(decks: list[Deck], output: str, stdout: IO[str] | None = None) -> list[str]:
    """Write the decks; return the files written."""
    if output == "-":
        if len(decks) > 1:
            raise GenaiCardsError(msg.export_needs_folder(len(decks)))
        (stdout if stdout is not None else sys.stdout).write(dump(deck_document(decks[0])))
        return ["-"]
    out = Path(output)
    if out.suffix.lower() in (".yaml", ".yml") and not out.is_dir():
        if len(decks) > 1:
            raise GenaiCardsError(msg.export_needs_folder(len(decks)))
        _write(out, dump(deck_document(decks[0])))
        return [str(out)]
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for deck in decks:
        target = out / f"{deck.deck}.yaml"
        _write(target, dump(deck_document(deck)))
        files.append(str(target))
    return files


def _write(target: Path, text: str) -> None:
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
