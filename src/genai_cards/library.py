"""Keeps the store in step with the deck files: bundled decks and the decks imported into the home.

A deck is re-parsed only when its file changed (size or mtime differ, then the content digest is
compared), so starting the program costs a few `stat` calls, not a YAML parse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import messages as msg
from .decks import deck_files, load_deck, read_text, load_deck_text, validate_paths
from .errors import GenaiCardsError, InvalidInput, Problem
from .model import Deck, study_cards, text_in
from .paths import bundled_decks_dir, user_decks_dir
from .store import DeckRow, Store, copy_file_atomically


@dataclass
class ImportReport:
    """What an import did (or would do): counts per outcome and problems."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    decks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "retired": self.retired, "decks": self.decks, "errors": self.errors,
        }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _row(deck: Deck, origin: str, path: Path, data: bytes) -> DeckRow:
    st = path.stat()
    return DeckRow(deck.deck, text_in(deck.title, deck.lang), deck.lang, origin, str(path), st.st_mtime_ns,
                   st.st_size, _digest(data), list(deck.topics), deck.order)


def sync(store: Store, warnings: list[str] | None = None) -> None:
    """Bring bundled and user decks up to date in the store, parsing only changed files."""
    known = {d.deck: d for d in store.decks()}
    by_path = {d.path: d for d in known.values()}
    sources = [(f, "bundled") for f in deck_files([bundled_decks_dir()])]
    user_dir = user_decks_dir(store.home)
    if user_dir.is_dir():
        sources += [(f, "user") for f in deck_files([user_dir])]
    for f, origin in sources:
        try:
            st = f.stat()
        except OSError:
            continue
        row = by_path.get(str(f))
        if row is not None and row.mtime_ns == st.st_mtime_ns and row.size == st.st_size:
            continue
        try:
            data = f.read_bytes()
            digest = _digest(data)
            same = [d for d in known.values() if d.digest == digest and d.origin == origin]
            if same and (row is None or row.digest == digest):
                store.touch_deck(same[0].deck, str(f), st.st_mtime_ns, st.st_size)
                continue
            deck = load_deck_text(read_text(f), str(f))
        except (InvalidInput, OSError) as exc:
            if warnings is not None:
                first = exc.problems[0] if isinstance(exc, InvalidInput) else Problem(str(f), None, str(exc))
                warnings.append(msg.bad_user_deck(str(first)))
            continue
        other = known.get(deck.deck)
        if other is not None and other.origin != origin and other.path != str(f) and Path(other.path).exists():
            continue  # a user deck may not shadow a bundled one (import refuses it)
        store.save_deck(_row(deck, origin, f, data), study_cards(deck))


def import_decks(store: Store, paths: list[Path], deck_id: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import YAML decks (files or folders) into the home: all or nothing, idempotent."""
    files = deck_files(paths)
    problems: list[Problem] = []
    for p in paths:
        if not p.exists():
            problems.append(Problem(str(p), None, msg.NO_SUCH_FILE))
        elif p.is_file() and p.suffix.lower() not in (".yaml", ".yml"):
            problems.append(Problem(str(p), None, msg.unsupported_import(str(p)).split(": ", 1)[1]))
    decks, more = validate_paths([f for f in files if f.exists() and f.suffix.lower() in (".yaml", ".yml")])
    problems += more
    bundled = {d.deck for d in store.decks() if d.origin == "bundled"}
    if deck_id is not None:
        decks = [Deck(deck_id, d.title, d.lang, d.topics, d.source, tuple(_rename(c, deck_id) for c in d.cards), d.path)
                 for d in decks]
    for d in decks:
        if d.deck in bundled:
            problems.append(Problem(d.path, None, msg.deck_is_bundled(d.deck)))
    if problems:
        raise InvalidInput(problems)
    if not decks:
        raise GenaiCardsError(msg.NOTHING_TO_IMPORT)
    report = ImportReport()
    target_dir = user_decks_dir(store.home)
    for d in decks:
        report.decks.append(d.deck)
        cards = study_cards(d)
        added, updated, unchanged, retired = store.plan_deck(d.deck, cards)
        if not dry_run:
            target_dir.mkdir(parents=True, exist_ok=True)
            target = target_dir / f"{d.deck}.yaml"
            src = Path(d.path)
            if deck_id is not None:
                _write_renamed(src, target, deck_id)
            elif src.resolve() != target.resolve():
                copy_file_atomically(src, target)
            data = target.read_bytes()
            store.save_deck(_row(d, "user", target, data), cards)
        report.added += added
        report.updated += updated
        report.unchanged += unchanged
        report.retired += retired
    return report


def _rename(card: object, deck_id: str) -> object:
    from dataclasses import replace

    return replace(card, deck=deck_id)  # type: ignore[type-var]


def _write_renamed(src: Path, target: Path, deck_id: str) -> None:
    """Copy a deck file, changing its `deck:` line to the id given with --deck."""
    import re

    text = read_text(src)
    text = re.sub(r"(?m)^deck:\s*.*$", f"deck: {deck_id}", text, count=1)
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    load_deck(tmp)  # still valid
    tmp.replace(target)


def validate(paths: list[Path]) -> tuple[list[Deck], list[Problem]]:
    """Lint decks; the default is the bundled decks and the home's imported decks."""
    return validate_paths(paths)
