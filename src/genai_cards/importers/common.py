"""Shared pieces of the importers: slugs, stable card ids, and CSV/Anki input turned into a deck file.

Every import ends as a deck-format-v1 YAML file in the home's decks folder, so a CSV or Anki deck
goes through the same validation, history and retirement rules as a YAML deck.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .. import messages as msg
from .. import yamlio
from ..decks import MAX_DOCUMENT_BYTES, DeckReader, load_deck_text
from ..errors import InvalidInput, Problem
from ..model import TOPIC_RE, CardSpec, Deck

ID_SLUG_MAX = 40


@dataclass
class Incoming:
    """One deck ready to be stored: the validated deck and the bytes of its YAML file, or (a YAML
    deck file read as it streams) the deck's fields and a reader of its cards, which are validated
    while they are stored."""

    source: Path
    deck: Deck | None  # None when `unchanged` names the stored deck this input is identical to
    data: bytes
    warnings: list[str] = field(default_factory=list)
    unchanged: str | None = None
    stream: DeckReader | None = None  # the cards of a YAML deck file, read from `source` when stored

    @property
    def deck_id(self) -> str:
        return self.deck.deck if self.deck is not None else (self.unchanged or "")

    @property
    def digest(self) -> str:
        return self.stream.digest if self.stream is not None else hashlib.sha256(self.data).hexdigest()

    def cards(self) -> Iterator[CardSpec]:
        """The deck's cards: those of `deck`, or read from the file (check `problems` once read)."""
        if self.stream is not None:
            yield from self.stream.cards()
        elif self.deck is not None:
            yield from self.deck.cards

    @property
    def problems(self) -> list[Problem]:
        return self.stream.problems if self.stream is not None else []


def fold(text: str) -> str:
    """Lowercase ASCII: accents removed (`ção` -> `cao`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode().lower()


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase slug like `rag-etapas` (empty if nothing is left)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_len].rstrip("-")


def short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def id_from_text(text: str) -> str:
    """A stable card id from a card's front: a slug of it plus a short hash (`o-que-e-rag-1a2b3c4d`)."""
    slug = slugify(text, ID_SLUG_MAX)
    return f"{slug}-{short_hash(text)}" if slug else f"card-{short_hash(text)}"


def topic_from_tag(tag: str) -> str | None:
    """A tag (`AWS::Bedrock`, `aws/bedrock`) as a topic slug (`aws/bedrock`); None if nothing is left."""
    parts = []
    for part in re.split(r"::|/", tag):
        slug = re.sub(r"[^a-z0-9.]+", "-", fold(part))
        slug = re.sub(r"[-.]{2,}", "-", slug).strip("-.")
        if slug:
            parts.append(slug)
    topic = "/".join(parts)
    return topic if topic and TOPIC_RE.match(topic) else None


def topics_from_tags(tags: list[str]) -> list[str]:
    """Distinct topic slugs of a list of tags, in order."""
    out: list[str] = []
    for tag in tags:
        topic = topic_from_tag(tag)
        if topic and topic not in out:
            out.append(topic)
    return out


def deck_from_document(doc: dict[str, Any], source: Path, warnings: list[str]) -> Incoming:
    """Validate a generated deck document exactly like a YAML deck; problems name the input file."""
    text = yamlio.dump(doc)
    data = text.encode("utf-8")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInput([Problem(str(source), None, msg.import_too_large(MAX_DOCUMENT_BYTES))])
    try:
        deck = load_deck_text(text, str(source))
    except InvalidInput as exc:
        raise InvalidInput([Problem(str(source), None, p.message) for p in exc.problems]) from None
    return Incoming(source, deck, data, warnings)
