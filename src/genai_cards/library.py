"""Keeps the store in step with the deck files: bundled decks and the decks imported into the home.

A deck is re-parsed only when its file changed (size or mtime differ, then the content digest is
compared), so starting the program costs a few `stat` calls, not a YAML parse.
"""

from __future__ import annotations

import errno
import os
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple

from . import messages as msg
from .errors import GenaiCardsError, InvalidInput, NotFound, Problem
from .model import SLUG_RE, CardSpec, Deck, StudyCard, iter_study_cards, text_in, topic_matches
from .paths import bundled_decks_dir, deck_files, user_decks_dir
from .store import DeckRow, Store

if TYPE_CHECKING:
    from .decks import DeckReader
    from .importers import Incoming


class ImportReport:
    """What an import did (or would do): counts per outcome and problems."""

    def __init__(self) -> None:
        self.added = self.updated = self.unchanged = self.retired = 0
        self.decks: list[str] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.per_deck: list[dict[str, Any]] = []

    def add(self, deck: str, added: int, updated: int, unchanged: int, retired: int) -> None:
        self.decks.append(deck)
        self.per_deck.append({"deck": deck, "added": added, "updated": updated, "unchanged": unchanged,
                              "retired": retired})
        self.added += added
        self.updated += updated
        self.unchanged += unchanged
        self.retired += retired

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "retired": self.retired, "decks": self.decks, "errors": self.errors, "warnings": self.warnings,
            "per_deck": self.per_deck,
        }


class ExportReport(NamedTuple):
    """What an export wrote: the decks, the number of notes (deck entries) and the files."""

    decks: list[str]
    notes: int
    files: list[str]


def _digest(data: bytes) -> str:
    import hashlib  # here: a start with no deck file changed does not need it

    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The sha-256 of a file's bytes, read a megabyte at a time."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _row(deck: Deck, origin: str, path: Path, digest: str, stat_of: Path | None = None) -> DeckRow:
    """The deck's row; its stat is `stat_of`'s (a file about to be renamed to `path`) if given."""
    st = (stat_of or path).stat()
    return DeckRow(deck.deck, text_in(deck.title, deck.lang), deck.lang, origin, str(path), st.st_mtime_ns,
                   st.st_size, digest, list(deck.topics), deck.order)


def checked_cards(reader: DeckReader) -> Iterator[CardSpec]:
    """The cards of a deck being read; InvalidInput with every problem once they are all read."""
    yield from reader.cards()
    if reader.problems:
        raise InvalidInput(reader.problems)


def sync(store: Store, warnings: list[str] | None = None) -> None:
    """Bring bundled and user decks up to date in the store, parsing only changed files.

    A deck whose file is gone (deleted from the home, or dropped from a new version's bundle) has
    its cards retired; their history stays in the log.
    """
    seen: set[str] = set()
    known = {d.deck: d for d in store.decks()}
    by_path = {d.path: d for d in known.values()}
    sources = [(f, "bundled") for f in deck_files([bundled_decks_dir()])]
    user_dir = user_decks_dir(store.home)
    if user_dir.is_dir():
        sources += [(f, "user") for f in deck_files([user_dir])]
    claimed: dict[str, Path] = {}  # deck id -> the file that provides it (the first in sorted order)

    def claim(deck_id: str, f: Path) -> bool:
        if deck_id in claimed:
            if warnings is not None:
                warnings.append(msg.duplicate_home_deck(deck_id, str(claimed[deck_id]), str(f)))
            return False
        claimed[deck_id] = f
        return True

    for f, origin in sources:
        try:
            st = f.stat()
        except OSError:
            continue
        row = by_path.get(str(f))
        if row is not None and row.mtime_ns == st.st_mtime_ns and row.size == st.st_size:
            if claim(row.deck, f):
                seen.add(row.deck)
            continue
        try:
            digest = file_digest(f)
            same = [d for d in known.values() if d.digest == digest and d.origin == origin]
            if same and (row is None or row.digest == digest):
                if claim(same[0].deck, f):
                    store.touch_deck(same[0].deck, str(f), st.st_mtime_ns, st.st_size)
                    seen.add(same[0].deck)
                continue
            from .decks import open_deck  # only for a changed file: starting does not load the parser

            reader = open_deck(f)
            if reader.problems or reader.header is None:
                raise InvalidInput(reader.problems or [Problem(str(f), None, msg.EMPTY_FILE)])
            deck = reader.header
        except (InvalidInput, OSError) as exc:
            if row is not None:
                seen.add(row.deck)  # keep the cards it had; the warning says why it was not updated
            if warnings is not None:
                first = exc.problems[0] if isinstance(exc, InvalidInput) else Problem(str(f), None, str(exc))
                warnings.append(msg.bad_user_deck(str(first)))
            continue
        other = known.get(deck.deck)
        if other is not None and other.origin != origin and other.path != str(f) and Path(other.path).exists():
            continue  # a user deck may not shadow a bundled one (import refuses it)
        if not claim(deck.deck, f):
            continue
        seen.add(deck.deck)
        try:  # the cards are read as they are stored: a bad one stores none of them
            store.save_deck(_row(deck, origin, f, reader.digest), iter_study_cards(deck, checked_cards(reader)))
        except InvalidInput as exc:
            if warnings is not None:
                warnings.append(msg.bad_user_deck(str(exc.problems[0])))
    for gone in set(known) - seen:
        if not Path(known[gone].path).exists():
            store.remove_deck(gone)


