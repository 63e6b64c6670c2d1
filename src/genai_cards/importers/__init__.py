"""Reading what `genai-cards import` is given: YAML decks (files or folders), CSV/TSV, Anki packages.

Each input becomes an `Incoming` deck: validated, with the bytes of the YAML file to store in the
home's decks folder. Inputs are told apart by extension and checked by content: a `.apkg` that is
not a zip, or a `.csv` or `.yaml` holding binary data, is refused with a clear message.
"""

from __future__ import annotations

from pathlib import Path

from .. import messages as msg
from .. import yamlio
from ..decks import MAX_DECK_BYTES, DeckOwners, load_deck_text, open_deck, read_text
from ..errors import InvalidInput, Problem
from ..paths import deck_files
from .common import Incoming

YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
ANKI_SUFFIXES = (".apkg", ".colpkg")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

__all__ = ["Incoming", "read_inputs", "kind_of"]


def kind_of(path: Path) -> str | None:
    """`yaml`, `csv` or `apkg` by extension; an unknown extension holding a zip is taken as a package."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in ANKI_SUFFIXES:
        return "apkg"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return None
    return "apkg" if head in ZIP_MAGIC else None


def _yaml(path: Path, deck_id: str | None) -> Incoming:
    if deck_id is None:  # stored as it is: its cards are read as they are stored, whatever their number
        reader = open_deck(path)
        if reader.problems or reader.header is None:
            for _ in reader.cards():  # the cards' problems are listed too
                pass
            raise InvalidInput(reader.problems or [Problem(str(path), None, msg.EMPTY_FILE)])
        return Incoming(path, reader.header, b"", stream=reader)
    text = read_text(path)
    doc = yamlio.load_plain(text, str(path))
    if isinstance(doc, dict):  # parse, set the id, dump: the deck file as it will be stored
        doc["deck"] = deck_id
        text = yamlio.dump(doc)
    return Incoming(path, load_deck_text(text, str(path)), text.encode("utf-8"))


def _read_one(path: Path, deck_id: str | None) -> Incoming:
    kind = kind_of(path)
    if kind == "yaml":
        return _yaml(path, deck_id)
    if kind == "csv":
        from .csvfile import read_csv

        return read_csv(path, deck_id)
    if kind == "apkg":
        from .anki import read_apkg

        return read_apkg(path, deck_id)
    raise InvalidInput([Problem(str(path), None, msg.UNSUPPORTED_IMPORT)])


def _already_stored(path: Path, known: dict[str, str]) -> str | None:
    """The deck id whose stored file is byte-for-byte this YAML file, if any (no need to parse it again)."""
    import hashlib

    try:
        if path.stat().st_size > MAX_DECK_BYTES:
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return known.get(digest.hexdigest())
    except OSError:
        return None


def read_inputs(
    paths: list[Path], deck_id: str | None = None, known: dict[str, str] | None = None
) -> tuple[list[Incoming], list[Problem]]:
    """Read and check every input; return the good decks and every problem (nothing is stored here).

    `known` maps the digests of the YAML files already stored in the home to their deck ids: an
    input identical to one of them is returned as `unchanged` without being parsed again.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        if not p.exists():
            problems.append(Problem(str(p), None, msg.NO_SUCH_FILE))
        elif p.is_dir():
            found = deck_files([p])
            if not found:
                problems.append(Problem(str(p), None, msg.NO_DECKS_IN_FOLDER))
            files.extend(found)
        else:
            files.append(p)
    if deck_id is not None and len(files) > 1:
        problems.append(Problem(str(paths[0]), None, msg.deck_option_needs_one(len(files))))
        return [], problems
    incoming: list[Incoming] = []
    owners = DeckOwners(problems)
    for f in files:
        same = _already_stored(f, known) if known and deck_id is None and kind_of(f) == "yaml" else None
        if same is not None:
            if owners.claim(same, f):
                incoming.append(Incoming(f, None, b"", unchanged=same))
            continue
        try:
            item = _read_one(f, deck_id)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if owners.claim(item.deck_id, f):
            incoming.append(item)
    return incoming, problems
