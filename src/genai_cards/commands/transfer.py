"""`import` and `export`: decks in and out (YAML, CSV/TSV, Anki packages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import messages as msg
from ..errors import InvalidInput
from .base import JsonOpt, TopicOpt, opened, streams, usage_error


def import_(
    paths: Annotated[list[Path], typer.Argument(help="YAML deck files or folders, CSV/TSV files, Anki packages "
                                                "(.apkg). Example: my-deck.yaml cards.csv shared.apkg")],
    deck: Annotated[Optional[str], typer.Option(help="Deck id for the cards (default: the YAML deck's id, or the "
                                                "file name for CSV and Anki). Example: --deck meu-deck")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added, updated, unchanged and "
                                          "retired; store nothing. Example: --dry-run")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import decks into the home; all or nothing, and importing again changes nothing.

    YAML decks as they are. CSV/TSV need a header row: front,back[,tags][,id]; tags are space-separated
    and become topics; a card's identity is its id column, else its front text. Anki packages (.apkg,
    old and current formats): Basic-like notes become basic cards, Cloze notes cloze cards; HTML
    becomes text; media is skipped. Every input is checked first: one bad file imports nothing, and
    every problem is listed as path:line: message. An edited file updates cards in place, keeping
    their history; cards no longer in it are retired.

    Example: genai-cards import notes.csv --deck minhas-notas --dry-run
    """
    from ..library import import_decks

    out = streams()
    with opened() as store:
        try:
            report = import_decks(store, paths, deck, dry_run)
        except InvalidInput as exc:
            if as_json:
                out.json({"added": 0, "updated": 0, "unchanged": 0, "retired": 0, "decks": [],
                          "errors": [str(p) for p in exc.problems], "warnings": []})
            raise
    for warning in report.warnings:
        out.echo(warning, err=True)
    if as_json:
        out.json(report.as_dict())
        return
    if len(report.per_deck) > 1:
        for d in report.per_deck:
            out.echo(msg.deck_import_line(**d))
    out.echo(msg.import_summary(report.added, report.updated, report.unchanged, report.retired, dry_run))


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml, csv or apkg. Example: --format apkg")],
    output: Annotated[str, typer.Option("-o", "--output", help="File to write. yaml with several decks: a folder, "
                                        "one <deck>.yaml each. '-' writes yaml (one deck) or csv to stdout. "
                                        "Example: -o bedrock.apkg")],
    topic: TopicOpt = None,
    deck: Annotated[Optional[list[str]], typer.Option("--deck", "-d", metavar="DECK", help="Only this deck; repeatable "
                                                      "(default: every deck). Example: --deck rag")] = None,
) -> None:
    """Export cards for sharing or for Anki.

    yaml: deck files that import back as the same cards (ids, fields, topics, sources,
    explanations). csv: front,back,tags,id, with exam formats written out readably. apkg: an Anki
    package; basic, reversed, cloze and typed cards become the matching Anki notes, exam formats
    Basic notes; topics become tags; re-exporting updates the notes in Anki instead of duplicating
    them.

    Example: genai-cards export --format apkg --topic bedrock -o bedrock.apkg
    """
    from ..exporters import DECK_FORMATS
    from ..library import export_decks

    if fmt not in DECK_FORMATS:
        raise usage_error(msg.unknown_format(fmt, DECK_FORMATS))
    with opened() as store:
        report = export_decks(store, fmt, output, topic or [], deck or [], streams().stdout)
    if output != "-":
        streams().echo(msg.exported_decks(len(report.decks), report.notes, report.files))