def import_decks(store: Store, paths: list[Path], deck_id: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import YAML decks (files or folders), CSV/TSV files and Anki packages into the home.

    All or nothing: every input is read and checked before anything is stored, and any problem
    stops the whole import. Idempotent: each deck is stored as home/decks/<deck>.yaml and its cards
    keep their ids, so importing the same input again changes nothing and an edited input updates
    cards in place, keeping their history.
    """
    from .importers import read_inputs

    if deck_id is not None and not SLUG_RE.match(deck_id):
        raise GenaiCardsError(msg.bad_slug("--deck", deck_id))
    stored = store.decks()
    known = {d.digest: d.deck for d in stored if d.origin == "user"}
    incoming, problems = read_inputs(paths, deck_id, known)
    bundled = {d.deck for d in stored if d.origin == "bundled"}
    for item in incoming:
        if item.deck_id in bundled:
            problems.append(Problem(str(item.source), None, msg.deck_is_bundled(item.deck_id)))
    if problems:
        for item in incoming:  # their cards are checked too, so that every problem is listed at once
            for _ in item.cards():
                pass
            problems.extend(item.problems)
        raise InvalidInput(problems)
    if not incoming:
        raise GenaiCardsError(msg.NOTHING_TO_IMPORT)
    report = ImportReport()
    target_dir = user_decks_dir(store.home)
    files = DeckFiles()
    lines: list[tuple[str, tuple[int, int, int, int] | None]] = []  # each deck's counts, None: once saved
    to_save: list[tuple[DeckRow, Iterable[StudyCard]]] = []

    def check_cards() -> None:  # once every deck's cards were read (and stored): any problem undoes it all
        found = [p for item in incoming for p in item.problems]
        if found:
            raise InvalidInput(found)

    try:
        for item in incoming:
            report.warnings.extend(item.warnings)
            if item.deck is None:  # byte-for-byte the stored deck: nothing to parse or store
                lines.append((item.deck_id, (0, 0, store.active_count(item.deck_id), 0)))
                continue
            cards = iter_study_cards(item.deck, item.cards())
            if dry_run:
                lines.append((item.deck.deck, store.plan_deck(item.deck.deck, cards)))
                continue
            target = target_dir / f"{item.deck.deck}.yaml"
            # every file is written before any is put in place
            if item.stream is None:
                staged = files.stage(target, item.data)
            else:  # its cards are read from the bytes that are stored (the same as were checked)
                held = files.stage_copy(target, item)
                item.stream.open_source = partial(open, held, "rb")
                staged = None if held == target else held
            to_save.append((_row(item.deck, "user", target, item.digest, stat_of=staged), cards))
            lines.append((item.deck.deck, None))
        if dry_run:
            check_cards()

        def commit() -> None:
            check_cards()
            files.commit()

        # one transaction for every deck, the cards read and stored a batch at a time; the files go
        # in place just before it commits
        saved = iter(store.save_decks(to_save, before_commit=commit) if to_save else [])
    except BaseException:
        files.roll_back()
        raise
    files.done()
    for deck_id, counts in lines:
        report.add(deck_id, *(counts if counts is not None else next(saved)))
    if to_save:  # their answers' vocabulary now, not at the next session's first typed card
        from .vocabulary import warm

        warm(store, [row.deck for row, _ in to_save])
    return report


class DeckFiles:
    """Deck files put in the home all together or not at all: each is written to a temporary name
    first (`stage`); `commit` moves the old files aside and the new ones in place; `roll_back` puts
    everything back as it was; `done` drops the old copies."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, target)
        self.placed: list[tuple[Path, Path | None]] = []  # (target, its old file moved aside, if any)
        self.created: list[Path] = []  # folders made for them

    def _folder(self, folder: Path) -> None:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            self.created.append(folder)

    def stage(self, target: Path, data: bytes) -> Path | None:
        """Write `data` for `target` under a temporary name; None if `target` already holds it."""
        try:
            self._folder(target.parent)
            if target.exists() and not target.is_file():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if target.is_file() and target.read_bytes() == data:
                return None
            tmp = target.with_name(target.name + ".tmp")
            self.staged.append((tmp, target))
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise GenaiCardsError(msg.cannot_write(str(target), exc.strerror or str(exc))) from None
        return tmp

    def stage_copy(self, target: Path, item: Incoming) -> Path:
        """As `stage`, for a deck file copied from `item.source` a megabyte at a time; return the file
        that holds its bytes from now on (the copy, or `target` when it holds them already). The
        copy's digest must be the one taken when the file was checked: else it changed meanwhile."""
        import hashlib

        digest = hashlib.sha256()
        try:
            self._folder(target.parent)
            if target.exists() and not target.is_file():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if target.is_file() and target.stat().st_size == item.source.stat().st_size \
                    and file_digest(target) == item.digest:
                return target
            tmp = target.with_name(target.name + ".tmp")
            self.staged.append((tmp, target))
            with open(item.source, "rb") as src, open(tmp, "wb") as fh:
                for block in iter(lambda: src.read(1 << 20), b""):
                    digest.update(block)
                    fh.write(block)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise GenaiCardsError(msg.cannot_write(str(target), exc.strerror or str(exc))) from None
        if digest.hexdigest() != item.digest:
            raise InvalidInput([Problem(str(item.source), None, msg.CHANGED_WHILE_READ)])
        return tmp

    def commit(self) -> None:
        for tmp, target in self.staged:
            try:
                old: Path | None = None
                if target.exists() or target.is_symlink():
                    old = target.with_name(target.name + ".old")
                    os.replace(target, old)
                self.placed.append((target, old))
                os.replace(tmp, target)
            except OSError as exc:
                raise GenaiCardsError(msg.cannot_write(str(target), exc.strerror or str(exc))) from None

    def roll_back(self) -> None:
        for target, old in reversed(self.placed):
            try:
                if old is not None:
                    os.replace(old, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass
        for tmp, _ in self.staged:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:
                pass
        self.staged, self.placed, self.created = [], [], []

    def done(self) -> None:
        for _, old in self.placed:
            if old is not None:
                try:
                    old.unlink(missing_ok=True)
                except OSError:
                    pass


def deck_to_remove(store: Store, deck_id: str) -> DeckRow:
    """The imported deck `deck_id`, or an error saying why it cannot be removed."""
    rows = {d.deck: d for d in store.decks()}
    row = rows.get(deck_id)
    if row is None:
        raise NotFound(msg.unknown_deck(deck_id, sorted(d for d, r in rows.items() if r.origin == "user")))
    if row.origin != "user":
        raise GenaiCardsError(msg.cannot_remove_bundled(deck_id))
    return row


def remove_deck(store: Store, deck_id: str) -> int:
    """Remove an imported deck: its file leaves the home, its cards are retired (history stays in the log).

    Return the number of cards retired. A bundled deck cannot be removed.
    """
    row = deck_to_remove(store, deck_id)
    path = Path(row.path)
    home_decks = user_decks_dir(store.home).resolve()
    parked: Path | None = None
    if path.is_file() and home_decks in path.resolve().parents:
        parked = path.with_name(path.name + ".removing")
        path.replace(parked)
    try:
        retired = store.remove_deck(deck_id)
    except BaseException:
        if parked is not None:
            parked.replace(path)
        raise
    if parked is not None:
        parked.unlink()
    return retired


def export_decks(
    store: Store, fmt: str, output: str, topics: list[str], deck_ids: list[str], stdout: IO[str] | None = None
) -> ExportReport:
    """Write the chosen decks (all by default), or only their cards of some topics, as yaml, csv or apkg."""
    from .decks import load_deck
    from .exporters import write_decks
    from .topics import require_known

    rows = store.decks()
    known = {r.deck for r in rows}
    for d in deck_ids:
        if d not in known:
            raise NotFound(msg.unknown_deck(d, sorted(known)))
    require_known(topics, store.all_topics())
    chosen: list[Deck] = []
    for r in sorted(rows, key=lambda r: (r.order, r.deck)):
        if deck_ids and r.deck not in deck_ids:
            continue
        deck = load_deck(Path(r.path))
        cards = [c for c in deck.cards
                 if not topics or any(topic_matches(t, w) for t in deck.topics + c.topics for w in topics)]
        if cards:
            chosen.append(deck._replace(cards=tuple(cards)))
    if not chosen:
        raise GenaiCardsError(msg.NOTHING_TO_EXPORT)
    try:
        files = write_decks(chosen, fmt, output, stdout)
    except BrokenPipeError:
        raise  # `export -o - | head`: the command line ends quietly
    except OSError as exc:
        raise GenaiCardsError(msg.cannot_write(output, exc.strerror or str(exc))) from None
    return ExportReport([d.deck for d in chosen], sum(len(d.cards) for d in chosen), files)


def validate(paths: list[Path], home: Path) -> tuple[list[Deck], list[Problem]]:
    """Lint decks; without paths, the bundled decks and the home's imported decks."""
    targets = list(paths)
    if not targets:
        targets = [bundled_decks_dir()]
        home_decks = user_decks_dir(home)
        if home_decks.is_dir():
            targets.append(home_decks)
    from .decks import validate_paths

    return validate_paths(targets)
