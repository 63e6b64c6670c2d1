"""`log export`: the review history."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import messages as msg
from ..errors import GenaiCardsError
from .base import opened, streams, usage_error

app = typer.Typer(help="The review history. Example: genai-cards log export --format csv -o log.csv",
                  no_args_is_help=True)


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, or fsrs (the FSRS optimizer's columns). "
                                     "Example: --format fsrs")] = "csv",
    output: Annotated[str, typer.Option("-o", "--output", help="File to write ('-' for stdout). "
                                        "Example: -o log.csv")] = "-",
) -> None:
    """Export every answer, oldest first.

    csv and jsonl: every column of the log (times in ISO 8601 UTC). fsrs: a CSV with the columns the
    FSRS optimizer tools expect: card_id, review_time (Unix ms), review_rating (1-4), review_state
    (before the answer: 0 new, 1 learning, 2 review, 3 relearning), review_duration (ms). There
    card_id must be an integer, so each card key (deck/card, deck/card:c2, ...) is mapped to a stable
    48-bit integer (a hash of the key; the same id the scheduler gives the card).

    Example: genai-cards log export --format fsrs -o revlog.csv
    """
    from ..exporters import LOG_FORMATS, export_log

    if fmt not in LOG_FORMATS:
        raise usage_error(msg.unknown_format(fmt, LOG_FORMATS))
    with opened(sync=False) as store:
        try:
            n = export_log(store, fmt, output, streams().stdout)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise GenaiCardsError(msg.cannot_write(output, exc.strerror or str(exc))) from None
    if output != "-":
        streams().echo(msg.exported(n, output))
