"""Writing things out: decks as YAML, CSV or an Anki package, and the review log."""

from __future__ import annotations

from typing import IO

from ..model import Deck, fsrs_card_id
from .log import FSRS_COLUMNS, LOG_COLUMNS, LOG_FORMATS, export_log, log_records

DECK_FORMATS = ["yaml", "csv", "apkg"]

__all__ = ["DECK_FORMATS", "FSRS_COLUMNS", "LOG_COLUMNS", "LOG_FORMATS", "export_log", "fsrs_card_id",
           "log_records", "write_decks"]


def write_decks(decks: list[Deck], fmt: str, output: str, stdout: IO[str] | None = None) -> list[str]:
    """Write decks in one of DECK_FORMATS; return the files written ('-' for stdout)."""
    if fmt == "yaml":
        from .yamldeck import write_yaml

        return write_yaml(decks, output, stdout)
    if fmt == "csv":
        from .csvfile import write_csv

        return write_csv(decks, output, stdout)
    from .apkg import write_apkg

    return write_apkg(decks, output)
