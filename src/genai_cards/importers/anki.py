"""Anki packages (.apkg, .colpkg) -> a deck: Basic-like notes become basic cards, Cloze notes cloze cards.

Both collection formats Anki writes are read:

- legacy: `collection.anki2` / `collection.anki21`, a plain SQLite file (schema 11, note types as
  JSON in the `col` table);
- current (Anki 2.1.50+): `collection.anki21b`, SQLite compressed with zstd (schema 18, note types
  in the `notetypes`, `fields` and `templates` tables with protobuf configs). Such packages also
  hold a dummy `collection.anki2` that only says "please update Anki", so the newest collection
  present wins. Reading it needs `zstandard`, a dependency of every install.

A package is untrusted input. Before anything is decompressed, every member name is checked (no
absolute paths, no `..`: zip slip), and the collection's declared size and compression ratio are
checked; while decompressing, the real size is capped too (declared sizes can lie). The collection
must start with the SQLite header and is opened read-only, with a time budget for every query.
Nothing is ever extracted next to the package: the collection goes to a private temporary folder.

A note's identity is its guid (`anki-` + a hex digest of it), so importing an edited export of the
same Anki deck updates the cards in place and keeps their history. HTML becomes readable text;
media is skipped (one warning says how many files).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .. import cloze
from .. import messages as msg
from ..errors import InvalidInput, Problem
from ..model import SLUG_RE
from ..yamlio import FlowList
from .common import Incoming, deck_from_document, slugify, topic_from_tag, topics_from_tags
from .html import html_to_text

MAX_COLLECTION_BYTES = 256 * 1024 * 1024  # the uncompressed SQLite collection
MAX_RATIO = 100  # uncompressed / compressed, checked for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_META_BYTES = 64 * 1024
MAX_ENTRIES = 500_000
MAX_NOTES = 100_000
QUERY_SECONDS = 30.0
CHUNK = 1024 * 1024

SQLITE_HEADER = b"SQLite format 3\x00"
CURRENT = "collection.anki21b"
LEGACY = ("collection.anki21", "collection.anki2")
META_VERSIONS = {1: "collection.anki2", 2: "collection.anki21", 3: CURRENT}
SKIPPED_TAGS = {"leech", "marked"}
TYPE_RE = re.compile(r"\{\{type:(?:[^:}]+:)*([^}]+)\}\}")


@dataclass(frozen=True)
class NoteType:
    """What the importer needs of an Anki note type."""

    name: str
    cloze: bool
    fields: list[str]
    questions: list[str]  # each template's question format, in order


@dataclass(frozen=True)
class Note:
    guid: str
    notetype: int
    tags: list[str]
    fields: list[str]
    ords: frozenset[int]  # the card ordinals Anki generated for the note
    deck: str


def read_apkg(path: Path, deck_id: str | None) -> Incoming:
    """Read an Anki package into a validated deck, or raise InvalidInput naming the package."""
    where = str(path)
    with tempfile.TemporaryDirectory(prefix="genai-cards-apkg-") as tmp:
        target = Path(tmp) / "collection.sqlite3"
        media = _extract_collection(path, target)
        notetypes, notes = _read_collection(where, target)
    deck = deck_id or slugify(path.stem)
    if not deck or not SLUG_RE.match(deck):
        raise InvalidInput([Problem(where, None, msg.NO_DECK_ID)])
    deck_names = sorted({n.deck for n in notes if n.deck})
    several = len(deck_names) > 1
    cards: list[dict[str, Any]] = []
    seen: set[str] = set()
    skipped = 0
    for note in notes:
        card = _card(note, notetypes.get(note.notetype))
        if card is None or card["id"] in seen:
            skipped += 1
            continue
        seen.add(card["id"])
        topics = topics_from_tags([t for t in note.tags if t.lower() not in SKIPPED_TAGS])
        deck_topic = topic_from_tag(note.deck) if several else None
        if deck_topic and deck_topic not in topics:
            topics.insert(0, deck_topic)
        if topics:
            card["topics"] = FlowList(topics)
        cards.append(card)
    if not cards:
        raise InvalidInput([Problem(where, None, msg.anki_no_cards(len(notes)))])
    warnings = []
    if media:
        warnings.append(msg.media_skipped(where, media))
    if skipped:
        warnings.append(msg.notes_skipped(where, skipped))
    title = _common_deck(deck_names) or path.stem
    doc = {"version": 1, "deck": deck, "title": title, "cards": cards}
    return deck_from_document(doc, path, warnings)


# --- the package ---------------------------------------------------------------------------------
def _refuse(path: Path, message: str) -> InvalidInput:
    return InvalidInput([Problem(str(path), None, message)])


def _unsafe_name(name: str) -> bool:
    """True for member names that would escape a target folder if extracted (zip slip)."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def _extract_collection(path: Path, target: Path) -> int:
    """Copy the package's newest collection, decompressed, to `target`; return the media file count."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse(path, msg.APKG_NOT_ZIP) from None
    except OSError as exc:
        raise _refuse(path, msg.cannot_read(exc.strerror or str(exc))) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _refuse(path, msg.apkg_too_many_entries(len(infos)))
        for info in infos:
            if _unsafe_name(info.filename):
                raise _refuse(path, msg.apkg_unsafe_name(info.filename))
            if info.flag_bits & 0x1:
                raise _refuse(path, msg.APKG_ENCRYPTED)
        members = {i.filename: i for i in infos}
        wanted = _collection_name(path, archive, members)
        info = members[wanted]
        _check_declared(path, info)
        try:
            with archive.open(info) as src, open(target, "wb") as out:
                if wanted == CURRENT:
                    _unzstd(path, src, out, info.file_size)
                else:
                    _copy_capped(path, src, out, info.file_size)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError,
                OSError) as exc:
            raise _refuse(path, msg.apkg_damaged(str(exc))) from None
        media = sum(1 for i in infos if i.filename.isdigit() and not i.is_dir())
    with open(target, "rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise _refuse(path, msg.APKG_NOT_SQLITE)
    return media


def _collection_name(path: Path, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> str:
    """The collection to read: the one `meta` names, else the newest present."""
    if "meta" in members:
        info = members["meta"]
        if info.file_size > MAX_META_BYTES:
            raise _refuse(path, msg.apkg_damaged("oversized meta"))
        try:
            version = _pb_varint(_pb_fields(archive.read(info)), 1)
        except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                OSError) as exc:
            raise _refuse(path, msg.apkg_damaged(f"bad meta ({exc})")) from None
        if version not in META_VERSIONS:
            raise _refuse(path, msg.apkg_too_new(version))
        if META_VERSIONS[version] in members:
            return META_VERSIONS[version]
    for name in (CURRENT, *LEGACY):
        if name in members and not members[name].is_dir():
            return name
    raise _refuse(path, msg.APKG_NO_COLLECTION)


def _check_declared(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse a member whose declared size or compression ratio is beyond any real collection's."""
    if info.file_size > MAX_COLLECTION_BYTES:
        raise _refuse(path, msg.apkg_too_large(info.file_size, MAX_COLLECTION_BYTES))
    if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _refuse(path, msg.apkg_ratio(info.file_size // max(info.compress_size, 1)))


def _copy_capped(path: Path, src: IO[bytes], out: IO[bytes], declared: int) -> None:
    limit = min(declared, MAX_COLLECTION_BYTES)
    written = 0
    while chunk := src.read(CHUNK):
        written += len(chunk)
        if written > limit:
            raise _refuse(path, msg.apkg_too_large(written, limit))
        out.write(chunk)


def _unzstd(path: Path, src: IO[bytes], out: IO[bytes], compressed: int) -> None:
    """Decompress Anki's zstd collection, capping the output size and the expansion ratio."""
    try:
        import zstandard
    except ImportError:
        raise _refuse(path, msg.needs_anki_extra(msg.READING_CURRENT_APKG, "zstandard")) from None
    limit = min(MAX_COLLECTION_BYTES, max(RATIO_MIN_BYTES, MAX_RATIO * max(compressed, 1)))
    written = 0
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(src, read_across_frames=True)
        while chunk := reader.read(CHUNK):
            written += len(chunk)
            if written > limit:
                if written > MAX_COLLECTION_BYTES:
                    raise _refuse(path, msg.apkg_too_large(written, MAX_COLLECTION_BYTES))
                raise _refuse(path, msg.apkg_ratio(written // max(compressed, 1)))
            out.write(chunk)
    except zstandard.ZstdError as exc:
        raise _refuse(path, msg.apkg_bad_zstd(str(exc))) from None


# --- the collection ------------------------------------------------------------------------------
def _read_collection(where: str, db_path: Path) -> tuple[dict[int, NoteType], list[Note]]:
    deadline = time.monotonic() + QUERY_SECONDS
    try:
        db = sqlite3.connect(db_path.as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InvalidInput([Problem(where, None, msg.apkg_bad_collection(str(exc)))]) from None
    db.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)
    try:
        db.execute("PRAGMA query_only = ON")
        tables = {name for name, kind in db.execute("SELECT name, type FROM sqlite_master") if kind == "table"}
        if not {"notes", "cards"} <= tables:
            raise InvalidInput([Problem(where, None, msg.APKG_NOT_ANKI)])
        if {"notetypes", "fields", "templates", "decks"} <= tables:
            notetypes, decks = _schema18(db)
        elif "col" in tables:
            notetypes, decks = _schema11(db)
        else:
            raise InvalidInput([Problem(where, None, msg.APKG_NOT_ANKI)])
        (count,) = db.execute("SELECT COUNT(*) FROM notes").fetchone()
        if count > MAX_NOTES:
            raise InvalidInput([Problem(where, None, msg.apkg_too_many_notes(count, MAX_NOTES))])
        ords: dict[int, set[int]] = {}
        note_deck: dict[int, int] = {}
        for nid, ord_, did in db.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord"):
            ords.setdefault(nid, set()).add(int(ord_))
            note_deck.setdefault(nid, did)
        notes = [
            Note(str(guid), int(mid), str(tags).split(), str(flds).split("\x1f"), frozenset(ords.get(nid, ())),
                 decks.get(note_deck.get(nid, -1), ""))
            for nid, guid, mid, tags, flds in db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
        ]
    except sqlite3.OperationalError as exc:
        text = "took too long" if "interrupt" in str(exc) else str(exc)
        raise InvalidInput([Problem(where, None, msg.apkg_bad_collection(text))]) from None
    except sqlite3.DatabaseError as exc:
        raise InvalidInput([Problem(where, None, msg.apkg_bad_collection(str(exc)))]) from None
    except RecursionError:  # JSON nested thousands deep
        raise InvalidInput([Problem(where, None, msg.apkg_bad_collection("note types nested too deep"))]) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput([Problem(where, None, msg.apkg_bad_collection(f"unreadable note types ({exc})"))]) from None
    finally:
        db.close()
    return notetypes, notes


def _schema11(db: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Legacy collections: note types and decks are JSON in the single `col` row."""
    row = db.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise ValueError("no col row")
    models = json.loads(row[0] or "{}")
    notetypes: dict[int, NoteType] = {}
    for mid, m in models.items():
        fields = [str(f["name"]) for f in sorted(m["flds"], key=lambda f: int(f["ord"]))]
        questions = [str(t["qfmt"]) for t in sorted(m["tmpls"], key=lambda t: int(t["ord"]))]
        notetypes[int(mid)] = NoteType(str(m.get("name", "")), int(m.get("type", 0)) == 1, fields, questions)
    decks = {int(did): str(d["name"]) for did, d in json.loads(row[1] or "{}").items()}
    return notetypes, decks


def _schema18(db: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    """Current collections: note types in tables, their settings in protobuf blobs."""
    fields: dict[int, list[str]] = {}
    for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(int(ntid), []).append(str(name))
    questions: dict[int, list[str]] = {}
    for ntid, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        found = _pb_fields(bytes(config)).get(1, [])
        qfmt = found[0] if found and isinstance(found[0], bytes) else b""
        questions.setdefault(int(ntid), []).append(qfmt.decode("utf-8", "replace"))
    notetypes = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        kind = _pb_varint(_pb_fields(bytes(config)), 1)
        notetypes[int(ntid)] = NoteType(str(name), kind == 1, fields.get(int(ntid), []), questions.get(int(ntid), []))
    decks = {int(did): str(name).replace("\x1f", "::") for did, name in db.execute("SELECT id, name FROM decks")}
    return notetypes, decks


# --- protobuf, just enough for Anki's config blobs -------------------------------------------------
def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise ValueError("truncated protobuf")
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7


def _pb_fields(data: bytes) -> dict[int, list[int | bytes]]:
    """The top-level fields of a protobuf message: number -> values (ints or bytes)."""
    out: dict[int, list[int | bytes]] = {}
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            size, i = _varint(data, i)
            if i + size > len(data):
                raise ValueError("truncated protobuf")
            value, i = data[i : i + size], i + size
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, i = data[i : i + size], i + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.setdefault(number, []).append(value)
    return out


def _pb_varint(fields: dict[int, list[int | bytes]], number: int) -> int:
    values = [v for v in fields.get(number, []) if isinstance(v, int)]
    return values[-1] if values else 0


# --- notes -> cards ------------------------------------------------------------------------------
def card_id_for(guid: str) -> str:
    """The card id of an Anki note: `anki-` + a hex digest of its guid."""
    return "anki-" + hashlib.sha1(guid.encode("utf-8")).hexdigest()[:12]


def _card(note: Note, notetype: NoteType | None) -> dict[str, Any] | None:
    """One note as a card of the deck format, or None if it has no usable text."""
    if notetype is None:
        return None
    values = [html_to_text(v) for v in note.fields]
    card_id = card_id_for(note.guid)
    if notetype.cloze:
        text, extra = values[0] if values else "", _joined(values[1:])
        if cloze.problem(text) is not None:
            return None
        card: dict[str, Any] = {"id": card_id, "type": "cloze", "text": text}
        if extra:
            card["back"] = extra
        return card
    if len(values) < 2 or not values[0]:
        return None
    typed = TYPE_RE.search(notetype.questions[0]) if notetype.questions else None
    answer_at = notetype.fields.index(typed.group(1).strip()) if typed and typed.group(1).strip() in notetype.fields else None
    if answer_at is not None and answer_at < len(values) and answer_at != 0:
        if not values[answer_at]:
            return None
        card = {"id": card_id, "type": "typed", "front": values[0], "answer": [values[answer_at]]}
        rest = [v for i, v in enumerate(values) if i not in (0, answer_at)]
    else:
        if not values[1]:
            return None
        card = {"id": card_id, "front": values[0], "back": values[1]}
        if len(notetype.questions) >= 2 and 1 in note.ords:
            card["reverse"] = True
        rest = values[2:]
    explain = _joined(rest)
    if explain:
        card["explain"] = explain
    return card


def _common_deck(names: list[str]) -> str:
    """The deepest Anki deck holding all these decks (`AWS` for `AWS::Bedrock` and `AWS::SageMaker`)."""
    if not names:
        return ""
    split = [n.split("::") for n in names]
    common = []
    for parts in zip(*split):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "::".join(common).strip()


def _joined(values: list[str]) -> str:
    return "\n\n".join(v for v in values if v)
